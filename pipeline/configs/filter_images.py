"""Configuration of the `filter-images` stage (owned by the stage's module)."""

from pydantic import BaseModel, ConfigDict


class FilterImagesConfig(BaseModel):
    """Options of the `filter-images` stage; the stage module documents each field."""

    model_config = ConfigDict(extra="forbid")
