"""Train deduce_fr's learned residual annotator (deduce_fr/learned.py) on the dev halves, and choose its gating
by leave-one-set-out cross-validation over the independent writers' dev halves.

    PYTHONPATH=$PWD .venv/bin/python scripts/train_learned.py --cv        # CV table + chosen gating + final model
    PYTHONPATH=$PWD .venv/bin/python scripts/train_learned.py             # final model with the gating in the json

Only dev/tune halves are read (never a held-out half: the script refuses a file named *heldout*). Deterministic:
the rules' spans, the features and the CRFsuite L-BFGS training depend on nothing random (the degradation of the
rules' spans is drawn per span from a generator seeded by the text, the span's offsets and --seed), so the same
inputs rebuild the same model file bit for bit.

After the rules change (a merge), retrain on their new spans, keeping the gate chosen by CV in learned_crf.json
(no --cv: a CV rerun may move the gate; never pass a --cache pickle built from older rules):

    PYTHONPATH=$PWD OMP_NUM_THREADS=1 .venv/bin/python scripts/train_learned.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from deduce_fr.deidentifier import Deidentifier, config_without
from deduce_fr.evaluate import identifying_chars
from deduce_fr.learned import (
    DATA,
    TAG_OF_LABEL,
    extend,
    feature_lists,
    gold_labels,
    propose,
    rule_labels,
    token_features,
    with_extensions,
)
from deduce_fr.lookups import Lookups, fold
from deduce_fr.tokenizer import tokenize
from deduce_fr.types import Patient

# the independent writers' dev halves: the cross-validation folds
CV_SETS = ["v3a_dev", "v3b_dev", "v3c_dev", "v4a_dev", "v4b_dev", "v4c_dev", "v5_dev", "v6a_dev", "v6b_dev", "v7a_dev",
           "v7b_dev", "v8a_dev", "v8b_dev", "v9a_dev", "v9b_dev", "v10a_dev", "v10b_dev", "v11a_dev", "v11b_dev",
           "v12a_dev", "v12b_dev", "v13a_dev", "v13b_dev", "v14a_dev", "v14b_dev", "v15a_dev",
           "v15b_dev", "v16a_dev", "v16b_dev", "v17a_dev", "v17b_dev"]
# always in training (tune/dev material of earlier waves)
EXTRA_SETS = ["v2_tune", "dev_ids", "dev_names", "dev_names2", "dev_places", "dev_places5", "fr"]
TRAIN_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 80, "feature.possible_transitions": True,
                "feature.minfreq": 2}
DROPOUT = 0.3
SAMPLES = 3  # degraded copies of each training text (see train)
GRID_THRESHOLDS = (0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
GRID_TAGS = (("INSTITUTION",), ("INSTITUTION", "LOCATION"), ("INSTITUTION", "LOCATION", "PERSON"))
# organisations the rules found, continued over the words next to them (learned.extend; '+': absorbing a place's
# or a person's rule span met on the way): sides x thresholds, tried with the gap gates that do not widen
# (widening and extending both move an organisation's left edge) from GRID_EXTEND_GAP_THRESHOLDS
GRID_EXTEND = ("left", "right", "both", "left+", "right+", "both+")
GRID_EXTEND_THRESHOLDS = (0.3, 0.5, 0.7, 0.9)
GRID_EXTEND_GAP_THRESHOLDS = (0.5, 0.6, 0.7, 0.9)
SCORED_TAGS = ("PATIENT", "PERSON", "LOCATION", "INSTITUTION")


def case_file(name: str, data: Path) -> Path:
    path = data / f"cases_{name}.json" if not name.endswith(".json") else Path(name)
    if "heldout" in path.name:
        raise SystemExit(f"{path.name}: a held-out half is never used for training")
    return path


def prepare(names: Sequence[str], data: Path, limit: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Per set, its cases with tokens, the rules' spans (the default config, learned annotator off) and labels.

    The learned layer must be OFF here (``config_without``): it is on by default since session 16, and a
    ``Deidentifier()`` would hand the previous model's spans to the training as the rules' own, which (a) is not
    what the model reads at inference (the hook gives it the rule spans alone), (b) feeds each model's output into
    the next one's training (retrain-to-retrain drift), and (c) leaks every CV fold into its own features (the
    previous model was trained on that fold)."""
    deid = Deidentifier(config=config_without(None, "learned"))
    assert not deid.learned
    out: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        path = case_file(name, data)
        if not path.exists():
            print(f"(skipped: {path.name} is not here)", file=sys.stderr)
            continue
        cases = json.loads(path.read_text(encoding="utf-8"))[:limit]
        rows = []
        for case in cases:
            text = case["text"]
            doc = deid.annotate(text, patient=Patient.from_dict(case.get("patient")))
            rules = [(s.start_char, s.end_char, s.tag) for s in doc.spans]
            tokens = tokenize(text)
            rows.append({"text": text, "tokens": tokens, "rules": rules,
                         "gold": [(a["start_char"], a["end_char"], a["tag"]) for a in case.get("annotations", [])],
                         "labels": gold_labels(tokens, case.get("annotations", []))})
        out[name] = rows
    return out


