"""extract-reports: letterhead removed, body kept word for word, bad PDFs rejected with a reason."""

from __future__ import annotations

import io
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
