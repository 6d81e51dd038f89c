"""Configuration of the `resize` stage (owned by the stage's module)."""

from pydantic import BaseModel, ConfigDict


class ResizeConfig(BaseModel):
    """Options of the `resize` stage; the stage module documents each field."""

    model_config = ConfigDict(extra="forbid")
