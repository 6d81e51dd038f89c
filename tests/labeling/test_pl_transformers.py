"""`transformers` backend on a tiny random Llama: k samples per report in one generate call, restricted output."""

from __future__ import annotations

import pytest
from pl_testkit import SHORT_REPORTS, tiny_chat_lm

from pipeline.labeling.backends import ReportInput, SamplingSpec
from pipeline.labeling.backends.hf import AnswerTrie, TransformersBackend, chat_prompt
from pipeline.labeling.tasks import load_task

REPORTS = [ReportInput(f"s{i}", text) for i, (text, _) in enumerate(SHORT_REPORTS[:4])]


class GenerateSpy:
    """Wraps model.generate to record each call's sampling arguments and output shape."""

    def __init__(self, model):
        self.model = model
        self.real = model.generate
        self.calls: list[dict] = []

    def __call__(self, **kwargs):
        out = self.real(**kwargs)
        self.calls.append({**{k: v for k, v in kwargs.items() if k not in ("input_ids", "attention_mask")},
                           "batch": kwargs["input_ids"].shape[0], "rows_out": out.shape[0]})
        return out


@pytest.fixture()
def spied():
    model, tokenizer = tiny_chat_lm()
    spy = GenerateSpy(model)
    model.generate = spy
    yield model, tokenizer, spy
    del model.generate


def test_k_samples_in_one_generate_call_with_the_sampling_parameters(spied):
    model, tokenizer, spy = spied
    backend = TransformersBackend(model, tokenizer, "tiny-llama", batch_size=4)
    out = backend.sample(load_task("fracture"), REPORTS, SamplingSpec(k=3, temperature=0.8, top_p=0.95, seed=1))
    assert len(spy.calls) == 1
    call = spy.calls[0]
    assert call["num_return_sequences"] == 3 and call["do_sample"] is True
    assert call["temperature"] == 0.8 and call["top_p"] == 0.95
    assert call["batch"] == 4 and call["rows_out"] == 12
    assert callable(call["prefix_allowed_tokens_fn"])
    for samples in out:
        assert len(samples.votes) == 3 and set(samples.votes) <= {"0", "1"} and samples.malformed == 0
        assert samples.generated_tokens == 3 * 2  # one answer token + EOS per sample
    again = backend.sample(load_task("fracture"), REPORTS, SamplingSpec(k=3, seed=1))
    assert [s.votes for s in again] == [s.votes for s in out]  # seeded


def test_prompt_prefill_is_shared_by_the_k_samples_and_changes_nothing(spied):
    model, tokenizer, _ = spied
    task = load_task("displacement")
    spec = SamplingSpec(k=3, temperature=1.5, seed=4)
    shapes: list[tuple[int, int]] = []
    hook = model.register_forward_pre_hook(lambda _m, _a, kw: shapes.append(tuple(kw["input_ids"].shape)),
                                           with_kwargs=True)
    try:
        shared = TransformersBackend(model, tokenizer, "tiny", batch_size=4).sample(task, REPORTS, spec)
    finally:
        hook.remove()
    assert shapes[0][0] == 4 and shapes[0][1] > 20  # the prompts, once: 4 rows, not 4 * k
    assert all(s == (12, 1) for s in shapes[1:])  # then one token per step for the 4 * k samples
    plain = TransformersBackend(model, tokenizer, "tiny", batch_size=4, share_prefill=False).sample(task, REPORTS, spec)
    assert [s.votes for s in shared] == [s.votes for s in plain]


def test_temperature_really_changes_the_samples(spied):
    model, tokenizer, _ = spied
    backend = TransformersBackend(model, tokenizer, "tiny-llama", batch_size=4)
    task = load_task("fracture")
    cold = backend.sample(task, REPORTS, SamplingSpec(k=12, temperature=0.01, top_p=1.0, seed=2))
    assert all(len(set(s.votes)) == 1 for s in cold)  # near-greedy: every sample agrees
    hot = backend.sample(task, REPORTS, SamplingSpec(k=12, temperature=50.0, top_p=1.0, seed=2))
    assert any(len(set(s.votes)) == 2 for s in hot)  # near-uniform over the two answers


def test_multi_token_answers_are_restricted(spied):
    model, tokenizer, _ = spied
    backend = TransformersBackend(model, tokenizer, "tiny-llama")
    task = load_task("displacement")
    out = backend.sample(task, REPORTS[:2], SamplingSpec(k=5, temperature=2.0, seed=3))
    assert all(v in task.answers for s in out for v in s.votes)


def test_naive_mode_makes_k_free_form_calls(spied):
    model, tokenizer, spy = spied
    backend = TransformersBackend(model, tokenizer, "tiny-llama", batch_size=2, samples_in_one_request=False)
    out = backend.sample(load_task("fracture"), REPORTS[:2], SamplingSpec(k=3, restrict=False, max_new_tokens=6))
    assert len(spy.calls) == 3
    assert all(c["num_return_sequences"] == 1 and "prefix_allowed_tokens_fn" not in c for c in spy.calls)
    for samples in out:
        assert len(samples.votes) == 3 and samples.malformed == sum(v is None for v in samples.votes)
        assert 3 <= samples.generated_tokens <= 18


def test_chat_template_and_trie(spied):
    _, tokenizer, _ = spied
    prompt = chat_prompt(tokenizer, load_task("fracture").messages("Fracture du radius."))
    assert prompt.startswith("<|system|>") and prompt.endswith("<|assistant|>\n") and "Fracture du radius." in prompt
    trie = AnswerTrie([[5, 6], [5, 7], [8]], eos_token_id=1)
    assert sorted(trie.allowed([])) == [5, 8]
    assert sorted(trie.allowed([5])) == [6, 7]
    assert trie.allowed([5, 6]) == [1] and trie.allowed([9]) == [1]


def test_loads_a_saved_model_offline(tmp_path):
    from pipeline.labeling.tiny_lm import save_tiny_chat_model

    path = save_tiny_chat_model(tmp_path / "tiny", [t for t, _ in SHORT_REPORTS] * 2)
    backend = TransformersBackend.from_pretrained(path, device="cpu")
    assert backend.model == "tiny"
    out = backend.sample(load_task("fracture"), REPORTS[:1], SamplingSpec(k=2))
    assert len(out[0].votes) == 2 and set(out[0].votes) <= {"0", "1"}
