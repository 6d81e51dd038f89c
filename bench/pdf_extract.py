"""Benchmark of report extraction: pages/s of ours next to `pdfminer.high_level.extract_text`.

Same PDFs (the readable reports of a synthetic hospital), one process. Ours =
layout + letterhead removal + paragraphs (the learning pass is timed apart:
it runs once per hospital); reference = pdfminer's plain `extract_text`.

    python bench/pdf_extract.py --patients 40
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from pathlib import Path

from pdfminer.high_level import extract_text

from pipeline.reports import PdfProblem, assemble, learn_template, read_layout, signature
from pipeline.synth import SynthOptions, generate_hospital


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hospital = Path(tmp) / "hospital"
        generate_hospital(hospital, SynthOptions(n_patients=args.patients, seed=args.seed, workers=2))
        truth = [json.loads(x) for x in (hospital / "ground_truth" / "reports.jsonl").read_text().splitlines() if x]
        good = [t for t in truth if not t["bad"]]
        pdfs = [(hospital / t["path"]).read_bytes() for t in good]
    pages = sum(t["n_pages"] for t in good)

    started = time.perf_counter()
    for data in pdfs:
        extract_text(io.BytesIO(data))
    ref_s = time.perf_counter() - started

    started = time.perf_counter()
    layouts = [read_layout(data) for data in pdfs]
    layout_s = time.perf_counter() - started
    started = time.perf_counter()
    template = learn_template([signature(lay, 1.5) for lay in layouts])
    learn_s = time.perf_counter() - started
    started = time.perf_counter()
    exact = 0
    for data, gt in zip(pdfs, good):
        try:
            body, _ = template.split(read_layout(data))
        except PdfProblem:
            continue
        exact += assemble(body) == gt["body_text"]
    ours_s = time.perf_counter() - started

    summary = {
        "reports": len(pdfs), "pages": pages,
        "pdfminer_extract_text_pages_per_s": round(pages / ref_s, 1),
        "ours_pages_per_s": round(pages / ours_s, 1),
        "ratio_ours_vs_pdfminer": round(ref_s / ours_s, 2),
        "learning_pass_pages_per_s": round(pages / (layout_s + learn_s), 1),
        "bodies_exact": f"{exact}/{len(pdfs)}",
    }
    print(json.dumps(summary, indent=1))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
