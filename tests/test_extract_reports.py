"""extract-reports: letterhead removed, body kept word for word, bad PDFs rejected with a reason."""

from __future__ import annotations

import io
import json
import re
import stat
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from testkit import ground_truth

from pipeline.reports import (
    Layout,
    Line,
    Template,
    assemble,
    clean_text,
    learn_template,
    read_layout,
    signature,
)
from pipeline.reports.pdf import PdfProblem
from pipeline.runner import run_stages
from pipeline.stages.extract_reports import template_path
from pipeline.store import Store

EXPECTED_REASON = {
    "corrupt": "corrupt PDF",
    "encrypted": "encrypted PDF",
    "empty": "empty",
    "scanned": "image-only PDF",
}


@pytest.fixture(scope="module")
def extracted(ingested, synthetic_hospital):
    cfg, _ = ingested
    report = run_stages(cfg, ["extract-reports"], progress=False)[0]
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    root = synthetic_hospital.resolve()
    paths = {r["report_id"]: str(Path(r["source_path"]).relative_to(root))
             for r in store.read_table("raw_reports", columns=["report_id", "source_path"]).to_pylist()}
    texts = {paths[r["report_id"]]: r for r in store.read_table("report_text").to_pylist()}
    rejects = {paths[r["item"]]: r["reason"] for r in store.read_table("rejects", stage="extract-reports").to_pylist()}
    truth = {r["path"]: r for r in ground_truth(synthetic_hospital, "reports")}
    return cfg, report, texts, rejects, truth


def test_letterhead_removed_and_body_kept_word_for_word(extracted):
    _, _, texts, _, truth = extracted
    good = [p for p, t in truth.items() if not t["bad"]]
    assert len(good) >= 20 and any(truth[p]["n_pages"] >= 2 for p in good)
    for path in good:
        row, gt = texts[path], truth[path]
        assert row["text"].split() == gt["body_text"].split(), path
        assert row["text"] == gt["body_text"], path  # paragraphs too
        boilerplate = len(gt["header_lines"]) * gt["n_pages"] + len(gt["footer_lines"]) + gt["n_pages"] - 1
        assert row["n_boilerplate_lines"] == boilerplate, path  # header on every page, footer + page number
        assert row["n_pages"] == gt["n_pages"]
        for line in gt["header_lines"] + gt["footer_lines"]:
            assert line not in row["text"]


def test_every_bad_pdf_is_rejected_with_its_reason(extracted):
    _, report, texts, rejects, truth = extracted
    bad = {p: t["bad"] for p, t in truth.items() if t["bad"]}
    assert set(bad.values()) == set(EXPECTED_REASON)
    assert set(rejects) == set(bad)
    for path, kind in bad.items():
        assert rejects[path].startswith(EXPECTED_REASON[kind]), (kind, rejects[path])
    assert report.rows_in == len(truth) == len(texts) + report.rejects


def test_learned_template_is_in_the_vault_only(extracted):
    cfg, report, _, _, truth = extracted
    path = template_path(Store(cfg.paths.out_dir, cfg.paths.vault_dir))
    assert path.is_file() and Path(cfg.paths.vault_dir) in path.parents
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    hospitals = {t["header_lines"][2] for t in truth.values()}
    out_files = [p for p in Path(cfg.paths.out_dir).rglob("*") if p.is_file() and p.suffix == ".json"]
    for file in out_files:
        text = file.read_text(encoding="utf-8")
        assert not any(address in text for address in hospitals)
    again = run_stages(cfg, ["extract-reports"], progress=False)[0]
    assert again.status == "skipped"


def test_letterhead_learning_is_the_same_in_a_worker_pool(extracted, tmp_path):
    """Learning reads the sampled reports in chunks, in the stage's worker pool when there are workers: the
    learned template and corpus words must not depend on how many processes read them."""
    import shutil

    from pipeline.stages import extract_reports as stage
    from pipeline.store import StageContext

    cfg, _, _, _, _ = extracted
    learned = []
    for workers in (1, 2):
        vault = tmp_path / f"vault{workers}"
        shutil.copytree(cfg.paths.vault_dir, vault)
        (vault / template_path(Store(cfg.paths.out_dir, vault)).relative_to(vault)).unlink()
        run_cfg = cfg.model_copy(update={"paths": cfg.paths.model_copy(update={"vault_dir": vault})})
        ctx = StageContext(cfg=run_cfg, store=Store(cfg.paths.out_dir, vault), workers=workers, progress=False)
        items = stage.table_rows(ctx.store, "raw_reports", "report_id")
        template, words = stage.learned_template(ctx, items)
        learned.append((template.to_json(), words))
    assert learned[0] == learned[1] and json.loads(learned[0][0])["clusters"]


