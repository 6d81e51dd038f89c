"""Pseudo-labeling cost: k samples in one request with restricted output vs k separate free-form calls.

Same synthetic French reports, same tiny random-initialised Llama (tokenizer trained on the fly), CPU,
one core (``sched_setaffinity`` + one torch thread), `transformers` backend. Three ways of drawing the
k=3 samples of each report, each run after a warm-up batch:

- ours:   one ``generate`` call per batch with ``num_return_sequences=k``, output restricted to the
          allowed answers by a token trie (``prefix_allowed_tokens_fn``): answer token(s) + EOS;
- shared: one call with ``num_return_sequences=k`` but free-form (isolates the restriction's effect);
- naive:  k separate free-form ``generate`` calls per batch (``num_return_sequences=1``).

Reported per way: generated tokens per label, labels/s, share of parsable answers; then the ratios
ours/naive. A random model rarely emits EOS, so free-form samples run to ``--free-tokens``: the token
ratio is that budget against the answer length; with a real instruction model that stops early the
token saving shrinks, the unparsable-answer saving does not.

    .venv/bin/python bench/pseudo_label.py [--reports 48] [--k 3] [--free-tokens 16] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import torch

from pipeline.labeling.backends.base import ReportInput, SamplingSpec
from pipeline.labeling.backends.hf import TransformersBackend
from pipeline.labeling.tasks import load_task
from pipeline.labeling.tiny_lm import build_tiny_chat_model
from pipeline.labeling.voting import vote


def synthetic_reports(n: int, seed: int) -> list[str]:
    """Report bodies of a small synthetic hospital (images kept tiny: only the texts are used)."""
    from pipeline.synth import SynthOptions, generate_hospital

    with tempfile.TemporaryDirectory() as tmp:
        patients = max(4, n // 2)
        generate_hospital(Path(tmp), SynthOptions(n_patients=patients, seed=seed, image_size=32))
        rows = [json.loads(line) for line in (Path(tmp) / "ground_truth" / "reports.jsonl").read_text().splitlines()]
    texts = [r["body_text"] for r in rows if r.get("study_uid") and r["body_text"].strip()]
    if len(texts) < n:
        raise SystemExit(f"only {len(texts)} reports generated; ask for fewer")
    return texts[:n]


def run_way(backend: TransformersBackend, reports: list[ReportInput], spec: SamplingSpec, batch: int) -> dict:
    task = load_task("fracture")
    backend.sample(task, reports[:batch], spec)  # warm-up: first-call allocations, trie building
    started = time.perf_counter()
    results = backend.sample(task, reports, spec)
    wall = time.perf_counter() - started
    tokens = sum(s.generated_tokens for s in results)
    n_votes = sum(len(s.votes) for s in results)
    kept = sum(vote(s.votes, task.answers).kept for s in results)
    return {
        "labels": len(results),
        "wall_s": round(wall, 3),
        "labels_per_s": round(len(results) / wall, 3),
        "tokens_per_label": round(tokens / len(results), 2),
        "parsable_share": round(1 - sum(s.malformed for s in results) / n_votes, 3),
        "kept_share": round(kept / len(results), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=48)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--free-tokens", type=int, default=16, help="max_new_tokens of free-form samples")
    parser.add_argument("--batch", type=int, default=8, help="reports per generate call")
    parser.add_argument("--max-chars", type=int, default=1500, help="report text cut (as pseudo_label does)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--quick", action="store_true", help="tiny input, seconds: the test suite runs it")
    args = parser.parse_args()
    if args.quick:
        args.reports, args.k, args.free_tokens, args.batch = 4, 2, 4, 4

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    torch.set_num_threads(1)
    texts = [t[: args.max_chars] for t in synthetic_reports(args.reports, args.seed)]
    model, tokenizer = build_tiny_chat_model(texts, seed=args.seed)
    reports = [ReportInput(f"r{i}", t) for i, t in enumerate(texts)]
    base = {"k": args.k, "temperature": 0.8, "top_p": 0.95, "seed": args.seed}
    ways = {
        "ours (k in one call, restricted)": (True, SamplingSpec(**base, restrict=True)),
        "shared (k in one call, free-form)": (True, SamplingSpec(**base, restrict=False,
                                                                 max_new_tokens=args.free_tokens)),
        "naive (k calls, free-form)": (False, SamplingSpec(**base, restrict=False, max_new_tokens=args.free_tokens)),
    }
    results = {}
    for name, (one_request, spec) in ways.items():
        backend = TransformersBackend(model, tokenizer, "tiny-llama", batch_size=args.batch,
                                      samples_in_one_request=one_request)
        results[name] = run_way(backend, reports, spec, args.batch)
    ours, naive = results["ours (k in one call, restricted)"], results["naive (k calls, free-form)"]
    summary = {
        "reports": args.reports, "k": args.k, "free_tokens": args.free_tokens, "batch": args.batch,
        "params": sum(p.numel() for p in model.parameters()), "cpu": platform.processor() or platform.machine(),
        "torch": torch.__version__, "ways": results,
        "speedup_labels_per_s": round(ours["labels_per_s"] / naive["labels_per_s"], 2),
        "token_ratio_naive_over_ours": round(naive["tokens_per_label"] / ours["tokens_per_label"], 2),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"{args.reports} reports, k={args.k}, batch {args.batch}, tiny Llama ({summary['params']:,} params), "
          f"1 CPU core, torch {torch.__version__}")
    print("| way | tokens/label | labels/s | parsable answers | kept (unanimous) |\n|---|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['tokens_per_label']} | {r['labels_per_s']} | {r['parsable_share']:.0%} | "
              f"{r['kept_share']:.0%} |")
    print(f"ours vs naive: {summary['speedup_labels_per_s']}x labels/s, "
          f"{summary['token_ratio_naive_over_ours']}x fewer generated tokens per label")


if __name__ == "__main__":
    main()
