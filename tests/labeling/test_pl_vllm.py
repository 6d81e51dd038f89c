"""`vllm` backend: request building tested at the engine boundary with a fake `vllm` module."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field

import pytest

from pipeline.configs.pseudo_label import PseudoLabelConfig
from pipeline.labeling.backends import (
    BackendConfigError,
    ReportInput,
    SamplingSpec,
    build_backend,
    clear_backends,
)
from pipeline.labeling.backends.vllm_engine import VllmBackend
from pipeline.labeling.tasks import load_task
from pipeline.llm import vllm_engine as llm_vllm


class Params:
    def __init__(self, **kwargs):
        self.kwargs = kwargs


@dataclass
class Completion:
    text: str
    token_ids: list[int] = field(default_factory=lambda: [7, 2])


@dataclass
class RequestOutput:
    outputs: list[Completion]


class FakeLLM:
    """Records the engine arguments and each chat() call; answers the first allowed choice n times."""

    instances: list[FakeLLM] = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.calls: list[dict] = []
        FakeLLM.instances.append(self)

    def chat(self, messages, sampling_params=None, use_tqdm=True):
        self.calls.append({"messages": messages, "params": sampling_params, "use_tqdm": use_tqdm})
        outs = []
        for p in sampling_params:
            constraint = p.kwargs.get("structured_outputs") or p.kwargs.get("guided_decoding")
            outs.append(RequestOutput([Completion(constraint.kwargs["choice"][0]) for _ in range(p.kwargs["n"])]))
        return outs


@pytest.fixture()
def fake_vllm(monkeypatch, request):
    old_api = getattr(request, "param", False)
    vllm = types.ModuleType("vllm")
    sampling = types.ModuleType("vllm.sampling_params")
    vllm.LLM, vllm.SamplingParams = FakeLLM, Params
    if old_api:
        sampling.GuidedDecodingParams = Params
    else:
        sampling.StructuredOutputsParams = Params
    monkeypatch.setitem(sys.modules, "vllm", vllm)
    monkeypatch.setitem(sys.modules, "vllm.sampling_params", sampling)
    FakeLLM.instances.clear()
    yield vllm
    clear_backends()


def test_engine_arguments_from_config(fake_vllm):
    cfg = PseudoLabelConfig(backend="vllm", model="/models/llama-3-70b-instruct-gptq",
                            vllm={"tensor_parallel_size": 4, "quantization": "gptq", "max_model_len": 4096})
    backend = build_backend(cfg, seed=11)
    assert isinstance(backend.backend, llm_vllm.VllmBackend)  # the shared engine behind the labeling layer
    assert backend.model == "/models/llama-3-70b-instruct-gptq"
    kwargs = FakeLLM.instances[0].kwargs
    assert kwargs["model"] == "/models/llama-3-70b-instruct-gptq"
    assert (kwargs["tensor_parallel_size"], kwargs["quantization"], kwargs["max_model_len"]) == (4, "gptq", 4096)
    assert kwargs["seed"] == 11 and kwargs["enable_prefix_caching"] is True
    assert build_backend(cfg, seed=11).backend is backend.backend  # one engine per process


def test_sampling_params_and_chat_request(fake_vllm):
    backend = VllmBackend("m", engine=FakeLLM())
    task = load_task("fracture")
    reports = [ReportInput("s1", "Fracture du radius."), ReportInput("s2", "Pas de fracture.")]
    out = backend.sample(task, reports, SamplingSpec(k=3, temperature=0.8, top_p=0.95, seed=4, max_new_tokens=5))
    call = backend.engine.calls[0]
    assert call["use_tqdm"] is False
    assert call["messages"] == [task.messages("Fracture du radius."), task.messages("Pas de fracture.")]
    p1, p2 = (p.kwargs for p in call["params"])
    assert (p1["n"], p1["temperature"], p1["top_p"], p1["max_tokens"]) == (3, 0.8, 0.95, 5)
    assert p1["structured_outputs"].kwargs == {"choice": ["0", "1"]}
    assert p1["seed"] != p2["seed"]  # per-report seeds: samples do not depend on batching
    assert [s.votes for s in out] == [["0", "0", "0"], ["0", "0", "0"]]
    assert out[0].generated_tokens == 6


@pytest.mark.parametrize("fake_vllm", [True], indirect=True)
def test_older_vllm_uses_guided_decoding(fake_vllm):
    backend = VllmBackend("m", engine=FakeLLM())
    backend.sample(load_task("implant"), [ReportInput("s", "Vis.")], SamplingSpec(k=2))
    params = backend.engine.calls[0]["params"][0].kwargs
    assert "structured_outputs" not in params and params["guided_decoding"].kwargs == {"choice": ["oui", "non",
                                                                                                  "inconnu"]}


def test_free_output_has_no_constraint(fake_vllm):
    backend = VllmBackend("m", engine=FakeLLM())
    (request,) = backend.requests(load_task("fracture"), [ReportInput("s", "x")])
    params = backend.sampling_params(request, SamplingSpec(restrict=False))
    assert "structured_outputs" not in params.kwargs and params.kwargs["n"] == 3


def test_missing_vllm_is_a_readable_config_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "vllm", None)
    with pytest.raises(BackendConfigError, match=r"\[llm\] extra"):
        build_backend(PseudoLabelConfig(backend="vllm", model="m"))
    with pytest.raises(BackendConfigError, match="model is required"):
        build_backend(PseudoLabelConfig(backend="transformers"))