# ---- units ----------------------------------------------------------------------------------------------

def _line(text: str, top: float, page: int = 0, x1: float = 150.0, height: float = 3.5) -> Line:
    return Line(page=page, top_mm=top, bottom_mm=297 - top - height, x0_mm=20, x1_mm=x1, height_mm=height, text=text)


def test_clean_text_unfolds_ligatures_and_normalises():
    assert clean_text("e\u0301panchement  \ufb01n \ufb02uide\u00ad") == "épanchement fin fluide"


def test_paragraphs_hyphenation_and_page_breaks():
    lines = [
        _line("Radiographie du poignet", 40, x1=80),
        _line("Pas de trait de fractu-", 50, x1=185),
        _line("re visible. Interligne radio-", 54.5, x1=185),
        _line("carpien conservé et huméro-radial.", 59, x1=120),
        _line("Aspect radio-carpien normal et aussi une phrase", 280.5, x1=185),
        _line("qui continue sur la page suivante", 285, x1=185),
        _line("sans rupture.", 40, page=1, x1=60),
        _line("Dr Jean-", 50, page=1, x1=185),
        _line("Pierre Martin", 54.5, page=1, x1=60),
    ]
    text = assemble(lines)
    assert text.split("\n\n") == [
        "Radiographie du poignet",
        "Pas de trait de fracture visible. Interligne radio-carpien conservé et huméro-radial.",
        "Aspect radio-carpien normal et aussi une phrase qui continue sur la page suivante sans rupture.",
        "Dr Jean-Pierre Martin",
    ]


def test_learning_keeps_frequent_titles_and_finds_letterheads():
    layouts = []
    for i in range(40):
        site = "Clinique A" if i % 3 else "Hôpital B"
        title = "Radiographie du thorax" if i % 5 < 3 else f"Radiographie cas {chr(65 + i % 26)}{chr(65 + i // 26)}"
        lines = (_line(f"[{site}] radiologie", 10), _line(f"{site} - rue {i % 7 + 1}", 15),
                 _line(title, 40), _line(f"Texte variable numéro {'x' * i}", 48),
                 Line(0, 280, 10, 20, 100, 3, f"Page 1/{i % 2 + 1}"))
        layouts.append(Layout(n_pages=1, lines=lines, page_width_mm=210))
    tpl = learn_template([signature(lay, 1.5) for lay in layouts], min_share=0.05, min_reports=5)
    texts = {e["text"] for c in tpl.clusters for anchors in c["lines"].values() for es in anchors.values() for e in es}
    assert texts == {"[clinique a] radiologie", "[hôpital b] radiologie", "clinique a - rue 0", "hôpital b - rue 0",
                     "page 0/0"}
    assert len(tpl.clusters) == 2  # one per site
    body, removed = tpl.split(layouts[0])
    assert [ln.text for ln in body] == ["Radiographie du thorax", "Texte variable numéro "]
    assert removed == 3
    restored = Template.from_json(tpl.to_json())
    assert restored.split(layouts[1]) == tpl.split(layouts[1])


def test_configured_regions_and_regexes():
    lines = (_line("Hôpital X", 10), _line("Patient : DUPONT Jean", 20), _line("Corps du compte rendu.", 60),
             _line("Imprimé le 01/02/2023", 284))
    tpl = Template().with_rules(header_mm=25, footer_mm=None, regexes=[r"imprimé le .*"])
    body, removed = tpl.split(Layout(1, lines, 210))
    assert [ln.text for ln in body] == ["Corps du compte rendu."] and removed == 3


