"""Regenerate tests/fixtures/reports: French report PDFs made by real producers, with ground truth.

The test suite reads the committed PDFs (CI has neither LibreOffice nor Chromium); this script is how they
were made, so anyone can regenerate or extend them:

    apt-get install -y --no-install-recommends libreoffice-writer chromium fonts-dejavu-core fonts-liberation \
        hyphen-fr
    pip install python-docx pyphen
    python scripts/make_report_fixtures.py [--out tests/fixtures/reports] [--seed 11]

Eight fictional hospitals, each with its own producer and letterhead mechanism:

- A (Chromium): CSS `@page` margin boxes, a different first page (`@page :first`), "Page 1/2".
- B (Chromium): `position: fixed` header repeated on every page; footer and "- 2 -" in margin boxes.
- C (LibreOffice, DOCX by python-docx): header/footer sections with a different first page, "Page 1 sur 3".
- D (LibreOffice, flat ODT): master pages "First Page" then "Standard", page label "1/3".
- E (Chromium, only 3 reports): fixed header, "Page 1 sur 2" margin box; learning must work from a handful.
- F (LibreOffice, DOCX): first-page letterhead as a two-cell table plus a dated line ("Rezé, le 3 mars 2024").
- G (LibreOffice, flat ODT): LibreOffice's own French hyphenation (hyphen-fr: plain "-" at breaks), "Page 2".
- H (Chromium): fixed header and a fixed column of the department's doctors down the left margin.

Bodies: justified paragraphs with soft hyphens (pyphen's French patterns: Chromium keeps them as zero-advance
glyphs and draws U+2010 at a break; LibreOffice draws "-"), compound words, ligature-prone words ("fi", "ff",
"ffi"), a ruled table, a two-column signature block. Ground truth (`truth.jsonl`) holds per PDF the header and
footer lines of each page, the body paragraphs, the table cells and the signature columns.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
]

HOSPITALS = {
    "A": {"name": "Centre Hospitalier de Valmont", "service": "Pôle imagerie médicale — Radiologie ostéo-articulaire",
          "address": "12 avenue des Tilleuls, 38200 Valmont", "phone": "Tél. 04 76 12 34 56 — Fax 04 76 12 34 57",
          "footer": "CH de Valmont · FINESS 380781234 · secretariat.radio@ch-valmont.fr", "label": "Page {p}/{n}",
          "producer": "chromium-margin", "count": 10},
    "B": {"name": "Clinique des Tilleuls", "service": "Imagerie — Radiologie conventionnelle",
          "address": "3 rue du Général Ferrié, 69003 Lyon", "phone": "Secrétariat : 04 78 55 66 77",
          "footer": "SAS Clinique des Tilleuls — RCS Lyon 512 345 678", "label": "- {p} -",
          "producer": "chromium-fixed", "count": 9},
    "C": {"name": "Hôpital Saint-Roch", "service": "Service de radiologie et imagerie médicale",
          "address": "5 place Garibaldi, 06000 Nice", "phone": "Standard : 04 92 03 33 33",
          "footer": "Hôpital Saint-Roch — 5 place Garibaldi — 06000 Nice", "label": "Page {p} sur {n}",
          "producer": "libreoffice-docx", "count": 9},
    "D": {"name": "CHU de Bellerive", "service": "Département d'imagerie — Site Nord",
          "address": "Boulevard Jean Moulin, 63000 Clermont-Ferrand", "phone": "Rendez-vous : 04 73 75 00 00",
          "footer": "CHU de Bellerive — www.chu-bellerive.fr", "label": "{p}/{n}",
          "producer": "libreoffice-fodt", "count": 9},
    "E": {"name": "Polyclinique du Lac", "service": "Cabinet de radiologie du Lac",
          "address": "8 quai des Pêcheurs, 74000 Annecy", "phone": "Tél. : 04 50 45 12 12",
          "footer": "Polyclinique du Lac — Annecy", "label": "Page {p} sur {n}",
          "producer": "chromium-fixed-small", "count": 3},
    "F": {"name": "Groupe Hospitalier Sud-Loire", "service": "Imagerie ostéo-articulaire",
          "address": "40 rue de la Sèvre, 44400 Rezé", "phone": "Accueil : 02 40 84 61 00",
          "footer": "GH Sud-Loire — établissement de santé privé d'intérêt collectif", "label": "Page {p} sur {n}",
          "city": "Rezé", "producer": "libreoffice-docx-table", "count": 5},
    "G": {"name": "Centre d'Imagerie des Remparts", "service": "Radiologie — Échographie — Scanner",
          "address": "2 boulevard des Remparts, 84000 Avignon", "phone": "Tél. 04 90 27 27 27",
          "footer": "SELARL Imagerie des Remparts — N° RPPS 10001234567", "label": "Page {p}",
          "producer": "libreoffice-fodt-autohyphen", "count": 5},
    "H": {"name": "Institut Orthopédique de la Côte", "service": "Service d'imagerie",
          "address": "17 allée des Pins, 33120 Arcachon", "phone": "Tél. 05 56 22 33 44",
          "footer": "IOC Arcachon — membre du groupement hospitalier de territoire", "label": "Page {p} sur {n}",
          "sidebar": ["Chef de service", "Dr Armelle Bernard", "Praticiens hospitaliers", "Dr Luc Fabre",
                      "Dr Nora Haddad", "Dr Éric Simonin", "Cadre de santé", "Mme Julie Perret", "Secrétariat",
                      "05 56 22 33 45"],
          "producer": "chromium-sidebar", "count": 5},
}
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]

EXAMS = [
    ("Radiographie du poignet droit", "Chute de sa hauteur, douleur de la tabatière anatomique."),
    ("Radiographie du bassin de face", "Douleur de hanche gauche après une chute, suspicion de fracture."),
    ("Radiographie du genou gauche en charge", "Gonalgies mécaniques chroniques, bilan d'arthrose."),
    ("Radiographie de l'épaule droite", "Traumatisme de l'épaule, impotence fonctionnelle."),
    ("Radiographie de la cheville gauche", "Entorse en inversion, appui impossible."),
    ("Radiographie du rachis lombaire", "Lombalgies chroniques, recherche de tassement vertébral."),
    ("Radiographie de la main gauche", "Traumatisme du cinquième doigt, tuméfaction."),
    ("Radiographie du coude droit", "Chute sur le coude, douleur olécrânienne."),
]

FINDINGS = [
    "Pas de trait de fracture visible sur les incidences réalisées, notamment au niveau du scaphoïde carpien.",
    "Ostéoporose diffuse avec amincissement des corticales et raréfaction de la trame osseuse trabéculaire.",
    "Interligne articulaire conservé, sans pincement significatif ni ostéophytose marginale évolutive.",
    "Fracture sous-capitale du col fémoral, déplacée, de type Garden trois, avec ascension du grand trochanter.",
    "Aspect post-traumatique de la diaphyse, consolidation en cours avec cal osseux périostéal abondant.",
    "Les rapports articulaires sont normaux en incidence antéro-postérieure et en incidence de profil strict.",
    "Épanchement intra-articulaire modéré, sans corps étranger radio-opaque ni calcification des parties molles.",
    "Efficacité du traitement difficile à affirmer : une réévaluation radiographique à six semaines est conseillée.",
    "Déminéralisation épiphysaire en bande, compatible avec une algodystrophie débutante, à confronter à la clinique.",
    "Arthrose fémoro-tibiale médiale avec pincement de l'interligne et condensation de l'os sous-chondral.",
    "Absence d'anomalie de la statique rachidienne en incidence de face ; discrète attitude scoliotique antalgique.",
    "Tassement cunéiforme ancien du corps vertébral, sans recul du mur postérieur ni lyse pédiculaire.",
    "Calcification tendineuse du supra-épineux, de forme ovalaire, mesurant environ huit millimètres.",
    "Matériel d'ostéosynthèse en place, sans démontage, sans liseré péri-prothétique ni signe de descellement.",
    "Les parties molles sont sans particularité ; pas d'emphysème sous-cutané ni de tuméfaction significative.",
    "Ébauche de coxarthrose supéro-externe bilatérale, prédominant à droite, sans ostéonécrose céphalique.",
    "Fracture non déplacée de la base de la première phalange, sans extension articulaire sur les incidences obliques.",
    "Les structures osseuses présentent une densité homogène ; les contours corticaux sont réguliers et continus.",
    "Pseudarthrose probable du foyer de fracture avec élargissement du trait et sclérose des berges osseuses.",
    "Le bilan est complété par une incidence de profil en semi-flexion, qui ne montre pas de lésion surajoutée.",
]
CONCLUSIONS = [
    "Conclusion : absence de lésion osseuse traumatique récente. Contrôle clinique conseillé.",
    "Conclusion : fracture sous-capitale déplacée ; avis orthopédique en urgence.",
    "Conclusion : arthrose modérée, sans signe de complication. Pas d'indication à une imagerie complémentaire.",
    "Conclusion : aspect compatible avec une fracture non déplacée ; immobilisation et contrôle à dix jours.",
]
TABLE_ROWS = [("Angle cervico-diaphysaire", "128°", "131°"), ("Hauteur de l'interligne", "4,1 mm", "3,2 mm"),
              ("Index acétabulaire", "18°", "21°"), ("Angle fémoro-tibial", "178°", "183°"),
              ("Épaisseur corticale", "5,5 mm", "4,8 mm")]
DOCTORS = [("Dr Claire Vasseur", "Radiologue"), ("Dr Paul Moreau", "Praticien hospitalier"),
           ("Dr Inès Lefebvre", "Radiologue"), ("Dr Hugo Garnier", "Chef de clinique"),
           ("Dr Sophie Renaud", "Interne en radiologie"), ("Dr Marc Aubert", "Radiologue associé")]
PATIENTS = ["M. Jean Dufresne", "Mme Odile Marchand", "M. Karim Benali", "Mme Lucie Perrin", "M. Yves Carpentier",
            "Mme Nadia Roussel", "M. Bruno Lemaire", "Mme Agathe Fontaine"]


def _soft(text: str, dic) -> str:
    """Insert French soft hyphens (U+00AD) in long plain words, as an author's word processor would."""
    words = []
    for word in text.split(" "):
        core = word.strip(".,;:()'’")
        if len(core) >= 8 and core.isalpha():
            word = word.replace(core, dic.inserted(core, hyphen="\u00ad"))
        words.append(word)
    return " ".join(words)