def degrade(row: dict[str, Any], rate: float, seed: int = 0) -> list[tuple[int, int, str]]:
    """The rules' spans of a training text with some name spans dropped and some organisations cut after their
    lower-case head words, at ``rate``: on the dev halves the rules were tuned on they miss almost nothing, on
    unseen text they miss names and head words; a model shown only the former learns to copy the rules.

    Deterministic, and stable under rule changes: each span's fate is drawn from its own generator, seeded by the
    text, the span's offsets and ``seed`` (one draw per degraded copy, see :func:`train`), so a rule change that
    adds, drops or retags one span of a text re-draws that span only, not every later span of the text (one
    generator per text, as before session 20, re-drew them all: a new model on every rule change)."""
    if rate <= 0:
        return row["rules"]
    key = hashlib.sha256(row["text"].encode("utf-8")).digest() + f"|{seed}|".encode()
    out = []
    for s, e, t in row["rules"]:
        if t in ("PERSON", "LOCATION", "INSTITUTION"):
            rng = random.Random(key + f"{s}:{e}".encode())
            if rng.random() < rate:
                if t == "INSTITUTION" and rng.random() < 0.5:
                    caps = [m.start() for m in re.finditer(r"(?<![\w'’-])[A-ZÀ-Ý]", row["text"][s:e])]
                    if caps and caps[0] > 0:  # 'pharmacie Martin' -> 'Martin', as the rules leave it
                        out.append((s + caps[0], e, rng.choice(("PERSON", "INSTITUTION", "LOCATION"))))
                continue
        out.append((s, e, t))
    return out


def train(rows: Sequence[dict[str, Any]], lookups: Lookups, path: Path, params: dict[str, Any],
          dropout: float = 0.0, samples: int = 1, seed: int = 0) -> None:
    """Fit a CRF on the rows (their rule spans degraded at ``dropout``) and write it to ``path``.

    ``samples`` > 1 (with a dropout): each text is shown that many times, each copy degraded by its own draw
    (seeds ``seed``, ``seed`` + 1, ...), and the L1/L2 penalties and the feature count cut-off are scaled by
    ``samples``, so the objective is the mean over the draws of the one-copy objective: the model fits the
    expected degradation instead of one draw of it (the retrain-to-retrain variance of one draw was up to
    0.4 points of uncovered characters on a held-out half)."""
    import pycrfsuite

    samples = max(1, samples) if dropout > 0 else 1
    trainer = pycrfsuite.Trainer(verbose=False)
    for row in rows:
        if row["tokens"]:
            for k in range(samples):
                feats = token_features(row["text"], row["tokens"],
                                       rule_labels(row["tokens"], degrade(row, dropout, seed + k)), lookups)
                trainer.append(feats, row["labels"])
    scaled = dict(params)
    if samples > 1:
        for name in ("c1", "c2", "feature.minfreq"):
            if name in scaled:
                scaled[name] = scaled[name] * samples
    trainer.set_params(scaled)
    trainer.train(str(path))


def marginals(rows: Sequence[dict[str, Any]], lookups: Lookups, model: Path) -> list[list[dict[str, float]]]:
    from deduce_fr.learned import LearnedModel

    m = LearnedModel(model)
    return [m.marginals(token_features(r["text"], r["tokens"], rule_labels(r["tokens"], r["rules"]), lookups))
            if r["tokens"] else [] for r in rows]