def _pdf(draw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_read_layout_positions_and_problems():
    data = _pdf(lambda c: (c.setFont("Helvetica", 10), c.drawString(72, A4[1] - 72, "Bonjour à tous")))
    layout = read_layout(data)
    assert layout.n_pages == 1 and [ln.text for ln in layout.lines] == ["Bonjour à tous"]
    assert abs(layout.lines[0].top_mm - (72 / 72 * 25.4 - 2.5)) < 2.5
    for bad, reason in [(b"", "empty file"), (b"hello", "not a PDF"), (data[: len(data) // 3], "corrupt PDF"),
                        (_pdf(lambda c: c.rect(10, 10, 100, 100)), "empty PDF")]:
        with pytest.raises(PdfProblem, match=reason):
            read_layout(bad)


def test_bad_regex_is_a_config_error():
    from pipeline.config import ConfigError, config_from_dict

    with pytest.raises(ConfigError, match="extract_reports.boilerplate_regexes"):
        config_from_dict({"extract_reports": {"boilerplate_regexes": ["("]}})


# ---- reports made by other software (tests/fixtures/reports, scripts/make_report_fixtures.py) -------------

FIXTURES = Path(__file__).parent / "fixtures" / "reports"


def _norm(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).split())


def _in_order(haystack: str, needles: list[str]) -> bool:
    pos = 0
    for needle in needles:
        found = haystack.find(_norm(needle), pos)
        if found < 0:
            return False
        pos = found + len(_norm(needle))
    return True


def _absent(line: str, text: str) -> bool:
    """The line is not in the text as a run of whole words ("1/1" may be inside a date "21/11/2024")."""
    return re.search(r"(?<!\S)" + re.escape(_norm(line)) + r"(?!\S)", text) is None


@pytest.fixture(scope="module")
def real_producers(tmp_path_factory):
    """The stage itself (ingest -> extract-reports) on the committed Chromium/LibreOffice reports."""
    import csv
    import json
    import shutil

    from pipeline.config import config_from_dict

    truth = [json.loads(x) for x in (FIXTURES / "truth.jsonl").read_text(encoding="utf-8").splitlines() if x]
    work = tmp_path_factory.mktemp("real_producers")
    root = work / "hospital"
    (root / "reports").mkdir(parents=True)
    (root / "pacs").mkdir()
    with (root / "report_manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["path", "patient_id", "report_datetime", "report_type", "accession_number"])
        for i, t in enumerate(truth):
            shutil.copy(FIXTURES / t["path"], root / "reports" / t["path"])
            writer.writerow([f"reports/{t['path']}", f"P{i:03d}", f"2024-03-{i % 28 + 1:02d}T10:00:00", "CR", ""])
    cfg = config_from_dict({"paths": {"dicom_dir": str(root / "pacs"), "pdf_dir": str(root / "reports"),
                                      "report_manifest": str(root / "report_manifest.csv"),
                                      "out_dir": str(work / "out"), "vault_dir": str(work / "vault")},
                            "run": {"shard_size": 16}})
    report = run_stages(cfg, ["ingest", "extract-reports"], progress=False)[-1]
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    paths = {r["report_id"]: Path(r["source_path"]).name
             for r in store.read_table("raw_reports", columns=["report_id", "source_path"]).to_pylist()}
    texts = {paths[r["report_id"]]: r["text"] for r in store.read_table("report_text").to_pylist()}
    template = json.loads(template_path(store).read_text(encoding="utf-8"))["template"]
    return truth, report, template, texts


def test_real_producer_corpus_is_varied(real_producers):
    truth, report, template, texts = real_producers
    assert len(truth) >= 30 and {t["n_pages"] for t in truth} >= {1, 2, 3}
    producers = {c["producer"].split(" ")[0] for c in template["clusters"]}
    assert {"libreoffice", "skia/pdf"} <= producers  # LibreOffice and Chromium wrote them
    assert len({t["hospital"] for t in truth}) >= 4
    assert report.rows_in == len(truth) == len(texts) and report.rejects == 0


def test_real_producers_letterhead_removed_and_paragraphs_kept(real_producers):
    truth, report, template, texts = real_producers
    hf_total = hf_removed = para_total = para_kept = 0
    for t in truth:
        text = _norm(texts[t["path"]])
        paras = {_norm(p) for p in texts[t["path"]].split("\n\n")}
        for page in t["pages"]:
            for line in page["header"] + page["footer"]:
                hf_total += 1
                hf_removed += _absent(line, text)
        for para in t["paragraphs"]:
            para_total += 1
            para_kept += _norm(para) in paras
    assert hf_total > 250 and para_total > 500
    assert hf_removed / hf_total >= 0.99, (hf_removed, hf_total)
    assert para_kept / para_total >= 0.99, (para_kept, para_total)
    hospitals = len({t["hospital"] for t in truth})
    assert len(template["clusters"]) == report.stats["template_clusters"] == hospitals  # one cluster per hospital
    assert report.stats["corpus_words"] > 100
    assert "\u00ad" not in "".join(texts.values())


def test_real_producers_tables_and_signature_columns_in_reading_order(real_producers):
    truth, _, _, texts = real_producers
    tables = [t for t in truth if t["table"]]
    assert len(tables) >= 10
    for t in tables:
        assert _in_order(_norm(texts[t["path"]]), [c for row in t["table"] for c in row]), t["path"]
    for t in truth:
        left, right = t["signature"]
        assert _in_order(_norm(texts[t["path"]]), left + right), t["path"]


def test_small_hospital_learned_from_three_reports(real_producers):
    truth = [t for t in real_producers[0] if t["hospital"] == "E"]
    assert len(truth) == 3
    layouts = [read_layout((FIXTURES / t["path"]).read_bytes()) for t in truth]
    template = learn_template([signature(layout, 1.5) for layout in layouts])
    for t, layout in zip(truth, layouts):
        body, _ = template.split(layout)
        text = _norm(assemble(body, rulings=layout.rulings))
        for page in t["pages"]:
            assert all(_absent(line, text) for line in page["header"] + page["footer"])


def test_soft_hyphens_and_compound_hyphens():
    vocab: set[str] = set()
    from pipeline.reports import join_hyphenated

    assert join_hyphenated("une fracture sous-", "capitale du col", vocab) == "une fracture sous-capitale du col"
    assert join_hyphenated("aspect post-", "traumatique", vocab) == "aspect post-traumatique"
    assert join_hyphenated("une réé-", "valuation prévue", vocab) == "une réévaluation prévue"
    assert join_hyphenated("une ostéo-", "porose diffuse", vocab) == "une ostéoporose diffuse"
    assert join_hyphenated("attitude an-", "talgique", vocab) == "attitude antalgique"
    assert join_hyphenated("Dr Jean-", "Pierre Martin", vocab) == "Dr Jean-Pierre Martin"
    assert join_hyphenated("incidence antéro-", "postérieure", vocab) == "incidence antéro-postérieure"
    lines = [_line("Ostéoporose dif", 40, x1=185), _line("fuse et réé", 44.5, x1=185)]
    soft = [replace_soft(lines[0]), lines[1]]
    assert assemble(soft) == "Ostéoporose diffuse et réé"


def replace_soft(line: Line) -> Line:
    from dataclasses import replace

    return replace(line, soft_break=True)


def test_chromium_soft_hyphen_glyphs_are_not_spaces():
    layout = read_layout((FIXTURES / "A00.pdf").read_bytes())
    text = " ".join(ln.text for ln in layout.lines)
    assert "Radiographie" in text and "Ra dio" not in text
    assert any(ln.soft_break for ln in layout.lines)


def test_page_labels():
    from pipeline.reports import is_page_label

    for label in ("Page 1/2", "page 2 sur 3", "1/3", "- 2 -", "Page 4", "p. 2", "3"):
        assert is_page_label(label), label
    for text in ("Page de garde", "1/3 moyen du fémur", "Angle 128°"):
        assert not is_page_label(text), text


# ---- hostile PDFs (issue 14) ----------------------------------------------------------------------------

def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct xref from numbered object bodies (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _page_with_stream(stream: bytes, flate: bool) -> bytes:
    import zlib

    data = zlib.compress(stream, 9) if flate else stream
    filt = b" /Filter /FlateDecode" if flate else b""
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(data), filt) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def test_hostile_pdfs_are_rejected_quickly_with_a_reason():
    import time

    text = b"BT /F1 12 Tf 72 720 Td (Bonjour) Tj ET"
    assert [ln.text for ln in read_layout(_page_with_stream(text, flate=True)).lines] == ["Bonjour"]
    bomb = _page_with_stream(text + b" " * (64 * 2**20), flate=True)  # 64 MiB of content in ~64 KB
    assert len(bomb) < 200_000
    with pytest.raises(PdfProblem, match="too large when inflated"):
        read_layout(bomb, max_inflated_bytes=8 * 2**20)
    n = 50_000
    many = _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"3 0 R " * n + b"] /Count %d >>" % n,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])
    started = time.perf_counter()
    with pytest.raises(PdfProblem, match="too many pages"):
        read_layout(many)
    k = 60  # distinct page objects under a page tree that says 1 (pdfminer visits each object once)
    lying = _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"".join(b"%d 0 R " % (3 + i) for i in range(k)) + b"] /Count 1 >>",
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * k,
    ])
    with pytest.raises(PdfProblem, match="too many pages"):
        read_layout(lying, max_pages=50)
    assert time.perf_counter() - started < 60  # not a timing threshold on speed: a guard against parsing all pages
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(_page_with_stream(text, flate=False)))
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(PdfProblem, match="encrypted"):
        read_layout(buf.getvalue())
    good = _page_with_stream(text, flate=True)
    for bad, reason in [(b"", "empty file"), (b"%PDF-1.4\n", "corrupt PDF"), (good[:60], "corrupt PDF"),
                        (_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
                         "corrupt PDF")]:
        with pytest.raises(PdfProblem, match=reason):
            read_layout(bad)