def make_report(rng: random.Random, hospital: str, index: int) -> dict:
    """One report's content (ground truth before rendering)."""
    title, indication = rng.choice(EXAMS)
    n_findings = rng.choice([2, 3, 5, 8, 12, 18, 26, 38])
    findings = rng.sample(FINDINGS, min(n_findings, len(FINDINGS)))
    if n_findings > len(FINDINGS):
        findings += rng.sample(FINDINGS, n_findings - len(FINDINGS))
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    left, right = rng.sample(DOCTORS, 2)
    paragraphs = [
        title,
        f"Patient : {rng.choice(PATIENTS)}, examen du {day:02d}/{month:02d}/2024.",
        f"Indication : {indication}",
        "Technique : incidences de face et de profil, sans injection.",
        *findings,
        rng.choice(CONCLUSIONS),
    ]
    table = None
    if rng.random() < 0.6:
        rows = rng.sample(TABLE_ROWS, rng.randint(2, 4))
        table = [["Mesure", "Côté droit", "Côté gauche"], *[list(r) for r in rows]]
    signature = [[left[0], left[1], f"Compte rendu validé le {day:02d}/{month:02d}/2024"],
                 [right[0], right[1], "Relecture et validation"]]
    dated = f"{HOSPITALS[hospital].get('city', '')}, le {day} {MONTHS[month - 1]} 2024"
    return {"id": f"{hospital}{index:02d}", "hospital": hospital, "paragraphs": paragraphs, "table": table,
            "dated": dated,
            "signature": signature, "table_after": rng.randint(4, len(paragraphs) - 1)}


