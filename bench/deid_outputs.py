"""Fingerprint of everything deduce_fr outputs, to prove that a speed change changes no output.

For every case of every ``deduce_fr/data/cases_*.json`` file: the spans (start, end, tag) found with
the case's patient metadata, and a hash of its pseudonymized text (key = the case id); for the
bench's synthetic reports (``bench/deidentify.py``'s corpus, fixed seed): hashes of the pseudonymized
(key "bench") and redacted texts and their spans. ``save`` writes the fingerprint of the code on the
path, ``check`` compares the code on the path against a saved one and names every item that differs
(ids only: no report text is printed).

    PYTHONPATH=$PWD python bench/deid_outputs.py save /tmp/ref.json [--reports 2000]
    PYTHONPATH=$PWD python bench/deid_outputs.py check /tmp/ref.json   # as many reports as the file holds
    PYTHONPATH=$PWD python bench/deid_outputs.py check /tmp/ref.json --batch   # the *_batch methods instead
    PYTHONPATH=$PWD python bench/deid_outputs.py --quick   # smoke test: save and check a small sample

With ``--batch`` every output comes from ``annotate_batch`` / ``pseudonymize_batch`` / ``redact_batch``
(annotator-major blocks) instead of the one-text calls: checked against a fingerprint saved without it,
0 differ proves the batch path gives exactly the one-text outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _spans(spans: Any) -> list[list[object]]:
    return [[s.start_char, s.end_char, s.tag] for s in spans]


def fingerprint(case_files: list[Path], n_reports: int, batch: bool = False) -> dict[str, dict[str, Any]]:
    """{item id: outputs} over the case files and the bench reports (``batch``: from the *_batch methods)."""
    from deduce_fr import Deidentifier, Patient

    deid = Deidentifier()
    if batch:
        return _fingerprint_batch(deid, case_files, n_reports)
    out: dict[str, dict[str, Any]] = {}
    for path in case_files:
        for k, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            patient = Patient.from_dict(case.get("patient"))
            key = str(case.get("id", k))
            doc = deid.annotate(case["text"], patient=patient)
            pseudo = deid.pseudonymize(case["text"], patient=patient, key=key)
            out[f"{path.name}#{k}"] = {"spans": _spans(doc.spans), "pseudo": _digest(pseudo.text),
                                       "pseudo_spans": _spans(pseudo.spans)}
    if n_reports:
        from deidentify import synthetic_reports

        for k, text in enumerate(synthetic_reports(n_reports)):
            pseudo = deid.pseudonymize(text, key="bench")
            red = deid.redact_with_spans(text)
            out[f"report#{k}"] = {"pseudo": _digest(pseudo.text), "pseudo_spans": _spans(pseudo.spans),
                                  "redact": _digest(red.text), "redact_spans": _spans(red.spans)}
    return out


def _fingerprint_batch(deid: Any, case_files: list[Path], n_reports: int) -> dict[str, dict[str, Any]]:
    """:func:`fingerprint` computed with ``annotate_batch``, ``pseudonymize_batch`` and ``redact_batch``."""
    from deduce_fr import Patient

    out: dict[str, dict[str, Any]] = {}
    for path in case_files:
        cases = json.loads(path.read_text(encoding="utf-8"))
        texts = [case["text"] for case in cases]
        patients = [Patient.from_dict(case.get("patient")) for case in cases]
        keys = [str(case.get("id", k)) for k, case in enumerate(cases)]
        docs = deid.annotate_batch(texts, patients)
        pseudos = deid.pseudonymize_batch(texts, patients, keys=keys)
        for k, (doc, pseudo) in enumerate(zip(docs, pseudos)):
            out[f"{path.name}#{k}"] = {"spans": _spans(doc.spans), "pseudo": _digest(pseudo.text),
                                       "pseudo_spans": _spans(pseudo.spans)}
    if n_reports:
        from deidentify import synthetic_reports

        texts = synthetic_reports(n_reports)
        pseudos = deid.pseudonymize_batch(texts, keys=["bench"] * len(texts))
        for k, (pseudo, red) in enumerate(zip(pseudos, deid.redact_batch(texts))):
            out[f"report#{k}"] = {"pseudo": _digest(pseudo.text), "pseudo_spans": _spans(pseudo.spans),
                                  "redact": _digest(red.text), "redact_spans": _spans(red.spans)}
    return out


def main(argv: list[str] | None = None) -> int:
    """Save or check a fingerprint; exit 1 when any item differs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", choices=["save", "check"])
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--reports", type=int, default=None,
                        help="synthetic bench reports (0: none; save: 2000 by default; check: as many as saved)")
    parser.add_argument("--quick", action="store_true", help="save then check the shipped cases and 20 reports")
    parser.add_argument("--batch", action="store_true", help="outputs of the *_batch methods (annotator-major blocks)")
    args = parser.parse_args(argv)
    files = sorted((ROOT / "deduce_fr" / "data").glob("cases_*.json"))
    if args.quick:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "fingerprint.json"
            path.write_text(json.dumps(fingerprint(files[:1], 20)), encoding="utf-8")
            saved, current = json.loads(path.read_text(encoding="utf-8")), fingerprint(files[:1], 20, batch=True)
        print(f"quick: {len(current)} items, {sum(saved.get(k) != v for k, v in current.items())} differ on a rerun "
              "(through the *_batch methods)")
        return 0 if saved == current else 1
    if args.action is None or args.path is None:
        parser.error("save|check PATH is required (or --quick)")
    saved = json.loads(args.path.read_text(encoding="utf-8")) if args.action == "check" else {}
    if args.reports is None:
        # (the synthetic corpus depends on its size: checking 2000 reports against 600 saved ones would find every
        # report different, the code unchanged)
        args.reports = sum(k.startswith("report#") for k in saved) if args.action == "check" else 2000
    current = fingerprint(files, args.reports, batch=args.batch)
    if args.action == "save":
        args.path.write_text(json.dumps(current), encoding="utf-8")
        print(f"saved {len(current)} items to {args.path}")
        return 0
    differ = sorted(k for k in saved.keys() | current.keys() if saved.get(k) != current.get(k))
    for key in differ[:30]:
        fields = sorted(f for f in (saved.get(key) or {}).keys() | (current.get(key) or {}).keys()
                        if (saved.get(key) or {}).get(f) != (current.get(key) or {}).get(f))
        print(f"DIFFERS {key}: {', '.join(fields)}")
    print(f"{len(current)} items, {len(differ)} differ" + (" (first 30 shown)" if len(differ) > 30 else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
