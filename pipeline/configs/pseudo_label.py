"""Configuration of the `pseudo-label` stage (owned by the stage's module)."""

from pydantic import BaseModel, ConfigDict


class PseudoLabelConfig(BaseModel):
    """Options of the `pseudo-label` stage; the stage module documents each field."""

    model_config = ConfigDict(extra="forbid")