# ---- Chromium -------------------------------------------------------------------------------------------

def _css_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _css_label(label: str) -> str:
    parts = []
    for chunk in label.replace("{p}", "\0p\0").replace("{n}", "\0n\0").split("\0"):
        if chunk == "p":
            parts.append("counter(page)")
        elif chunk == "n":
            parts.append("counter(pages)")
        elif chunk:
            parts.append(_css_str(chunk))
    return " ".join(parts)


def _body_html(report: dict, dic) -> str:
    out = []
    for i, para in enumerate(report["paragraphs"]):
        tag = "h1" if i == 0 else "p"
        out.append(f"<{tag}>{html.escape(_soft(para, dic))}</{tag}>")
        if report["table"] and i == report["table_after"]:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                           for row in report["table"])
            out.append(f"<table>{rows}</table>")
    cols = "".join("<div class='col'>" + "".join(f"<div>{html.escape(x)}</div>" for x in col) + "</div>"
                   for col in report["signature"])
    out.append(f"<div class='sig'>{cols}</div>")
    return "\n".join(out)


BASE_CSS = """
body { font-family: 'DejaVu Serif', serif; font-size: 10.5pt; margin: 0; }
h1 { font-size: 13pt; margin: 0 0 4mm 0; }
p { text-align: justify; hyphens: manual; margin: 0 0 3mm 0; line-height: 1.35; }
table { border-collapse: collapse; margin: 2mm 0 4mm 0; }
td { border: 0.6pt solid #333; padding: 1.2mm 3mm; font-size: 10pt; }
.sig { display: flex; justify-content: space-between; margin-top: 8mm; page-break-inside: avoid; }
.col { width: 42%; }
"""


