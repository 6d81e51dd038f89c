"""Structured-report generation: JSON-schema-constrained vs free generation, same model, same reports.

A tiny random-initialised Llama (tokenizer trained on the fly on the reports, the prompt and the
schema), CPU, one torch thread, the `transformers` backend of `pipeline.llm` with the
structure-reports prompt. Two ways, each after a warm-up request:
- constrained: lm-format-enforcer's JSON-schema parser as `prefix_allowed_tokens_fn` (what
  structure-reports does with `guided: true`; vLLM's guided_json does the same on GPU servers);
- free:        the same sampling without the constraint (`guided: false`).
Reported per way: share of outputs that parse as JSON, share valid against the schema (pydantic, as
the stage validates), generated tokens per study, studies/s; then the ratios constrained/free.
A random model never writes JSON by itself, so free generation is ~0% valid and runs to the token
budget: with an instruction-tuned model free generation is often valid, and the constraint's gain
is the remaining share (each invalid output costs a retry). The schema is bounded tighter than the
stage's default (--observations, --chars) so that a constrained output can close within the budget.

    .venv/bin/python bench/generate.py [--reports 12] [--max-new-tokens 400] [--quick] [--json]
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

from pipeline.labeling.tiny_lm import build_tiny_chat_model
from pipeline.llm.base import ChatRequest, JsonSchema, SamplingSpec
from pipeline.llm.hf import TransformersBackend
from pipeline.vlm.offline_structurer import structure_report
from pipeline.vlm.prompt_files import load_structure_prompt
from pipeline.vlm.schema import json_schema, parse_report

TASKS = ("fracture", "displacement", "implant")
#: Short reports for --quick (seconds): the full run uses a synthetic hospital's reports.
QUICK_REPORTS = [
    "Résultat : Fracture du radius distal déplacée.\nConclusion : fracture du radius distal.",
    "Résultat : Pas de fracture visible. Interlignes conservés.\nConclusion : examen normal.",
    "Résultat : Matériel d'ostéosynthèse en place.\nConclusion : pas de fracture récente.",
]


def synthetic_reports(n: int, seed: int) -> list[str]:
    from pipeline.synth import SynthOptions, generate_hospital

    with tempfile.TemporaryDirectory() as tmp:
        generate_hospital(Path(tmp), SynthOptions(n_patients=max(4, n // 2), seed=seed, image_size=32))
        rows = [json.loads(line) for line in (Path(tmp) / "ground_truth" / "reports.jsonl").read_text().splitlines()]
    texts = [r["body_text"] for r in rows if r.get("study_uid") and r["body_text"].strip()]
    if len(texts) < n:
        raise SystemExit(f"only {len(texts)} reports generated; ask for fewer")
    return texts[:n]


def run_way(backend: TransformersBackend, requests: list[ChatRequest], spec: SamplingSpec,
            bounds: tuple[int, int], warm_up: bool = True) -> dict:
    if warm_up:
        backend.chat(requests[:1], spec)  # allocations, the enforcer's vocabulary tree
    started = time.perf_counter()
    results = backend.chat(requests, spec)
    wall = time.perf_counter() - started
    texts = [r.texts[0] if not isinstance(r, Exception) else None for r in results]
    parsable = sum(1 for t in texts if t is not None and _is_json(t))
    valid = sum(parse_report(t, TASKS, *bounds)[0] is not None for t in texts)
    tokens = sum(r.tokens for r in results if not isinstance(r, Exception))
    n = len(requests)
    return {"studies": n, "wall_s": round(wall, 3), "studies_per_s": round(n / wall, 3),
            "tokens_per_study": round(tokens / n, 1), "json_share": round(parsable / n, 3),
            "valid_share": round(valid / n, 3), "errors": sum(isinstance(r, Exception) for r in results)}


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except json.JSONDecodeError:
        return False


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=12)
    parser.add_argument("--max-new-tokens", type=int, default=400)
    parser.add_argument("--observations", type=int, default=2, help="maxItems of observations in the schema")
    parser.add_argument("--chars", type=int, default=40, help="maxLength of each text field in the schema")
    parser.add_argument("--max-chars", type=int, default=1500, help="report text cut")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="2 short reports, small budget, no warm-up (seconds)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    if args.quick:
        args.reports, args.max_new_tokens, args.observations, args.chars = 2, 96, 1, 8
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    if hasattr(os, "sched_setaffinity") and not args.quick:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts = QUICK_REPORTS[: args.reports] if args.quick else synthetic_reports(args.reports, args.seed)
    texts = [t[: args.max_chars] for t in texts]
    prompt = load_structure_prompt("structure_report")
    bounds = (args.observations, args.chars)
    schema = json_schema(TASKS, *bounds)
    messages = [prompt.messages(t, TASKS, schema) for t in texts]
    examples = [structure_report(t, []) for t in texts]  # JSON pieces for the tokenizer's vocabulary
    corpus = texts + examples + [m[0]["content"] + m[1]["content"] for m in messages[:2]]
    model, tokenizer = build_tiny_chat_model(corpus * 2, seed=args.seed, vocab_size=600)
    backend = TransformersBackend(model, tokenizer, "tiny-llama", batch_size=4)
    constraint = JsonSchema.of(schema, "structured_report")
    requests = [ChatRequest(key=f"s{i}", messages=m, constraint=constraint, purpose="bench")
                for i, m in enumerate(messages)]
    results = {}
    for name, restrict in (("constrained", True), ("free", False)):
        spec = SamplingSpec(k=1, temperature=1.0, top_p=1.0, max_new_tokens=args.max_new_tokens, seed=args.seed,
                            restrict=restrict)
        results[name] = run_way(backend, requests, spec, bounds, warm_up=not args.quick)
    torch.set_num_threads(threads)
    c, f = results["constrained"], results["free"]
    summary = {
        "machine": f"{platform.processor() or platform.machine()}, 1 thread, torch {torch.__version__}",
        "settings": {k: getattr(args, k) for k in ("reports", "max_new_tokens", "observations", "chars", "quick")},
        "ways": results,
        "ratios": {"valid_share_constrained_minus_free": round(c["valid_share"] - f["valid_share"], 3),
                   "tokens_per_study_free_over_constrained": round(f["tokens_per_study"] / max(c["tokens_per_study"],
                                                                                             1e-9), 2),
                   "speed_constrained_over_free": round(c["studies_per_s"] / max(f["studies_per_s"], 1e-9), 2)},
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print("| way | studies | tokens/study | JSON | schema-valid | studies/s |\n|---|---:|---:|---:|---:|---:|")
        for name, r in results.items():
            print(f"| {name} | {r['studies']} | {r['tokens_per_study']} | {r['json_share']:.0%} | "
                  f"{r['valid_share']:.0%} | {r['studies_per_s']} |")
        ratios = summary["ratios"]
        print(f"constrained vs free: valid {c['valid_share']:.0%} vs {f['valid_share']:.0%}, "
              f"{ratios['tokens_per_study_free_over_constrained']}x fewer tokens per study, "
              f"{ratios['speed_constrained_over_free']}x studies/s ({summary['machine']})")
    return summary


if __name__ == "__main__":
    main()
