"""Configuration of the `evaluate` stage (owned by the stage's module)."""

from pydantic import BaseModel, ConfigDict


class EvaluateConfig(BaseModel):
    """Options of the `evaluate` stage; the stage module documents each field."""

    model_config = ConfigDict(extra="forbid")
