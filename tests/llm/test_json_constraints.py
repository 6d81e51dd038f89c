"""The JSON-schema constraint as each backend sends it (vLLM guided_json, OpenAI-compatible servers), and the
offline backend's contract."""

from __future__ import annotations

import json
import sys
import types

import pytest

from pipeline.llm.base import ChatRequest, JsonSchema, SamplingSpec
from pipeline.llm.offline import OfflineBackend
from pipeline.llm.openai_api import OpenAIBackend
from pipeline.llm.vllm_engine import VllmBackend
from pipeline.vlm.schema import json_schema

SCHEMA = json_schema(("fracture",))
REQUEST = ChatRequest(key="s1", messages=({"role": "user", "content": "x"},), constraint=JsonSchema.of(SCHEMA),
                      purpose="structure_report#0")


class Params:
    def __init__(self, **kwargs):
        self.kwargs = kwargs


class Engine:
    def __init__(self):
        self.params = []

    def chat(self, messages, sampling_params=None, use_tqdm=True):
        self.params += sampling_params
        out = types.SimpleNamespace(text='{"a": 1}', token_ids=[1, 2, 3])
        return [types.SimpleNamespace(outputs=[out]) for _ in messages]


@pytest.mark.parametrize("old_api", [False, True])
def test_vllm_sends_the_schema_as_guided_json(monkeypatch, old_api):
    vllm = types.ModuleType("vllm")
    sampling = types.ModuleType("vllm.sampling_params")
    vllm.SamplingParams = Params
    setattr(sampling, "GuidedDecodingParams" if old_api else "StructuredOutputsParams", Params)
    monkeypatch.setitem(sys.modules, "vllm", vllm)
    monkeypatch.setitem(sys.modules, "vllm.sampling_params", sampling)
    backend = VllmBackend("m", engine=Engine())
    (result,) = backend.chat([REQUEST], SamplingSpec(k=1, max_new_tokens=512))
    params = backend.engine.params[0].kwargs
    key = "guided_decoding" if old_api else "structured_outputs"
    assert params[key].kwargs == {"json": SCHEMA} and params["max_tokens"] == 512
    assert result.texts == ['{"a": 1}'] and result.tokens == 3
    free = backend.sampling_params(REQUEST, SamplingSpec(k=1, restrict=False)).kwargs
    assert key not in free


@pytest.mark.parametrize(("param", "key"), [("structured_outputs", "structured_outputs"),
                                            ("guided_choice", "guided_json"), ("none", "response_format")])
def test_openai_body_carries_the_schema(param, key):
    backend = OpenAIBackend("http://127.0.0.1:9/v1", "m", choice_param=param)
    body = backend.request_body(REQUEST, SamplingSpec(k=1), 1, 0)
    backend.close()
    sent = json.dumps(body[key])
    assert '"required": ["title", "observations", "conclusion", "findings"]' in sent
    assert body["messages"] == [{"role": "user", "content": "x"}]


def test_offline_backend_answers_with_the_callers_function_once():
    request = ChatRequest(key="s", messages=(), purpose="p", source="Fracture.", offline=lambda t: t.upper())
    out = OfflineBackend().chat([request, ChatRequest(key="t", messages=())], SamplingSpec(k=3))
    assert out[0].texts == ["FRACTURE."]  # once, not k times: a deterministic answer repeated fakes agreement
    assert isinstance(out[1], ValueError)