def test_any_exception_of_one_item_is_a_reject(monkeypatch, extracted):
    import pipeline.stages.extract_reports as stage
    from pipeline.store import ShardJob

    cfg = extracted[0]
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    items = stage.table_rows(store, "raw_reports", "report_id")[:3]
    calls = {"n": 0}
    real = stage.read_layout

    def flaky(data, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RecursionError("maximum recursion depth exceeded")
        return real(data, **kwargs)

    monkeypatch.setattr(stage, "read_layout", flaky)
    job = ShardJob(stage.STAGE, 0, 1, items, cfg, store, {"template": Template().to_json()})
    out = stage.process_shard(job)
    assert len(out.rejects) + len(out.tables["report_text"]) == 3
    assert any(r.reason == "cannot extract text (RecursionError)" for r in out.rejects)


def test_a_pdf_over_the_time_limit_is_a_reject_and_the_shard_goes_on(monkeypatch, extracted):
    """Parsing runs in a limited child: one PDF that hangs costs a reject, the next PDF still extracts."""
    import time

    import pipeline.stages.extract_reports as stage
    from pipeline.isolation import LIMIT_REASON, close_shared_workers
    from pipeline.store import ShardJob

    cfg, _, texts, _, _ = extracted
    cfg = cfg.model_copy(update={"extract_reports": cfg.extract_reports.model_copy(
        update={"max_item_seconds": 1.0})})
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    good = {r["report_id"] for r in texts.values()}
    items = [i for i in stage.table_rows(store, "raw_reports", "report_id") if i[2] in good][:2]
    hanging = next(iter(stage.read_rows(store, "raw_reports", items[:1], ("pdf",))))["pdf"]
    real = stage.read_layout

    def hangs_on_one(data, **kwargs):
        if data == hanging:
            time.sleep(30)
        return real(data, **kwargs)

    monkeypatch.setattr(stage, "read_layout", hangs_on_one)
    job = ShardJob(stage.STAGE, 0, 1, items, cfg, store, {"template": Template().to_json()})
    started = time.monotonic()
    out = stage.process_shard(job)
    close_shared_workers()
    assert time.monotonic() - started < 25
    assert [(r.item, r.reason) for r in out.rejects] == [(items[0][2], LIMIT_REASON)]
    assert [r["report_id"] for r in out.tables["report_text"]] == [items[1][2]]


def test_bench_quick_runs(tmp_path):
    """bench/pdf_extract.py --quick: both corpora measured side by side (no timing threshold)."""
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "bench.json"
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, str(root / "bench" / "pdf_extract.py"), "--quick", "--json", str(out)],
                   check=True, env=env, capture_output=True, timeout=600)
    real, synthetic = json.loads(out.read_text())
    assert real["reports"] == 6 and real["ratio_ours_vs_pdfminer"] > 0
    removed, total = map(int, real["header_footer_lines_removed"].split("/"))
    assert total > 0 and removed == total
    exact, n = map(int, synthetic["bodies_exact"].split("/"))
    assert n > 0 and exact >= n / 2  # 3 patients: a site with a single report has no letterhead to learn from


