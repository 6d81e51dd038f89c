"""Configuration of the `pretrain` stage (owned by the stage's module)."""

from pydantic import BaseModel, ConfigDict


class PretrainConfig(BaseModel):
    """Options of the `pretrain` stage; the stage module documents each field."""

    model_config = ConfigDict(extra="forbid")
