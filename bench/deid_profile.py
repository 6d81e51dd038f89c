"""Where deduce_fr's time goes: CPU milliseconds per report of each annotator, of the tokenizer and
Context, of overlap resolution and of the surrogates, on the bench's synthetic reports (one thread).

Each annotator is timed on the same prepared Context, best of ``--repeats`` passes (a shared machine's
noise only slows a pass down); the end-to-end ``pseudonymize`` and ``redact`` times are printed beside.
A second column times every part in pipeline order on a fresh Context per report (as ``annotate`` runs
them): what a Context computes lazily is billed to the first annotator that asks for it, and each part
pays for the caches its predecessors left cold; per report the best of ``--repeats`` runs counts (each
part also carries the clock's own cost, about 1 microsecond). The ``*_batch`` rows time the batch methods
(annotator-major blocks of reports): close to the sum of the 'alone' column, as each annotator runs over a
whole block with its code and lists warm.

    PYTHONPATH=$PWD python bench/deid_profile.py [--reports 2000] [--repeats 3] [--json] [--quick]
    PYTHONPATH=$PWD python bench/deid_profile.py --regex [--reports 300] [--top 40]

``--regex`` times every compiled regular expression of the package instead: each pattern's CPU ms per report
(search, match, fullmatch, finditer consumed whole, findall, sub, split) and calls per report, over one
``pseudonymize`` pass, by the module and line that compiled it. Regexes are about half of the analysis; the
table names the few scans worth a gate (a pattern with no literal or character-class prefix is tried at every
offset of the text: a leading look-behind or ``^`` in MULTILINE mode, an alternation of assertions). The clock
around each call costs about a microsecond (a thread CPU clock read is a system call): measured on a trivial pattern
first and taken off every call, so the figures are the matching's own (roughly: patterns called dozens of times per
report stay the least precise).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _best(fn, items, repeats: int) -> float:
    """Best CPU seconds of ``repeats`` passes of fn over items."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        for item in items:
            fn(item)
        best = min(best, time.process_time() - t0)
    return best


def profile(texts: list[str], repeats: int) -> tuple[dict[str, float], dict[str, float]]:
    """({part: CPU ms per report}, {annotator: share of reports it finds a candidate in})."""
    from deduce_fr import Deidentifier
    from deduce_fr.annotators import Context
    from deduce_fr.tokenizer import tokenize

    deid = Deidentifier()
    # every text once before any timing: the first pass over a report fills the per-word caches (fold, the learned
    # layer's feature entries and score vectors); warmed on 20 texts only, the first timed row (annotate) paid for
    # them and read slower than pseudonymize, which includes it
    for text in texts:
        deid.pseudonymize(text, key="bench")
    n = len(texts)
    costs: dict[str, float] = {}
    fires: dict[str, float] = {}
    costs["tokenize"] = _best(tokenize, texts, repeats)
    tokens = [tokenize(t) for t in texts]
    pairs = list(zip(texts, tokens))
    costs["context"] = _best(lambda p: Context(text=p[0], tokens=p[1], lookups=deid.lookups), pairs, repeats)
    contexts = [Context(text=t, tokens=k, lookups=deid.lookups) for t, k in pairs]
    for annotator in deid.annotators:
        name = annotator.name or type(annotator).__name__
        # share of reports it finds anything in: what a trigger gate could skip at most is the rest
        fires[name] = sum(bool(annotator.annotate(c)) for c in contexts) / n
        run = getattr(deid, "_run_annotator", None)
        if run is not None:
            costs[name] = _best(lambda c, a=annotator, r=run: r(a, c), contexts, repeats)
        else:
            costs[name] = _best(annotator.annotate, contexts, repeats)
    if getattr(deid, "learned", None):  # the learned layer, after resolution, on the rules' final spans
        costs.update(_learned_parts(deid, texts, tokens, repeats))
        fires["learned: tagger"] = _tagger_share(deid, texts, tokens)
    costs["annotate (end to end)"] = _best(deid.annotate, texts, repeats)
    in_pipeline = _in_pipeline(deid, texts, repeats)
    costs["redact (end to end)"] = _best(deid.redact_with_spans, texts, repeats)
    costs["pseudonymize (end to end)"] = _best(lambda t: deid.pseudonymize(t, key="bench"), texts, repeats)
    if hasattr(deid, "annotate_batch"):  # annotator-major blocks (the same outputs): one call over all the texts
        keys = ["bench"] * n
        costs["annotate_batch (end to end)"] = _best(deid.annotate_batch, [texts], repeats)
        costs["redact_batch (end to end)"] = _best(deid.redact_batch, [texts], repeats)
        costs["pseudonymize_batch (end to end)"] = _best(lambda ts: deid.pseudonymize_batch(ts, keys=keys), [texts],
                                                         repeats)
    return {k: 1000 * v / n for k, v in costs.items()}, fires, {k: v / 1e6 / n for k, v in in_pipeline.items()}


