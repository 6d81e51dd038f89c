"""Configuration of the `structure-reports` stage: backend, prompt, JSON schema, retries, guards."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.configs.pseudo_label import OpenAIOptions, TransformersOptions, VllmOptions


class StructureReportsConfig(BaseModel):
    """Pseudonymised reports -> structured reports (title, observations, conclusion, findings) by a local LLM."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["offline", "transformers", "openai", "vllm"] = Field(
        "offline",
        description="'offline' (rule-based structurer from the report's own sentences: demo/tests), "
        "'transformers' (local model), 'openai' (OpenAI-compatible server inside the hospital), 'vllm' ([llm] extra).",
    )
    model: str = Field("", description="Model for LLM backends (local folder, HF-cache name or served name).")
    prompt: str = Field(
        "structure_report", description="Built-in prompt name or path of a YAML prompt file (French, editable)."
    )
    tasks: list[str] = Field(
        default_factory=lambda: ["fracture", "displacement", "implant"],
        min_length=1,
        description="Findings the structured report must state (pseudo-label task names or YAML task files); "
        "each is checked against the study's kept pseudo-label votes for that task.",
    )
    guided: bool = Field(True, description="Constrain generation to the JSON schema where the backend can.")
    max_observations: int = Field(12, ge=1, le=50, description="Most observation sentences a report may have.")
    sentence_chars: int = Field(
        300, ge=8, le=2000, description="Longest title, observation or conclusion (characters); bounds the output."
    )
    temperature: float = Field(0.3, gt=0, description="Sampling temperature.")
    top_p: float = Field(0.95, gt=0, le=1, description="Nucleus sampling mass.")
    max_new_tokens: int = Field(768, ge=16, description="Token budget of one structured report.")
    max_attempts: int = Field(3, ge=1, le=10, description="Tries per report before it is rejected (new seed each).")
    max_report_chars: int = Field(8000, ge=200, description="Longer report texts are cut (counted in stats).")
    batch_size: int = Field(16, ge=1, description="Reports handed to the backend at once within a shard.")
    shard_size: int | None = Field(None, ge=1, description="Studies per shard; None uses run.shard_size.")
    transformers: TransformersOptions = Field(default_factory=TransformersOptions)
    openai: OpenAIOptions = Field(default_factory=OpenAIOptions)
    vllm: VllmOptions = Field(default_factory=VllmOptions)