def test_reviewed_template_file_overrides_learning(real_producers, tmp_path):
    import json

    from pipeline.stages.extract_reports import reviewed_template
    from pipeline.store import StageFailed

    truth, _, template, _ = real_producers
    edited = json.loads(json.dumps(template))
    edited["clusters"] = edited["clusters"][:1]  # a reviewer keeps one hospital's letterhead
    path = tmp_path / "reviewed.json"
    path.write_text(json.dumps({"key": "x", "template": edited}), encoding="utf-8")
    loaded = reviewed_template(path)
    assert len(loaded.clusters) == 1 and loaded.n_learned == sum(
        len(e) for anchors in edited["clusters"][0]["lines"].values() for e in anchors.values())
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(StageFailed, match="not a template file"):
        reviewed_template(tmp_path / "bad.json")


def _at(text: str, top: float, x0: float, x1: float, page: int = 0) -> Line:
    return Line(page=page, top_mm=top, bottom_mm=297 - top - 3.5, x0_mm=x0, x1_mm=x1, height_mm=3.5, text=text)


def test_reading_order_columns_tables_and_justified_lines():
    from pipeline.reports import Ruling, reading_order

    # A signature block: left column left-aligned, right column right-aligned at 190 mm.
    sig = [_at("Dr Claire Vasseur", 200, 20, 60), _at("Dr Paul Moreau", 200, 150, 190),
           _at("Radiologue", 205, 20, 42), _at("Praticien hospitalier", 205, 145, 190),
           _at("Validé le 03/04/2024", 210, 20, 65)]
    assert [ln.text for ln in reading_order(sig)] == [
        "Dr Claire Vasseur", "Radiologue", "Validé le 03/04/2024", "Dr Paul Moreau", "Praticien hospitalier"]
    assert assemble(sig).split("\n\n") == ["Dr Claire Vasseur Radiologue Validé le 03/04/2024",
                                           "Dr Paul Moreau Praticien hospitalier"]
    # The same block where the two sides never share a row (other font sizes and spacing).
    drift = [_at("Dr Claire Vasseur", 200, 20, 60), _at("Dr Paul Moreau", 202.5, 150, 190),
             _at("Radiologue", 206, 20, 42), _at("Praticien hospitalier", 208.5, 145, 190),
             _at("Validé le 03/04/2024", 212, 20, 65)]
    assert [ln.text for ln in reading_order(drift)] == [
        "Dr Claire Vasseur", "Radiologue", "Validé le 03/04/2024", "Dr Paul Moreau", "Praticien hospitalier"]
    # A right-aligned date above a salutation is not a column block.
    letter = [_at("Lyon, le 3 avril 2024", 40, 150, 190), _at("Cher confrère,", 50, 20, 50),
              _at("Votre patiente a bénéficié d'une radiographie du genou le 2 avril.", 55, 20, 180)]
    assert [ln.text for ln in reading_order(letter)] == [ln.text for ln in letter]
    # A ruled table whose first cell wraps: the cell's lines stay together, rows stay in order.
    table = [_at("Mesure", 100, 20, 40), _at("Droite", 100, 90, 105), _at("Gauche", 100, 140, 156),
             _at("Angle cervico-", 106, 20, 48), _at("128°", 106, 90, 98), _at("131°", 106, 140, 148),
             _at("diaphysaire", 110, 20, 42), _at("Index", 116, 20, 31), _at("18°", 116, 90, 96),
             _at("21°", 116, 140, 146)]
    rules = [Ruling(0, y, y + 0.2, 18, 180) for y in (98.5, 104.5, 114.5, 121)]
    assert [ln.text for ln in reading_order(table, rules)] == [
        "Mesure", "Droite", "Gauche", "Angle cervico-", "diaphysaire", "128°", "131°", "Index", "18°", "21°"]
    # A justified line that pdfminer split at a wide space is not a column block.
    prose = [_at("Le bilan est complété par une", 50, 20, 90), _at("incidence de profil", 50, 100, 190),
             _at("en semi-flexion sans lésion surajoutée.", 54, 20, 110)]
    assert [ln.text for ln in reading_order(prose)] == [ln.text for ln in prose]


def test_fixed_body_label_below_varying_text_is_kept():
    """A label every report prints at the same place ("Indication :" alone on its line, in the left strip)
    is body text when varying lines separate it from the letterhead."""
    layouts = []
    for i in range(6):
        lines = (_line("CHU de Nulle-Part", 10, x1=90), _line("Service de radiologie", 15, x1=80),
                 _line(f"Patient : Nom{'x' * i} Prénom{'y' * (5 - i)}", 30, x1=120),
                 _line("Indication :", 38, x1=45), _line(f"Douleur {'z' * i}", 42, x1=100 + i),
                 Line(0, 280, 10, 20, 60, 3, f"Page 1/{i % 2 + 1}"))
        layouts.append(Layout(n_pages=1, lines=lines, page_width_mm=210))
    tpl = learn_template([signature(lay, 1.5) for lay in layouts])
    for layout in layouts:
        body, removed = tpl.split(layout)
        assert [ln.text for ln in body][:2] == [layout.lines[2].text, "Indication :"] and removed == 3
