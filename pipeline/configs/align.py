"""Configuration of the `align` stage (owned by the stage's module)."""

from pydantic import BaseModel, ConfigDict


class AlignConfig(BaseModel):
    """Options of the `align` stage; the stage module documents each field."""

    model_config = ConfigDict(extra="forbid")
