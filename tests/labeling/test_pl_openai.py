"""`openai` backend against a real local HTTP server speaking the chat API; hosts outside the allow-list refused."""

from __future__ import annotations

import httpx
import pytest
from pl_testkit import ChatStub

from pipeline.labeling.backends import ReportInput, SamplingSpec
from pipeline.labeling.backends.openai_api import HostNotAllowed, OpenAIBackend, check_host
from pipeline.labeling.tasks import load_task

REPORTS = [ReportInput("s1", "Fracture du radius distal."), ReportInput("s2", "Pas de fracture.")]


def _rule_answer(body: dict, i: int) -> str:
    text = body["messages"][1]["content"]
    return "0" if "Pas de fracture" in text else "1"


def test_k_samples_in_one_request_with_structured_choice(monkeypatch):
    monkeypatch.setenv("PL_TEST_KEY", "secret-token")
    with ChatStub(_rule_answer) as server:
        backend = OpenAIBackend(server.base_url, "llama-3-70b-gptq", api_key_env="PL_TEST_KEY")
        out = backend.sample(load_task("fracture"), REPORTS, SamplingSpec(k=3, temperature=0.8, top_p=0.95, seed=5))
        backend.close()
    assert [s.votes for s in out] == [["1", "1", "1"], ["0", "0", "0"]]
    assert len(server.requests) == 2
    for body in server.requests:
        assert body["path"] == "/v1/chat/completions" and body["auth"] == "Bearer secret-token"
        assert body["model"] == "llama-3-70b-gptq"
        assert (body["n"], body["temperature"], body["top_p"]) == (3, 0.8, 0.95)
        assert body["structured_outputs"] == {"choice": ["0", "1"]}
        assert [m["role"] for m in body["messages"]] == ["system", "user"]
        assert isinstance(body["seed"], int)
    assert out[0].generated_tokens == 6


def test_malformed_answers_abstain_and_ignored_n_is_completed():
    def answer(body: dict, i: int) -> str:
        return "peut-être" if body["seed"] % 2 == 0 else "Réponse : 1"

    with ChatStub(answer, honour_n=False) as server:
        backend = OpenAIBackend(server.base_url, "m", choice_param="guided_choice")
        out = backend.sample(load_task("fracture"), REPORTS[:1], SamplingSpec(k=3, seed=0))
    assert len(server.requests) == 3  # one choice per reply: asked again for the missing samples
    assert [b["n"] for b in server.requests] == [3, 2, 1]
    assert all(b["guided_choice"] == ["0", "1"] and "structured_outputs" not in b for b in server.requests)
    samples = out[0]
    assert len(samples.votes) == 3 and samples.malformed == samples.votes.count(None) >= 1


def test_server_error_is_a_per_report_error_not_a_crash():
    with ChatStub(lambda body, i: None if "Pas de" in body["messages"][1]["content"] else "1") as server:
        backend = OpenAIBackend(server.base_url, "m")
        out = backend.sample(load_task("fracture"), REPORTS, SamplingSpec(k=2))
    assert out[0].votes == ["1", "1"] and out[0].error is None
    assert out[1].error is not None and "500" in out[1].error


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/v1", "http://localhost/v1", "http://10.2.3.4:8000/v1",
                                 "http://192.168.1.20/v1", "https://[::1]:9000/v1", "http://172.16.0.9/v1"])
def test_loopback_and_private_hosts_are_allowed(url):
    assert check_host(url)


@pytest.mark.parametrize("url", ["http://8.8.8.8/v1", "https://api.openai.com/v1", "http://llm.example.org/v1",
                                 "ftp://127.0.0.1/v1", "http:///v1"])
def test_other_hosts_are_refused_before_any_connection(url):
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(200, json={}))
    with pytest.raises(HostNotAllowed):
        OpenAIBackend(url, "m", transport=transport)
    assert sent == []


def test_allow_list_by_name_and_network_and_private_switch():
    assert check_host("http://llm.hopital.local:8000/v1", ["llm.hopital.local"]) == "llm.hopital.local"
    assert check_host("http://193.50.1.7/v1", ["193.50.0.0/16"]) == "193.50.1.7"
    with pytest.raises(HostNotAllowed):
        check_host("http://127.0.0.1/v1", allow_private=False)
