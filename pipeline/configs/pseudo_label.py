"""Configuration of the `pseudo-label` stage: backend, tasks, sampling-and-voting, dataset split."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TransformersOptions(BaseModel):
    """Options of the `transformers` backend (a local causal LM)."""

    model_config = ConfigDict(extra="forbid")

    device: str = Field("auto", description="'auto' (cuda if available), 'cpu', 'cuda', 'cuda:1'...")
    dtype: str = Field("auto", description="'auto', 'float32', 'bfloat16' or 'float16'.")
    batch_size: int = Field(8, ge=1, description="Reports per generate call (each expanded to k samples).")
    samples_in_one_request: bool = Field(
        True,
        description="Draw the k samples with num_return_sequences=k in one call; false makes k separate calls "
        "(the naive way, kept for benchmarks).",
    )


class OpenAIOptions(BaseModel):
    """Options of the `openai` backend (an OpenAI-compatible server inside the hospital, e.g. `vllm serve`)."""

    model_config = ConfigDict(extra="forbid")

    base_url: str = Field("http://127.0.0.1:8000/v1", description="Endpoint root; /chat/completions is appended.")
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Extra host names or networks (CIDR) allowed to receive reports; loopback and private "
        "addresses are allowed by default. Any other host is refused before a connection is made.",
    )
    allow_private: bool = Field(True, description="Allow loopback/private IP addresses and 'localhost'.")
    api_key_env: str | None = Field(
        None, description="Name of the environment variable holding the API key (never the key itself)."
    )
    choice_param: Literal["structured_outputs", "guided_choice", "none"] = Field(
        "structured_outputs",
        description="How the allowed answers are sent: vLLM >= 0.12 'structured_outputs', older 'guided_choice', "
        "or 'none' for servers without structured output (answers are then parsed from free text).",
    )
    timeout_s: float = Field(120.0, gt=0, description="Per-request timeout in seconds.")
    concurrency: int = Field(8, ge=1, description="Requests in flight at once (the server batches them).")


class VllmOptions(BaseModel):
    """Options of the `vllm` backend (offline engine on local GPUs)."""

    model_config = ConfigDict(extra="forbid")

    tensor_parallel_size: int = Field(1, ge=1, description="GPUs one model is split over (e.g. 2-4 for 70B).")
    quantization: str | None = Field(
        None, description="Quantization of the checkpoint ('gptq', 'awq', ...); None reads it from the model."
    )
    dtype: str = Field("auto", description="Activation dtype passed to vllm.LLM.")
    gpu_memory_utilization: float = Field(0.9, gt=0, le=1, description="Share of GPU memory vLLM may take.")
    max_model_len: int | None = Field(None, ge=256, description="Context length cap (None: the model's own).")


class PseudoLabelConfig(BaseModel):
    """Pseudo-labels from the reports by sampling-and-voting, then one study per patient and the split."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["rules", "transformers", "openai", "vllm"] = Field(
        "rules",
        description="'rules' (French negation-aware keywords, offline default), 'transformers' (local model), "
        "'openai' (OpenAI-compatible server inside the hospital), 'vllm' (offline engine, [llm] extra).",
    )
    model: str = Field(
        "",
        description="Model for LLM backends: local folder or HF-cache name (transformers/vllm), served model "
        "name (openai). Recorded with every label.",
    )
    tasks: list[str] = Field(
        default_factory=lambda: ["fracture"],
        min_length=1,
        description="Tasks: built-in names (fracture, displacement, consolidation, implant, "
        "osteotomy_arthrodesis) or paths of YAML task files (prompt, answers, rules; absolute or relative "
        "to the working directory).",
    )
    primary_task: str | None = Field(
        None, description="Task whose kept label selects the studies of `labels` (default: the first task)."
    )
    k: int = Field(3, ge=1, le=64, description="Samples per report (the reference: 3).")
    temperature: float = Field(0.8, gt=0, description="Sampling temperature (the reference: 0.8).")
    top_p: float = Field(0.95, gt=0, le=1, description="Nucleus sampling mass (the reference: 0.95).")
    max_new_tokens: int = Field(8, ge=1, description="Token budget of one answer when output is not restricted.")
    restrict_output: bool = Field(
        True, description="Restrict generation to the task's answers (constrained decoding / structured choice)."
    )
    min_agreement: float = Field(
        1.0, gt=0, le=1, description="Share of the k samples that must give the label to keep it (1.0: unanimous)."
    )
    max_report_chars: int = Field(
        8000, ge=200, description="Longer report texts are cut to this many characters (counted in stats)."
    )
    batch_size: int = Field(64, ge=1, description="Reports handed to the backend at once within a shard.")
    shard_size: int | None = Field(
        None, ge=1, description="(study, task) items per shard; None uses run.shard_size. Larger suits vLLM."
    )
    test_size: int = Field(256, ge=0, description="Patients in the test split (the reference: 256).")
    val_size: int = Field(128, ge=0, description="Patients in the validation split.")
    transformers: TransformersOptions = Field(default_factory=TransformersOptions)
    openai: OpenAIOptions = Field(default_factory=OpenAIOptions)
    vllm: VllmOptions = Field(default_factory=VllmOptions)
