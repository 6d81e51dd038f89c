"""Benchmark of report extraction: pages per CPU second of ours next to `pdfminer.high_level.extract_text`.

Two corpora, reported apart:
- `real`: tests/fixtures/reports, PDFs written by Chromium and LibreOffice
  (scripts/make_report_fixtures.py), with their ground truth;
- `synthetic`: the readable reports of our synthetic hospital (reportlab).

Same PDFs for both paths, one process. Ours = layout + letterhead removal +
reading order + paragraphs (the learning pass is timed apart: it runs once
per hospital); reference = pdfminer's plain `extract_text`. Accuracy next to
speed: header/footer lines removed and paragraphs kept word for word (real
corpus), bodies exactly equal (synthetic).

    python bench/pdf_extract.py --patients 40
    python bench/pdf_extract.py --quick     # seconds: 6 real PDFs, 3 synthetic patients
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

from pdfminer.high_level import extract_text

from pipeline.reports import PdfProblem, assemble, learn_template, read_layout, signature
from pipeline.reports.text import french_words, report_words
from pipeline.synth import SynthOptions, generate_hospital

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "reports"


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _timed(pdfs: list[bytes]) -> tuple[float, float, float, list, object]:
    """(reference s, learning pass s, ours s, ours' texts, template).

    The two paths alternate PDF by PDF and are timed in CPU seconds of this process, so other jobs on a
    shared machine weigh on both alike.
    """
    started = time.process_time()
    layouts = [read_layout(data) for data in pdfs]
    counts = Counter(w for layout in layouts for w in report_words(layout.lines))
    words = frozenset(w for w, n in counts.items() if n >= 2)
    template = learn_template([signature(layout, 1.5) for layout in layouts])
    learn_s = time.process_time() - started
    ref_s = ours_s = 0.0
    texts = []
    for data in pdfs:
        started = time.process_time()
        extract_text(io.BytesIO(data))
        middle = time.process_time()
        try:
            layout = read_layout(data)
            body, _ = template.split(layout)
            texts.append(assemble(body, rulings=layout.rulings, corpus_words=words))
        except PdfProblem:
            texts.append(None)
        ended = time.process_time()
        ref_s += middle - started
        ours_s += ended - middle
    return ref_s, learn_s, ours_s, texts, template


def _speed(pages: int, ref_s: float, learn_s: float, ours_s: float) -> dict:
    return {
        "pdfminer_extract_text_pages_per_s": round(pages / ref_s, 1),
        "ours_pages_per_s": round(pages / ours_s, 1),
        "ratio_ours_vs_pdfminer": round(ref_s / ours_s, 2),
        "learning_pass_pages_per_s": round(pages / learn_s, 1),
    }


def real_corpus(limit: int | None) -> dict:
    truth = [json.loads(x) for x in (FIXTURES / "truth.jsonl").read_text(encoding="utf-8").splitlines() if x]
    if limit:
        truth = truth[:limit]  # sorted by name: reports of one hospital, enough to learn its letterhead
    pdfs = [(FIXTURES / t["path"]).read_bytes() for t in truth]
    pages = sum(t["n_pages"] for t in truth)
    ref_s, learn_s, ours_s, texts, template = _timed(pdfs)
    hf = hf_removed = paras = kept = 0
    for t, text in zip(truth, texts):
        flat = _norm(text or "")
        got = {_norm(p) for p in (text or "").split("\n\n")}
        for page in t["pages"]:
            for line in page["header"] + page["footer"]:
                hf += 1
                hf_removed += _norm(line) not in flat
        paras += len(t["paragraphs"])
        kept += sum(_norm(p) in got for p in t["paragraphs"])
    return {"corpus": "real producers (Chromium, LibreOffice)", "reports": len(pdfs), "pages": pages,
            **_speed(pages, ref_s, learn_s, ours_s), "clusters": len(template.clusters),
            "header_footer_lines_removed": f"{hf_removed}/{hf}", "paragraphs_kept_word_for_word": f"{kept}/{paras}"}


def synthetic_corpus(patients: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        hospital = Path(tmp) / "hospital"
        generate_hospital(hospital, SynthOptions(n_patients=patients, seed=seed, workers=2))
        truth = [json.loads(x) for x in (hospital / "ground_truth" / "reports.jsonl").read_text().splitlines() if x]
        good = [t for t in truth if not t["bad"]]
        pdfs = [(hospital / t["path"]).read_bytes() for t in good]
    pages = sum(t["n_pages"] for t in good)
    ref_s, learn_s, ours_s, texts, _ = _timed(pdfs)
    exact = sum(text == gt["body_text"] for text, gt in zip(texts, good))
    return {"corpus": "synthetic hospital (reportlab)", "reports": len(pdfs), "pages": pages,
            **_speed(pages, ref_s, learn_s, ours_s), "bodies_exact": f"{exact}/{len(pdfs)}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="tiny inputs (seconds), for the test suite")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    started = time.process_time()
    french_words()  # loaded once per process (worker): not a per-page cost
    print(f"French word list loaded in {time.process_time() - started:.2f} CPU s")
    results = [real_corpus(6 if args.quick else None),
               synthetic_corpus(3 if args.quick else args.patients, args.seed)]
    print(json.dumps(results, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