def chromium_html(report: dict, h: dict, dic, kind: str) -> str:
    label = _css_label(h["label"])
    if kind == "chromium-margin":
        css = f"""
@page {{ size: A4; margin: 28mm 20mm 24mm 20mm;
  @top-left {{ content: {_css_str(h['name'] + ' — ' + h['service'])}; font-size: 8.5pt; }}
  @bottom-left {{ content: {_css_str(h['footer'])}; font-size: 7.5pt; }}
  @bottom-right {{ content: {label}; font-size: 8pt; }} }}
@page :first {{ margin-top: 48mm;
  @top-left {{ content: {_css_str(h['name'])} "\\A" {_css_str(h['service'])} "\\A" {_css_str(h['address'])} "\\A"
     {_css_str(h['phone'])}; white-space: pre; font-size: 9pt; vertical-align: bottom; }} }}
"""
        head, foot = "", ""
    else:
        css = f"""
@page {{ size: A4; margin: 10mm 22mm 30mm 22mm;
  @bottom-left {{ content: {_css_str(h['footer'])}; font-size: 7.5pt; }}
  @bottom-right {{ content: {label}; font-size: 8pt; }} }}
.fixed-head {{ position: fixed; top: 0; left: 0; right: 0; font-size: 9pt; border-bottom: 0.5pt solid #888; }}
table.page {{ border: none; width: 100%; }} table.page > thead > tr > td, table.page > tbody > tr > td {{ border: none;
  padding: 0; }} .head-space {{ height: 27mm; }}
"""
        if kind == "chromium-sidebar":  # the department's doctors listed down the left margin, every page
            css += ".side { position: fixed; left: 0; top: 45mm; width: 36mm; font-size: 7.5pt; line-height: 1.6; }" \
                   " table.page { margin-left: 42mm; width: calc(100% - 42mm); }"
        head = (f"<div class='fixed-head'><div><b>{html.escape(h['name'])}</b></div><div>{html.escape(h['service'])}"
                f"</div><div>{html.escape(h['address'])} — {html.escape(h['phone'])}</div></div>")
        foot = ""  # a fixed footer overflows into a blank page in Chromium: the footer goes in margin boxes
        if kind == "chromium-sidebar":
            foot = "<div class='side'>" + "".join(f"<div>{html.escape(x)}</div>" for x in h["sidebar"]) + "</div>"
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>{report['id']}</title>"
            f"<style>{BASE_CSS}{css}</style></head><body>{head}{foot}{_wrap(_body_html(report, dic), kind)}</body></html>")


def _wrap(body: str, kind: str) -> str:
    """Under a fixed header, the usual trick: an empty table head, repeated on every page, keeps text below it."""
    if kind == "chromium-margin":
        return body
    return ("<table class='page'><thead><tr><td><div class='head-space'></div></td></tr></thead>"
            f"<tbody><tr><td>{body}</td></tr></tbody></table>")


def render_chromium(html_text: str, pdf: Path, tmp: Path) -> None:
    src = tmp / f"{pdf.stem}.html"
    src.write_text(html_text, encoding="utf-8")
    subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'chromium-profile'}",
                    f"--print-to-pdf={pdf}", src.as_uri()], check=True, capture_output=True, timeout=120)


# ---- LibreOffice ----------------------------------------------------------------------------------------

