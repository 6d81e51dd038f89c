"""Configuration of the `pseudonymize` stage (owned by the stage's module)."""

from pydantic import BaseModel, ConfigDict


class PseudonymizeConfig(BaseModel):
    """Options of the `pseudonymize` stage; the stage module documents each field."""

    model_config = ConfigDict(extra="forbid")