def merge(rules: list[tuple[int, int, str]], learned: list[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    """The spans the Deidentifier's resolution keeps: the learned spans are disjoint from the rule spans or
    contain them (longer: they win)."""
    kept = [r for r in rules if not any(s <= r[0] and r[1] <= e for s, e, _ in learned)]
    return set(kept) | set(learned)


def score(rows: Sequence[dict[str, Any]], preds: Sequence[set[tuple[int, int, str]]]) -> dict[str, Any]:
    """evaluate.py's figures on span sets: per-tag exact counts and the uncovered identifying characters."""
    counts = {t: {"gold": 0, "pred": 0, "tp": 0} for t in SCORED_TAGS}
    ident = unc = 0
    for row, pred in zip(rows, preds):
        gold, text = set(row["gold"]), row["text"]
        for s, e, t in gold:
            if t in counts:
                counts[t]["gold"] += 1
                counts[t]["tp"] += (s, e, t) in pred
        for _, _, t in pred:
            if t in counts:
                counts[t]["pred"] += 1
        i, u = identifying_chars(text, gold, pred)
        ident += i
        unc += u
    return {"counts": counts, "ident": ident, "unc": unc}


def pr(c: dict[str, int]) -> tuple[float, float]:
    return (c["tp"] / c["pred"] if c["pred"] else 1.0, c["tp"] / c["gold"] if c["gold"] else 1.0)


def add(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = {"ident": a["ident"] + b["ident"], "unc": a["unc"] + b["unc"], "counts": {}}
    for t in SCORED_TAGS:
        out["counts"][t] = {k: a["counts"][t][k] + b["counts"][t][k] for k in ("gold", "pred", "tp")}
    return out


def gates() -> list[dict[str, Any]]:
    plain = [{"threshold": th, "tags": list(tags), "widen": widen}
             for th in GRID_THRESHOLDS for tags in GRID_TAGS for widen in (True, "lower", False)]
    out = plain + [{**g, "extend": side, "extend_threshold": eth} for g in plain
                   if g["widen"] is False and g["threshold"] in GRID_EXTEND_GAP_THRESHOLDS
                   for side in GRID_EXTEND for eth in GRID_EXTEND_THRESHOLDS]
    # each gate also with propose's strict filter (title-cased prose, eponyms' grades: learned._prose_or_grade)
    return out + [{**g, "strict": True} for g in out]


def apply_gate(rows, margs, gate, is_common=None) -> list[set[tuple[int, int, str]]]:
    out = []
    for r, m in zip(rows, margs):
        found = propose(r["text"], r["tokens"], m, r["rules"], gate["threshold"], gate["tags"], gate["widen"], is_common,
                        gate.get("strict", False))
        if gate.get("extend") and "INSTITUTION" in gate["tags"]:
            found = with_extensions(found, extend(r["text"], r["tokens"], m, r["rules"],
                                                  rule_labels(r["tokens"], r["rules"]), gate["extend_threshold"],
                                                  gate["extend"]))
        out.append(merge(r["rules"], found))
    return out


def cross_validate(sets: dict[str, list[dict[str, Any]]], lookups: Lookups, params: dict[str, Any],
                   dropout: float = 0.0, fold_dir: str | None = None, samples: int = 1, seed: int = 0,
                   only: Sequence[str] | None = None) -> dict[str, Any]:
    """Leave one independent dev half out: train on the rest (and the extra sets), score every gate on it.
    ``fold_dir`` keeps the fold models (and reuses them: re-scoring a new gate grid needs no retraining)."""
    folds = [s for s in CV_SETS if s in sets and (not only or s in only)]
    results: dict[str, Any] = {}
    heads, _ = feature_lists()
    common = lambda w: lookups.is_common(w) or fold(w) in heads  # noqa: E731 (as LearnedAnnotator)
    with tempfile.TemporaryDirectory() as tmp:
        for held in folds:
            rows = [r for name, rs in sets.items() if name != held for r in rs]
            model = Path(fold_dir or tmp) / f"{held}.model"
            if not model.exists():
                model.parent.mkdir(parents=True, exist_ok=True)
                train(rows, lookups, model, params, dropout, samples, seed)
            test = sets[held]
            cached = model.with_suffix(".margs.pkl")  # (the fold's marginals: re-scoring a grid needs no tagger)
            if fold_dir and cached.exists() and cached.stat().st_mtime >= model.stat().st_mtime:
                margs = pickle.loads(cached.read_bytes())
            else:
                margs = marginals(test, lookups, model)
                if fold_dir:
                    cached.write_bytes(pickle.dumps(margs))
            base = score(test, [set(r["rules"]) for r in test])
            results[held] = {"base": base, "gates": [score(test, apply_gate(test, margs, g, common)) for g in gates()]}
            print(f"fold {held}: uncovered {100 * base['unc'] / base['ident']:.2f}% without", file=sys.stderr)
    return results


def choose(results: dict[str, Any], max_precision_drop: float = 0.02) -> tuple[int, list[dict[str, Any]]]:
    """The gate with the fewest uncovered characters pooled over the folds whose pooled exact precision of each
    name tag drops by at most ``max_precision_drop`` from the rules alone."""
    grid = gates()
    pooled_base = None
    pooled = [None] * len(grid)
    for res in results.values():
        pooled_base = res["base"] if pooled_base is None else add(pooled_base, res["base"])
        for k, sc in enumerate(res["gates"]):
            pooled[k] = sc if pooled[k] is None else add(pooled[k], sc)
    best, summary = -1, []
    for k, sc in enumerate(pooled):
        ok = all(pr(sc["counts"][t])[0] >= pr(pooled_base["counts"][t])[0] - max_precision_drop for t in SCORED_TAGS)
        summary.append({**grid[k], "uncovered": sc["unc"] / sc["ident"], "ok": ok,
                        **{f"P_{t}": round(pr(sc["counts"][t])[0], 4) for t in SCORED_TAGS},
                        **{f"R_{t}": round(pr(sc["counts"][t])[1], 4) for t in SCORED_TAGS}})
        if ok and (best < 0 or sc["unc"] < pooled[best]["unc"]):
            best = k
    summary.insert(0, {"gate": "rules only", "uncovered": pooled_base["unc"] / pooled_base["ident"],
                       **{f"P_{t}": round(pr(pooled_base["counts"][t])[0], 4) for t in SCORED_TAGS},
                       **{f"R_{t}": round(pr(pooled_base["counts"][t])[1], 4) for t in SCORED_TAGS}})
    return best, summary


def cv_table(results: dict[str, Any], k: int) -> str:
    """Markdown: per held-out fold, uncovered and P/R of the name tags without -> with the chosen gate."""
    lines = ["| fold | uncovered | " + " | ".join(SCORED_TAGS) + " |", "|---|---|" + "---|" * len(SCORED_TAGS)]
    for name, res in results.items():
        b, g = res["base"], res["gates"][k]
        cells = []
        for t in SCORED_TAGS:
            (bp, br), (gp, gr) = pr(b["counts"][t]), pr(g["counts"][t])
            cells.append(f"{bp:.2f}/{br:.2f} -> {gp:.2f}/{gr:.2f}")
        lines.append(f"| {name} | {100 * b['unc'] / b['ident']:.2f}% -> {100 * g['unc'] / g['ident']:.2f}% | "
                     + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="leave-one-set-out CV to choose the gating first")
    ap.add_argument("--sets", nargs="*", default=CV_SETS + EXTRA_SETS, help="case sets (names or json paths)")
    ap.add_argument("--data", default=str(DATA), help="folder of cases_<set>.json")
    ap.add_argument("--out", default=str(DATA / "learned_crf"), help="output stem: <out>.model and <out>.json")
    ap.add_argument("--limit", type=int, default=None, help="first N cases of each set (quick runs, tests)")
    ap.add_argument("--max-iterations", type=int, default=TRAIN_PARAMS["max_iterations"])
    ap.add_argument("--dropout", type=float, default=DROPOUT, help="rate of rule spans degraded in training")
    ap.add_argument("--samples", type=int, default=SAMPLES,
                    help="degraded copies of each text in training (each its own draw; penalties scaled to match)")
    ap.add_argument("--seed", type=int, default=0, help="first seed of the degradation draws")
    ap.add_argument("--folds", nargs="*", default=None, help="CV: only these held-out folds (a quick look)")
    ap.add_argument("--fold-dir", default=None, help="keep (and reuse) the CV fold models here")
    ap.add_argument("--cache", default=None, help="pickle of the prepared sets (the rules' spans), reused if present")
    args = ap.parse_args(argv)
    params = {**TRAIN_PARAMS, "max_iterations": args.max_iterations}
    if args.cache and Path(args.cache).exists():
        sets = pickle.loads(Path(args.cache).read_bytes())
    else:
        sets = prepare(args.sets, Path(args.data), args.limit)
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps(sets))
    lookups = Deidentifier().lookups
    out = Path(args.out)
    settings_path = Path(f"{out}.json")
    previous = json.loads(settings_path.read_text(encoding="utf-8")) if settings_path.exists() else {}
    gate = previous.get("gate", {"threshold": 0.5, "tags": sorted(TAG_OF_LABEL.values()), "widen": True})
    cv: dict[str, Any] = previous.get("cv", {})
    if args.cv:
        results = cross_validate(sets, lookups, params, args.dropout, args.fold_dir, args.samples, args.seed,
                                 args.folds)
        k, summary = choose(results)
        gate = {key: summary[k + 1][key] for key in ("threshold", "tags", "widen", "extend", "extend_threshold", "strict")
                if key in summary[k + 1]}
        table = cv_table(results, k)
        print(table)
        print(json.dumps(summary[0]), "\nchosen:", json.dumps(summary[k + 1]))
        cv = {"folds": list(results), "chosen": summary[k + 1], "rules_only": summary[0], "table": table.splitlines(),
              "grid": summary[1:]}
    model = Path(f"{out}.model")
    train([r for rs in sets.values() for r in rs], lookups, model, params, args.dropout, args.samples, args.seed)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    note = {"gate_note": previous["gate_note"]} if "gate_note" in previous and not args.cv else {}
    settings = {"gate": gate, **note, "trained_on": {name: len(rs) for name, rs in sets.items()}, "params": params,
                "dropout": args.dropout, "samples": args.samples,
                "seed": args.seed, "model_sha256": digest, "cv": cv}
    settings_path.write_text(json.dumps(settings, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{model} ({model.stat().st_size} bytes, sha256 {digest[:12]}), gate {gate}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