def _docx_field(paragraph, instr: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == "1":
            t = OxmlElement("w:t")
            t.text = "1"
            run._r.append(t)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
            run._r.append(el)


def _docx_label(paragraph, label: str) -> None:
    for chunk in label.replace("{p}", "\0p\0").replace("{n}", "\0n\0").split("\0"):
        if chunk == "p":
            _docx_field(paragraph, "PAGE")
        elif chunk == "n":
            _docx_field(paragraph, "NUMPAGES")
        elif chunk:
            paragraph.add_run(chunk)


def make_docx(report: dict, h: dict, dic, path: Path) -> None:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Liberation Sans", Pt(10.5)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Mm(297), Mm(210)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(30), Mm(25), Mm(22), Mm(22)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    sec.different_first_page_header_footer = True
    first = sec.first_page_header.paragraphs[0]
    if h["producer"] == "libreoffice-docx-table":  # letterhead as a two-cell table, then the letter's date
        first.text = ""
        cells = sec.first_page_header.add_table(rows=1, cols=2, width=Mm(166)).rows[0].cells
        cells[0].text, cells[1].text = h["name"], h["address"]
        cells[0].add_paragraph(h["service"])
        cells[1].add_paragraph(h["phone"])
        sec.first_page_header.add_paragraph(report["dated"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        first.text = h["name"]
        first.runs[0].bold = True
        for line in (h["service"], h["address"], h["phone"]):
            sec.first_page_header.add_paragraph(line)
    sec.header.paragraphs[0].text = f"{h['name']} — {h['service']}"
    for footer in (sec.first_page_footer, sec.footer):
        footer.paragraphs[0].text = h["footer"]
        _docx_label(footer.add_paragraph(), h["label"])
        footer.paragraphs[1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i, para in enumerate(report["paragraphs"]):
        p = doc.add_paragraph(_soft(para, dic))
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if i == 0:
            p.runs[0].bold = True
            p.runs[0].font.size = Pt(13)
        if report["table"] and i == report["table_after"]:
            table = doc.add_table(rows=len(report["table"]), cols=3)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            for r, row in enumerate(report["table"]):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            doc.add_paragraph()
    doc.add_paragraph()
    sig = doc.add_table(rows=1, cols=2)
    for c, col in enumerate(report["signature"]):
        cell = sig.cell(0, c)
        cell.text = col[0]
        for line in col[1:]:
            cell.add_paragraph(line)
    doc.save(str(path))


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"><style:text-properties style:font-name="Liberation Serif"
  fo:font-size="11pt" fo:language="fr" fo:country="FR"/></style:style>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="2.5mm"/></style:style>
 <style:style style:name="Title1" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-bottom="4mm"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Small" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="8pt"/></style:style>
 <style:style style:name="FirstPage" style:family="paragraph" style:parent-style-name="Title1"
  style:master-page-name="First_20_Page"/>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm"
  fo:margin-top="12mm" fo:margin-bottom="10mm" fo:margin-left="20mm" fo:margin-right="20mm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="8mm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="8mm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"
  fo:padding="1mm"/></style:style>
 <style:style style:name="NoBorder" style:family="table-cell"><style:table-cell-properties fo:border="none"
  fo:padding="0mm"/></style:style>
</office:automatic-styles>
"""


class _NoSoftHyphens:
    """For LibreOffice's own hyphenation (Debian hyphen-fr): no soft hyphens in the source text."""

    @staticmethod
    def inserted(word: str, hyphen: str = "") -> str:
        return word


def make_fodt(report: dict, h: dict, dic) -> str:
    esc = html.escape
    head = FODT_HEAD
    if h["producer"] == "libreoffice-fodt-autohyphen":
        dic = _NoSoftHyphens()
        head = head.replace('fo:language="fr" fo:country="FR"/>', 'fo:language="fr" fo:country="FR" '
                            'fo:hyphenate="true" fo:hyphenation-remain-char-count="2" '
                            'fo:hyphenation-push-char-count="2"/>')
        assert head != FODT_HEAD

    def label(style: str) -> str:
        text = esc(h["label"]).replace("{p}", '<text:page-number text:select-page="current">1</text:page-number>')
        text = text.replace("{n}", "<text:page-count>1</text:page-count>")
        return f'<text:p text:style-name="{style}">{text}</text:p>'

    footer = f'<style:footer><text:p text:style-name="Small">{esc(h["footer"])}</text:p>{label("Small")}</style:footer>'
    masters = (
        '<office:master-styles>'
        '<style:master-page style:name="Standard" style:page-layout-name="pm1">'
        f'<style:header><text:p text:style-name="Small">{esc(h["name"])} — {esc(h["service"])}</text:p></style:header>'
        f'{footer}</style:master-page>'
        '<style:master-page style:name="First_20_Page" style:display-name="First Page" '
        'style:page-layout-name="pm1" style:next-style-name="Standard"><style:header>'
        + "".join(f'<text:p text:style-name="Standard">{esc(x)}</text:p>'
                  for x in (h["name"], h["service"], h["address"], h["phone"]))
        + f'</style:header>{footer}</style:master-page></office:master-styles>'
    )
    body = []
    for i, para in enumerate(report["paragraphs"]):
        style = "FirstPage" if i == 0 else "Body"
        body.append(f'<text:p text:style-name="{style}">{esc(_soft(para, dic))}</text:p>')
        if report["table"] and i == report["table_after"]:
            rows = "".join("<table:table-row>" + "".join(
                f'<table:table-cell table:style-name="Cell"><text:p>{esc(c)}</text:p></table:table-cell>'
                for c in row) + "</table:table-row>" for row in report["table"])
            body.append(f'<table:table table:name="Mesures"><table:table-column table:number-columns-repeated="3"/>'
                        f'{rows}</table:table><text:p text:style-name="Body"/>')
    cells = "".join('<table:table-cell table:style-name="NoBorder">'
                    + "".join(f"<text:p>{esc(x)}</text:p>" for x in col) + "</table:table-cell>"
                    for col in report["signature"])
    body.append('<text:p text:style-name="Body"/><table:table table:name="Signatures">'
                f'<table:table-column table:number-columns-repeated="2"/><table:table-row>{cells}</table:table-row>'
                '</table:table>')
    return head + masters + "<office:body><office:text>" + "".join(body) + \
        "</office:text></office:body></office:document>"


def render_libreoffice(sources: list[Path], outdir: Path, tmp: Path) -> None:
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp / 'lo').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)],
                   check=True, capture_output=True, timeout=600)