def _rule_spans(deid, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    learned, deid.learned = deid.learned, []
    try:
        return [[(s.start_char, s.end_char, s.tag) for s in deid.annotate(t).spans] for t in texts]
    finally:
        deid.learned = learned


def _learned_parts(deid, texts: list[str], tokens: list, repeats: int) -> dict[str, float]:
    """CPU seconds of the learned layer and of its parts, on the rules' final spans: features (the cached
    entries, the rows CRFsuite reads), the proof that the gate is empty (score matrix and window bound), the
    tagger (set + marginals) where it runs, propose."""
    from deduce_fr.learned import _entries, _rows, rule_labels

    ann = deid.learned[0]
    model = ann._model
    spans = _rule_spans(deid, texts)
    items = list(zip(texts, tokens, spans))
    lookups = deid.lookups
    tags = [rule_labels(k, r) for _, k, r in items]
    entries = [_entries(t, k, g, lookups, model.scorer) for (t, k, _), g in zip(items, tags)]
    runs = [ann._may_propose(k, g, r, e[2]) for (_, k, r), g, e in zip(items, tags, entries)]
    rows = [_rows(e[0], e[1]) for e, run in zip(entries, runs) if run]
    return {"learned (after resolution)": _best(lambda x: deid._add_learned(x[2], x[0], x[1]), items, repeats),
            "learned: rule labels": _best(lambda x: rule_labels(x[1], x[2]), items, repeats),
            "learned: feature entries": _best(lambda x: _entries(x[0][0], x[0][1], x[1], lookups, model.scorer),
                                              list(zip(items, tags)), repeats),
            "learned: gate proof": _best(lambda x: ann._may_propose(x[0][1], x[1], x[0][2], x[2][2]),
                                         list(zip(items, tags, entries)), repeats),
            "learned: rows + tagger": _best(lambda r: model.gated_marginals(r, ann.threshold), rows, repeats)}


def _tagger_share(deid, texts: list[str], tokens: list) -> float:
    """Share of the reports the learned layer's tagger runs on (the others are proved empty without it)."""
    from deduce_fr.learned import _entries, rule_labels

    ann = deid.learned[0]
    ran = 0
    for text, toks, spans in zip(texts, tokens, _rule_spans(deid, texts)):
        tags = rule_labels(toks, spans)
        ran += ann._may_propose(toks, tags, spans, _entries(text, toks, tags, deid.lookups, ann._model.scorer)[2])
    return ran / max(1, len(texts))


def _in_pipeline(deid, texts: list[str], repeats: int) -> dict[str, int]:
    """CPU nanoseconds of each part, run in pipeline order on a fresh Context per report (lazy Context
    fields billed to their first user), summed over the reports of the best of ``repeats`` runs each."""
    import gc

    from deduce_fr.annotators import Context
    from deduce_fr.tokenizer import tokenize

    clock = time.process_time_ns
    total: dict[str, int] = {}
    collecting = gc.isenabled()
    gc.disable()  # (as annotate does)
    try:
        for text in texts:
            best: dict[str, int] = {}
            for _ in range(repeats):
                t0 = clock()
                tokens = tokenize(text)
                t1 = clock()
                ctx = Context(text=text, tokens=tokens, lookups=deid.lookups)
                t2 = clock()
                run = {"tokenize": t1 - t0, "context": t2 - t1}
                for annotator in deid.annotators:
                    start = clock()
                    annotator.annotate(ctx)
                    run[annotator.name or type(annotator).__name__] = clock() - start
                for part, ns in run.items():
                    best[part] = min(best.get(part, ns), ns)
            for part, ns in best.items():
                total[part] = total.get(part, 0) + ns
    finally:
        if collecting:
            gc.enable()
    return total


class _TimedPattern:
    """A compiled pattern whose matching calls add their CPU time and count to ``totals[key]``."""

    __slots__ = ("_pattern", "_key", "_totals")

    def __init__(self, pattern: re.Pattern, key: tuple[str, int, str], totals: dict) -> None:
        self._pattern, self._key, self._totals = pattern, key, totals

    def __getattr__(self, name: str):
        return getattr(self._pattern, name)

    def _timed(name: str):  # noqa: N805 - a method factory, run in the class body
        def call(self, *args, **kwargs):
            t0 = time.thread_time_ns()
            out = getattr(self._pattern, name)(*args, **kwargs)
            if name == "finditer":  # (consumed here: the matching happens while the caller iterates)
                out = iter(list(out))
            spent = time.thread_time_ns() - t0
            ns, calls = self._totals.get(self._key, (0, 0))
            self._totals[self._key] = (ns + spent, calls + 1)
            return out

        call.__name__ = name
        return call

    search, match, fullmatch, finditer = _timed("search"), _timed("match"), _timed("fullmatch"), _timed("finditer")
    findall, sub, subn, split = _timed("findall"), _timed("sub"), _timed("subn"), _timed("split")


def regex_profile(texts: list[str]) -> list[tuple[float, float, str, str]]:
    """[(CPU ms per report, calls per report, 'module.py:line', pattern's first 70 characters)], costliest first: every
    pattern deduce_fr compiles, timed over one ``pseudonymize`` pass of ``texts`` (after a warm-up). The package must
    not be imported yet: ``re.compile`` is wrapped before its modules compile their patterns (the tokenizer's own
    pattern is left bare, its Match objects are the tokenizer's cost, see the main table)."""
    if any(m == "deduce_fr" or m.startswith("deduce_fr.") for m in sys.modules):
        raise RuntimeError("regex_profile: deduce_fr is already imported (its patterns are compiled)")
    totals: dict[tuple[str, int, str], tuple[int, int]] = {}
    compile_ = re.compile

    def timed_compile(pattern, flags=0):
        compiled = compile_(pattern, flags)
        frame = sys._getframe(1)
        where = frame.f_code.co_filename
        if "deduce_fr" not in where or where.endswith("tokenizer.py") or not isinstance(compiled.pattern, str):
            return compiled
        return _TimedPattern(compiled, (Path(where).name, frame.f_lineno, compiled.pattern[:70]), totals)

    re.compile = timed_compile
    try:
        from deduce_fr import Deidentifier

        deid = Deidentifier()
    finally:
        re.compile = compile_
    for text in texts[:20]:
        deid.pseudonymize(text, key="bench")
    # the clock's own cost per timed call: what a pattern that fails on its first character records
    probe = _TimedPattern(compile_("x"), ("", 0, ""), totals)
    for _ in range(20000):
        probe.match("a")
    clock_ns = totals[("", 0, "")][0] / 20000
    totals.clear()
    for text in texts:
        deid.pseudonymize(text, key="bench")
    n = max(1, len(texts))
    rows = [(max(0.0, ns - calls * clock_ns) / 1e6 / n, calls / n, f"{name}:{line}", pattern)
            for (name, line, pattern), (ns, calls) in totals.items()]
    return sorted(rows, reverse=True)


def main(argv: list[str] | None = None) -> int:
    """Print the table (or JSON)."""
    from deidentify import synthetic_reports

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="40 reports, one pass (a smoke test)")
    parser.add_argument("--regex", action="store_true", help="time each compiled regex instead (see above)")
    parser.add_argument("--top", type=int, default=40, help="--regex: rows shown")
    args = parser.parse_args(argv)
    if args.quick:
        args.reports, args.repeats = 40, 1
    if args.regex:
        rows = regex_profile(synthetic_reports(args.reports))
        if args.json:
            print(json.dumps([{"ms_per_report": ms, "calls_per_report": calls, "where": where, "pattern": pattern}
                              for ms, calls, where, pattern in rows], indent=1))
            return 0
        print(f"all regexes: {sum(r[0] for r in rows):.3f} ms/report (the clock's cost taken off)")
        for ms, calls, where, pattern in rows[: args.top]:
            print(f"{ms:7.4f} ms/report {calls:7.1f} calls/report  {where:<28} {pattern!r}")
        return 0
    costs, fires, in_pipeline = profile(synthetic_reports(args.reports), args.repeats)
    if args.json:
        print(json.dumps({"ms_per_report": costs, "ms_per_report_in_pipeline": in_pipeline,
                          "share_of_reports_with_candidates": fires}, indent=1))
    else:
        print(f"{'':<28} {'alone':>7}            {'in pipeline':>11}")
        for name, ms in costs.items():
            share = f"  finds something in {100 * fires[name]:5.1f}% of reports" if name in fires else ""
            piped = f"{in_pipeline[name]:7.3f} ms/report" if name in in_pipeline else " " * 17
            print(f"{name:<28} {ms:7.3f} ms/report  {piped}{share}")
        if "learned: tagger" in fires:
            print(f"learned: the tagger runs on {100 * fires['learned: tagger']:5.1f}% of reports (the others are "
                  "proved to give no span without it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
