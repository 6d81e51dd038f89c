"""Configuration of the `extract-reports` stage (owned by the stage's module)."""

from pydantic import BaseModel, ConfigDict


class ExtractReportsConfig(BaseModel):
    """Options of the `extract-reports` stage; the stage module documents each field."""

    model_config = ConfigDict(extra="forbid")