# ---- driver ---------------------------------------------------------------------------------------------

def page_texts(pdf: Path) -> list[str]:
    from pdfminer.high_level import extract_text
    from pypdf import PdfReader

    n = len(PdfReader(str(pdf)).pages)
    return [extract_text(str(pdf), page_numbers=[i]) for i in range(n)]


def main() -> None:
    import pyphen

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("tests/fixtures/reports"))
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    dic = pyphen.Pyphen(lang="fr_FR")
    rng = random.Random(args.seed)
    reports = [make_report(rng, key, i) for key, h in HOSPITALS.items() for i in range(h["count"])]
    rng.shuffle(reports)  # hospitals mixed in one run
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        office = []
        for report in reports:
            h = HOSPITALS[report["hospital"]]
            pdf = args.out / f"{report['id']}.pdf"
            kind = h["producer"]
            if kind.startswith("chromium"):
                style = kind if kind in ("chromium-margin", "chromium-sidebar") else "chromium-fixed"
                render_chromium(chromium_html(report, h, dic, style), pdf, tmp)
            elif kind.startswith("libreoffice-docx"):
                make_docx(report, h, dic, tmp / f"{report['id']}.docx")
                office.append(tmp / f"{report['id']}.docx")
            else:
                (tmp / f"{report['id']}.fodt").write_text(make_fodt(report, h, dic), encoding="utf-8")
                office.append(tmp / f"{report['id']}.fodt")
        render_libreoffice(office, args.out, tmp)
    truth = []
    for report in sorted(reports, key=lambda r: r["id"]):
        h = HOSPITALS[report["hospital"]]
        pdf = args.out / f"{report['id']}.pdf"
        n = len(page_texts(pdf))
        first_head = [h["name"], h["service"], h["address"], h["phone"]]
        other_head = [f"{h['name']} — {h['service']}"]
        if h["producer"] in ("chromium-fixed", "chromium-fixed-small", "chromium-sidebar"):
            first_head = other_head = [h["name"], h["service"], f"{h['address']} — {h['phone']}",
                                       *h.get("sidebar", [])]
        if h["producer"] == "libreoffice-docx-table":
            first_head = [*first_head, report["dated"]]
        pages = [{"header": first_head if p == 0 else other_head,
                  "footer": [h["footer"], h["label"].format(p=p + 1, n=n)]} for p in range(n)]
        truth.append({"path": pdf.name, "hospital": report["hospital"], "producer": h["producer"], "n_pages": n,
                      "pages": pages, "paragraphs": report["paragraphs"], "table": report["table"],
                      "signature": report["signature"]})
    (args.out / "truth.jsonl").write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in truth),
                                          encoding="utf-8")
    print(f"{len(truth)} PDFs, {sum(t['n_pages'] for t in truth)} pages in {args.out}")


if __name__ == "__main__":
    main()
