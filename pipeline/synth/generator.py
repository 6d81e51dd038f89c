"""`generate_hospital`: a seeded synthetic PACS + report tree with its ground truth.

Generation happens in two steps. A plan (every patient, study, image, report,
bad file and all their random choices) is drawn from seeded RNGs in a fixed
order; then every file is rendered from its own job, which carries its own
seed. Output therefore depends on nothing but the options (not on the number
of worker processes, nor on file-system order), and the same seed gives a
byte-identical tree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

from pipeline.synth.anatomy import BODY_PARTS, burn_annotations, burn_marker, render_anatomy, render_text_page
from pipeline.synth.dicomio import DicomHeader, encode_dicom, encode_png, make_uid, truncate_dicom
from pipeline.synth.options import SynthOptions
from pipeline.synth.pdf import blank_pdf, corrupt_pdf, encrypted_pdf, report_pdf, scanned_pdf
from pipeline.synth.people import HOSPITALS, Doctor, Hospital, IdentityFactory, Patient, hex_name
from pipeline.synth.texts import ReportContent, consultation_report, exam_title, radiology_report

VIEWS = {
    "HAND": ["PA", "OBL"], "WRIST": ["PA", "LAT"], "ELBOW": ["AP", "LAT"], "SHOULDER": ["AP", "OBL"],
    "HIP": ["AP", "LAT"], "KNEE": ["AP", "LAT"], "ANKLE": ["AP", "LAT"], "FOOT": ["AP", "OBL"], "SPINE": ["AP", "LAT"],
}
BAD_IMAGE_KINDS = ("truncated", "not_dicom")
BAD_REPORT_KINDS = ("corrupt", "encrypted", "empty", "empty_blank", "scanned")
FIRST_DAY, LAST_DAY = dt.date(2015, 1, 1), dt.date(2024, 12, 20)


@dataclass
class ImageJob:
    """One file under pacs/ or pacs_png/ and its ground-truth row."""

    path: str
    seed: int
    body_part: str
    lateral: bool
    fracture: bool
    displaced: bool
    consolidated: bool
    implant: bool
    shape: tuple[int, int]
    header: DicomHeader | None  # None for PNG and not-DICOM files
    burned_in: str = "none"
    marker_text: str | None = None
    text_lines: list[str] | None = None
    small_text: list[str] | None = None  # annotations burned on a radiograph (burned_in "phi_small")
    text_px: int | None = None  # their letter height in pixels
    dark_text: bool = True
    bad: str | None = None
    fmt: str = "dcm"  # 'dcm' | 'png' | 'txt'
    patient_id: str | None = None
    study_uid: str | None = None
    modality: str | None = None
    cast: bool = False
    boxes: list[dict] = field(default_factory=list)  # ground-truth boxes, filled when rendered


@dataclass
class Study:
    uid: str
    accession: str
    patient: Patient
    when: dt.datetime
    body_part: str
    laterality: str
    fracture: bool
    findings: dict
    hospital: Hospital
    referrer: Doctor
    radiologist: Doctor
    modality: str
    folder: str
    png: bool = False
    same_day_group: int | None = None
    report_when: dt.datetime | None = None
    report_path: str | None = None
    images: list[ImageJob] = field(default_factory=list)


@dataclass
class ReportJob:
    path: str
    seed: int
    patient: Patient
    hospital: Hospital
    when: dt.datetime
    report_type: str
    study: Study | None
    two_page: bool
    bad: str | None = None
    content: ReportContent | None = None
    n_pages: int = 0
    footer: list[str] = field(default_factory=list)


def _pick_count(rate: float, n: int, minimum: int) -> int:
    """round(rate*n), but at least `minimum` when the rate is positive (small hospitals still get every case)."""
    if rate <= 0 or n <= 0:
        return 0
    return min(n, max(minimum, round(rate * n)))


def _image_shape(opts: SynthOptions, rng: random.Random) -> tuple[int, int]:
    if opts.image_shape is not None:
        return (int(opts.image_shape[0]), int(opts.image_shape[1]))
    side = opts.image_size
    short = int(side * rng.choice([0.8, 0.78, 0.82, 0.75]))
    return (side, short) if rng.random() < 0.8 else (short, side)


def _same_day_report(study: dt.datetime, minutes: int) -> dt.datetime:
    """Report time `minutes` after the study but on the same calendar day (pairing is by date)."""
    end_of_day = dt.datetime.combine(study.date(), dt.time(23, 58))
    return min(study + dt.timedelta(minutes=minutes), end_of_day)


def _study_days(p: Patient, k: int, rng: random.Random) -> list[dt.date]:
    start = max(FIRST_DAY, p.birth_date + dt.timedelta(days=60))
    span = max(30, (LAST_DAY - start).days)
    days: list[dt.date] = []
    for _ in range(k * 6):
        d = start + dt.timedelta(days=rng.randint(0, span))
        if all(abs((d - o).days) >= 14 for o in days):
            days.append(d)
        if len(days) == k:
            break
    return sorted(days)


class _Planner:
    def __init__(self, opts: SynthOptions) -> None:
        self.o = opts
        self.rng = random.Random(f"plan-{opts.seed}")
        self.ids = IdentityFactory(opts.seed)
        self._accessions: set[str] = set()

    def seed(self) -> int:
        return self.rng.getrandbits(63)

    def accession(self, when: dt.date) -> str:
        while True:
            acc = f"RX{when:%y}{self.rng.randrange(10**6):06d}"
            if acc not in self._accessions:
                self._accessions.add(acc)
                return acc

    def plan(self) -> tuple[list[Patient], list[Study], list[ReportJob], list[ImageJob]]:
        r, o = self.rng, self.o
        chosen = r.sample(HOSPITALS, k=r.randint(2, 4))
        hospitals = [self.ids.hospital(*h) for h in chosen]
        gps = [self.ids.doctor(r.choice(["BE", "BE", "BE", "FR"]), with_address=True) for _ in range(12)]
        patients = [self.ids.patient(gps) for _ in range(o.n_patients)]
        studies: list[Study] = []
        for p in patients:
            home = r.choice(hospitals)
            for day in _study_days(p, r.randint(o.min_studies, o.max_studies), r):
                studies.append(self._study(p, day, home if r.random() < 0.8 else r.choice(hospitals), gps))
        self._same_day(patients, studies, gps)
        studies.sort(key=lambda s: (s.patient.patient_id, s.when))
        for p in patients:
            p.studies = [s for s in studies if s.patient is p]
        for s in r.sample(studies, k=_pick_count(o.png_rate, len(studies), 1)):
            s.png = True
        images = self._images(studies)
        reports = self._reports(patients, studies)
        images += self._bad_images(studies)
        return patients, studies, reports, images

    def _study(self, p: Patient, day: dt.date, hospital: Hospital, gps: list[Doctor], not_part: str | None = None,
               at: dt.time | None = None) -> Study:
        r, o = self.rng, self.o
        part = r.choice([b for b in BODY_PARTS if b != not_part])
        when = dt.datetime.combine(day, at or dt.time(r.randint(7, 18), r.randrange(60), r.randrange(60)))
        fracture = r.random() < o.fracture_rate
        findings = {
            "displaced": fracture and r.random() < 0.5,
            "consolidated": (not fracture) and part != "SPINE" and r.random() < 0.15,
            "implant": part != "SPINE" and r.random() < 0.08,
        }
        return Study(
            uid=make_uid(r), accession=self.accession(day), patient=p, when=when, body_part=part,
            laterality="" if part == "SPINE" else r.choice("LR"), fracture=fracture, findings=findings,
            hospital=hospital, referrer=p.gp if r.random() < 0.6 else r.choice(gps),
            radiologist=r.choice(hospital.radiologists), modality=r.choice(["CR", "DX"]), folder=hex_name(r),
            report_when=_same_day_report(when, r.randint(25, 6 * 60)),
        )

    def _same_day(self, patients: list[Patient], studies: list[Study], gps: list[Doctor]) -> None:
        r = self.rng
        for group, p in enumerate(r.sample(patients, k=_pick_count(self.o.same_day_rate, len(patients), 1))):
            first = r.choice([s for s in studies if s.patient is p])
            first.when = dt.datetime.combine(first.when.date(), dt.time(r.randint(7, 11), r.randrange(60)))
            gap = dt.timedelta(minutes=r.randint(70, 300))
            second = self._study(p, first.when.date(), first.hospital, gps, not_part=first.body_part,
                                 at=(first.when + gap).time())
            first.report_when = first.when + dt.timedelta(minutes=r.randint(20, 50))
            second.report_when = second.when + dt.timedelta(minutes=r.randint(20, 120))
            first.same_day_group = second.same_day_group = group
            studies.append(second)

    def _header(self, s: Study, modality: str, n: int, series_uid: str, view: str, photometric: str, bits: int,
                burned_tag: bool) -> DicomHeader:
        r, p = self.rng, s.patient
        slope, intercept = r.choice([(1.0, 0.0), (1.0, 0.0), (1.0, -1024.0), (0.5, 0.0)])
        return DicomHeader(
            patient_name=p.dicom_pn, patient_id=p.patient_id, birth_date=f"{p.birth_date:%Y%m%d}", sex=p.sex,
            institution=s.hospital.name, institution_address=f"{s.hospital.address.street}, {s.hospital.address.city_line()}",
            study_date=f"{s.when:%Y%m%d}", study_time=f"{s.when:%H%M%S}", accession=s.accession,
            referring=s.referrer.dicom_pn, study_uid=s.uid, series_uid=series_uid, sop_uid=make_uid(r),
            modality=modality, body_part=s.body_part, view=view, laterality=s.laterality, photometric=photometric,
            bits_stored=bits, pixel_spacing=r.uniform(0.1, 0.2), slope=slope, intercept=intercept,
            series_number=1 if modality in ("CR", "DX") else 99, instance_number=n, burned_in_tag=burned_tag,
            study_description=f"RX {s.body_part} {s.laterality}".strip(),
        )

    def _images(self, studies: list[Study]) -> list[ImageJob]:
        r, o = self.rng, self.o
        phi_studies = set(id(s) for s in r.sample(studies, k=_pick_count(o.burned_phi_rate, len(studies), 2)))
        phi_count = 0
        jobs: list[ImageJob] = []
        for s in studies:
            p = s.patient
            photometric = "MONOCHROME1" if r.random() < 0.35 else "MONOCHROME2"
            bits = r.choice([12, 12, 14, 15, 16])
            series_uid = make_uid(r)
            n_img = r.randint(o.min_images, o.max_images)
            root = "pacs_png" if s.png else "pacs"
            ext = "png" if s.png else "dcm"
            for n in range(1, n_img + 1):
                view = VIEWS[s.body_part][(n - 1) % 2]
                lateral = view == "LAT" or (view == "OBL" and r.random() < 0.5)
                marker = None
                if r.random() < o.laterality_marker_rate:
                    lat_letter = {"L": r.choice("LG"), "R": r.choice("RD")}.get(s.laterality, "")
                    pos = r.choice(["DEBOUT", "COUCHE"]) if s.body_part in ("SPINE", "KNEE", "HIP", "FOOT") else ""
                    marker = " ".join(x for x in (lat_letter, pos) if x) or r.choice(["DEBOUT", "COUCHE"])
                header = None if s.png else self._header(s, s.modality, n, series_uid, view, photometric, bits, False)
                jobs.append(ImageJob(
                    path=f"{root}/{p.folder}/{s.folder}/{n}.{ext}", seed=self.seed(), body_part=s.body_part, lateral=lateral,
                    fracture=s.fracture, displaced=s.findings["displaced"], consolidated=s.findings["consolidated"],
                    implant=s.findings["implant"], shape=_image_shape(o, r), header=header,
                    burned_in="laterality" if marker else "none", marker_text=marker, fmt=ext, patient_id=p.patient_id,
                    study_uid=s.uid, modality=s.modality if not s.png else None,
                ))
                # own stream per image: the planner's random sequence (and every other image) stays unchanged
                cast_rate = o.cast_rate_fracture if s.fracture else o.cast_rate_normal
                jobs[-1].cast = cast_rate > 0 and random.Random(jobs[-1].seed ^ 0xCA57).random() < cast_rate
                if o.small_text_rate and r.random() < o.small_text_rate:
                    self._small_text(jobs[-1], s, r)
                s.images.append(jobs[-1])
            if id(s) in phi_studies:
                kind = phi_count % 4
                phi_count += 1
                modality = {0: s.modality, 1: s.modality, 2: "SC", 3: "OT"}[kind]
                tag = kind == 2 or (kind == 3 and r.random() < 0.5)
                n = n_img + 1
                lines = _screenshot_lines(s, kind, r)
                header = None if s.png else self._header(s, modality, n, make_uid(r), "", "MONOCHROME2", 12, tag)
                jobs.append(ImageJob(
                    path=f"{root}/{p.folder}/{s.folder}/{n}.{ext}", seed=self.seed(), body_part=s.body_part, lateral=False,
                    fracture=False, displaced=False, consolidated=False, implant=False, shape=_image_shape(o, r),
                    header=header, burned_in="phi", marker_text=None, text_lines=lines, dark_text=kind in (0, 2),
                    fmt=ext, patient_id=p.patient_id, study_uid=s.uid, modality=modality if not s.png else None,
                ))
                s.images.append(jobs[-1])
        return jobs

    def _small_text(self, job: ImageJob, s: Study, r: random.Random) -> None:
        """Corner annotations of 8-16 px (at 1024 px): name, birth date, ID, exam date (> 35 characters)."""
        p, o = s.patient, self.o
        lo, hi = o.small_text_px
        job.text_px = max(6, round(r.randint(lo, hi) * max(job.shape) / 1024))
        job.small_text = [f"{p.surname.upper()} {p.first_names[0]}", f"ID {p.patient_id}",
                          f"{p.birth_date:%d/%m/%Y}", f"{s.when:%d/%m/%Y %H:%M}", f"ACC {s.accession}"]
        job.burned_in = "phi_small"

    def _bad_images(self, studies: list[Study]) -> list[ImageJob]:
        r, o = self.rng, self.o
        dicom_studies = [s for s in studies if not s.png]
        n_images = sum(len(s.images) for s in dicom_studies)
        jobs = []
        for k in range(_pick_count(o.bad_file_rate, n_images, len(BAD_IMAGE_KINDS)) if dicom_studies else 0):
            s = r.choice(dicom_studies)
            kind = BAD_IMAGE_KINDS[k % len(BAD_IMAGE_KINDS)]
            n = len(s.images) + 1
            header = self._header(s, s.modality, n, make_uid(r), VIEWS[s.body_part][0], "MONOCHROME2", 12, False)
            job = ImageJob(
                path=f"pacs/{s.patient.folder}/{s.folder}/{n}.dcm", seed=self.seed(), body_part=s.body_part, lateral=False,
                fracture=s.fracture, displaced=s.findings["displaced"], consolidated=False, implant=False,
                shape=_image_shape(o, r), header=header if kind == "truncated" else None, bad=kind,
                fmt="dcm" if kind == "truncated" else "txt",
                patient_id=s.patient.patient_id if kind == "truncated" else None,
                study_uid=s.uid if kind == "truncated" else None, modality=s.modality if kind == "truncated" else None,
            )
            s.images.append(job)
            jobs.append(job)
        return jobs

    def _reports(self, patients: list[Patient], studies: list[Study]) -> list[ReportJob]:
        r, o = self.rng, self.o
        missing = set(id(s) for s in r.sample(studies, k=_pick_count(o.missing_report_rate, len(studies), 1)
                                               if len(studies) > 4 else 0))
        jobs: list[ReportJob] = []
        for s in studies:
            if id(s) in missing:
                continue
            s.report_path = f"reports/{hex_name(r)}.pdf"
            jobs.append(ReportJob(path=s.report_path, seed=self.seed(), patient=s.patient, hospital=s.hospital,
                                  when=s.report_when or s.when, report_type="radiologie", study=s,
                                  two_page=r.random() < o.two_page_rate))
        candidates = [j for j in jobs if j.study is not None and j.study.same_day_group is None]
        n_bad = _pick_count(o.bad_file_rate, len(jobs), len(BAD_REPORT_KINDS))
        for k, j in enumerate(r.sample(candidates, k=min(n_bad, len(candidates)))):
            j.bad = BAD_REPORT_KINDS[k % len(BAD_REPORT_KINDS)]
            j.two_page = j.two_page and j.bad != "scanned"  # a scan is one page image
        for _ in range(_pick_count(o.non_radiology_rate, len(studies), 1)):
            p = r.choice(patients)
            if p.studies and r.random() < 0.5:
                base = r.choice(p.studies).when.date()
            else:
                start = max(FIRST_DAY, p.birth_date + dt.timedelta(days=60))
                base = start + dt.timedelta(days=r.randint(0, max(1, (LAST_DAY - start).days)))
            when = dt.datetime.combine(base, dt.time(r.randint(8, 17), r.randrange(60)))
            jobs.append(ReportJob(path=f"reports/{hex_name(r)}.pdf", seed=self.seed(), patient=p,
                                  hospital=r.choice(sorted({s.hospital.name: s.hospital for s in studies}.values(),
                                                           key=lambda h: h.name)),
                                  when=when, report_type="consultation", study=None, two_page=False))
        return jobs


def _screenshot_lines(s: Study, kind: int, r: random.Random) -> list[str]:
    """Text of a dose report (kinds 0, 2) or of a scanned request form (1, 3): far more than 35 characters."""
    p = s.patient
    if kind in (0, 2):
        return [
            "RAPPORT DE DOSE", f"Patient : {p.dicom_pn}", f"ID : {p.patient_id}", f"Né(e) le : {p.birth_date:%d/%m/%Y}",
            f"Examen : RX {s.body_part} {s.laterality}".strip(), f"Date : {s.when:%d/%m/%Y %H:%M}", f"Acc. : {s.accession}",
            f"PDS : {r.uniform(0.5, 40):.2f} cGy.cm2", f"kV : {r.randint(50, 90)}  mAs : {r.uniform(1, 20):.1f}",
        ]
    return [
        "DEMANDE D'EXAMEN RADIOLOGIQUE", f"Nom : {p.surname.upper()}", f"Prénom : {' '.join(p.first_names)}",
        f"Né(e) le : {p.birth_date:%d/%m/%Y}", f"N° dossier : {p.patient_id}", f"Médecin : Dr {s.referrer.surname}",
        f"Examen : RX {s.body_part} {s.laterality}".strip(), "Motif : traumatisme, douleur", f"Date : {s.when:%d/%m/%Y}",
    ]


def _render_image(job: ImageJob) -> bytes:
    """Bytes of one image file (worker-safe: depends only on the job); fills ``job.boxes``."""
    rng = np.random.default_rng(job.seed)
    if job.bad == "not_dicom":
        return ("Export PACS interrompu - fichier journal\nstatut=ERREUR code=0xC000\n"
                f"reference={job.seed % 10**9:09d}\n").encode()
    if job.text_lines:
        display = render_text_page(job.text_lines, job.shape, dark=job.dark_text, rng=rng)
    else:
        job.boxes = []
        display = render_anatomy(job.body_part, job.shape, lateral=job.lateral, fracture=job.fracture,
                                 displaced=job.displaced, consolidated=job.consolidated, implant=job.implant, rng=rng,
                                 cast=job.cast, boxes=job.boxes)
        if job.marker_text:
            before = display.copy()
            burn_marker(display, job.marker_text, rng)
            job.boxes.append({"kind": "marker", "box": _changed_box(before, display)})
        if job.small_text and job.text_px:
            burn_annotations(display, job.small_text, job.text_px, rng)
    if job.fmt == "png":
        return encode_png(display)
    assert job.header is not None
    data = encode_dicom(display, job.header)
    if job.bad == "truncated":
        data = truncate_dicom(data, random.Random(job.seed))
    return data


def _render_report(job: ReportJob) -> tuple[bytes, int]:
    """Bytes of one report PDF and its page count (0 for unreadable files)."""
    rng = random.Random(job.seed)
    assert job.content is not None
    header = job.hospital.header_lines()
    if job.bad == "empty":
        return b"", 0
    if job.bad == "empty_blank":
        return blank_pdf(), 1
    if job.bad == "scanned":
        lines = header + [t for t, _ in job.content.body.paragraphs] + [job.hospital.confidentiality, "Page 1/1"]
        return scanned_pdf(lines, rng), 1
    data, pages = report_pdf(job.content.body.paragraphs, header, job.hospital.confidentiality)
    if job.bad == "encrypted":
        return encrypted_pdf(data, rng), pages
    if job.bad == "corrupt":
        return corrupt_pdf(data, rng), 0
    return data, pages


def _changed_box(before: np.ndarray, after: np.ndarray) -> list[float]:
    """Box (fractions of the image) of the pixels a drawing step changed: where a burned-in marker went."""
    rows, cols = np.nonzero(before != after)
    if rows.size == 0:
        return [0.0, 0.0, 0.0, 0.0]
    h, w = before.shape
    return [round(cols.min() / w, 4), round(rows.min() / h, 4), round((cols.max() + 1) / w, 4),
            round((rows.max() + 1) / h, 4)]


def _emit_image(out: Path, job: ImageJob) -> list[dict]:
    """Render and write one image file in the worker (large images never travel between processes)."""
    _write(out / job.path, _render_image(job))
    return job.boxes


def _emit_report(out: Path, job: ReportJob) -> int:
    data, pages = _render_report(job)
    _write(out / job.path, data)
    return pages


def _compose_texts(reports: list[ReportJob]) -> None:
    """Report bodies are drawn in the plan order (their RNG is the job seed), before any rendering."""
    for j in reports:
        rng = random.Random(j.seed ^ 0x5A5A)
        if j.study is None:
            j.content = consultation_report(patient=j.patient, doctor=rng.choice([j.hospital.radiologists[0], j.patient.gp]),
                                            hospital=j.hospital, when=j.when, rng=rng)
            continue
        s = j.study
        priors = [o.when.date() for o in s.patient.studies if o.when.date() < s.when.date()]
        j.content = radiology_report(
            patient=s.patient, hospital=s.hospital, radiologist=s.radiologist, referrer=s.referrer, study_dt=s.when,
            report_dt=j.when, body_part=s.body_part, laterality=s.laterality, accession=s.accession, fracture=s.fracture,
            findings=s.findings, prior_dates=priors, two_page=j.two_page, rng=rng,
        )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


README = """Synthetic hospital (generated by pipeline.synth.generate_hospital; seed {seed}).

Everything here is fake but shaped like a real clinical export, identities included:
  pacs/<patient>/<study>/<n>.dcm   radiographs (DICOM, PHI in headers, some burned-in text, some bad files)
  pacs_png/ + image_manifest.csv   studies exported as PNG (only when png_rate > 0)
  reports/<hex>.pdf                one report per study, consultation letters, and bad PDFs
  report_manifest.csv              path, patient_id, report_datetime, report_type, accession_number (empty)
  ground_truth/                    what a perfect pipeline would find (never an input of the pipeline)
Folder and file names are opaque random hex.
Label rule: label_fracture is 1 for a recent fracture only; an old consolidated fracture is 0.
"""


OWN_ENTRIES = ("pacs", "pacs_png", "reports", "ground_truth", "report_manifest.csv", "image_manifest.csv", "README.txt")


def _clear_previous(out: Path) -> None:
    """Remove what an earlier generation wrote here (and nothing else), so stale files never mix with new ones."""
    for name in OWN_ENTRIES:
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def generate_hospital(out_dir: Path, options: SynthOptions | None = None) -> dict[str, int]:
    """Write the synthetic hospital under `out_dir` and return counts.

    `out_dir` is created if needed; the entries a previous generation wrote there (pacs/, reports/,
    ground_truth/, manifests, README.txt) are replaced, anything else is left alone.
    """
    opts = options or SynthOptions()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _clear_previous(out)
    patients, studies, reports, images = _Planner(opts).plan()
    _compose_texts(reports)

    workers = max(1, min(opts.workers, os.cpu_count() or 1))
    emit_image, emit_report = partial(_emit_image, out), partial(_emit_report, out)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for j, boxes in zip(images, pool.map(emit_image, images, chunksize=4)):
                j.boxes = boxes
            pages = list(pool.map(emit_report, reports, chunksize=4))
    else:
        for j in images:
            emit_image(j)
        pages = [emit_report(j) for j in reports]
    for j, n_pages in zip(reports, pages):
        j.n_pages = n_pages
        printed = n_pages and j.bad not in ("empty", "empty_blank", "corrupt")
        j.footer = [j.hospital.confidentiality] + [f"Page {i}/{n_pages}" for i in range(1, n_pages + 1)] if printed else []
    return _write_ground_truth(out, opts, patients, studies, reports, images)


def _write_ground_truth(out: Path, opts: SynthOptions, patients: list[Patient], studies: list[Study],
                        reports: list[ReportJob], images: list[ImageJob]) -> dict[str, int]:
    gt = out / "ground_truth"
    study_rows = [{
        "study_uid": s.uid, "accession_number": s.accession, "patient_id": s.patient.patient_id,
        "study_datetime": s.when.isoformat(timespec="seconds"), "body_part": s.body_part, "laterality": s.laterality,
        "fracture": s.fracture, "findings": s.findings, "report_path": s.report_path, "same_day_group": s.same_day_group,
        "hospital": s.hospital.name, "storage": "png" if s.png else "dicom",
    } for s in studies]
    image_rows = [{
        "path": j.path, "patient_id": j.patient_id, "study_uid": j.study_uid,
        "sop_instance_uid": j.header.sop_uid if j.header else None, "body_part": j.body_part if j.bad != "not_dicom" else None,
        "photometric": (j.header.photometric if j.header else ("MONOCHROME2" if j.fmt == "png" else None)),
        "bits_stored": (j.header.bits_stored if j.header else (16 if j.fmt == "png" else None)),
        "burned_in": j.burned_in, "marker_text": j.marker_text, "text_px": j.text_px, "modality": j.modality, "bad": j.bad,
        "fracture": j.fracture if j.bad != "not_dicom" else None, "view": j.header.view if j.header else None,
        "rows": j.shape[0] if j.bad != "not_dicom" else None, "columns": j.shape[1] if j.bad != "not_dicom" else None,
        "cast": j.cast, "boxes": j.boxes,
    } for j in images]
    report_rows = []
    for j in reports:
        assert j.content is not None
        body = j.content.body
        report_rows.append({
            "path": j.path, "patient_id": j.patient.patient_id, "study_uid": j.study.uid if j.study else None,
            "report_datetime": j.when.isoformat(timespec="seconds"), "report_type": j.report_type,
            "bad": "empty" if j.bad == "empty_blank" else j.bad, "hospital": j.hospital.name,
            "header_lines": j.hospital.header_lines(), "footer_lines": j.footer, "n_pages": j.n_pages,
            "body_text": body.text, "paragraph_styles": [st for _, st in body.paragraphs],
            "phi": [sp.as_dict() for sp in body.spans], "label_fracture": j.content.label_fracture,
            "findings": j.content.findings,
            "title": exam_title(j.study.body_part, j.study.laterality) if j.study else None,
        })
    phi: dict[str, set[str]] = {p.patient_id: set(p.phi_strings()) for p in patients}
    for s in studies:
        bag = phi[s.patient.patient_id]
        bag.update({s.accession, f"{s.when:%Y%m%d}", f"{s.when:%d/%m/%Y}", s.referrer.full, s.referrer.dicom_pn, s.uid})
        bag.update(j.header.sop_uid for j in s.images if j.header is not None)
    for j in reports:
        assert j.content is not None
        phi[j.patient.patient_id].update(j.content.phi_strings)
        if j.study is None:
            phi[j.patient.patient_id].update({f"{j.when:%Y%m%d}", f"{j.when:%d/%m/%Y}"})
    _jsonl(gt / "patients.jsonl", [p.ground_truth() for p in patients])
    _jsonl(gt / "studies.jsonl", study_rows)
    _jsonl(gt / "images.jsonl", image_rows)
    _jsonl(gt / "reports.jsonl", report_rows)
    (gt / "phi_strings.json").write_text(
        json.dumps({k: sorted(v) for k, v in sorted(phi.items())}, ensure_ascii=False, indent=1), encoding="utf-8")

    _csv(out / "report_manifest.csv", ["path", "patient_id", "report_datetime", "report_type", "accession_number"],
         [[j.path, j.patient.patient_id, j.when.isoformat(timespec="seconds"), j.report_type, ""] for j in reports])
    png_images = [j for j in images if j.fmt == "png"]
    if png_images:
        by_uid = {s.uid: s for s in studies}
        _csv(out / "image_manifest.csv", ["path", "patient_id", "study_uid", "study_datetime", "body_part", "laterality"],
             [[j.path, j.patient_id or "", j.study_uid or "",
               by_uid[j.study_uid].when.isoformat(timespec="seconds") if j.study_uid else "", j.body_part,
               by_uid[j.study_uid].laterality if j.study_uid else ""] for j in png_images])
    (out / "README.txt").write_text(README.format(seed=opts.seed), encoding="utf-8")
    return {
        "patients": len(patients), "studies": len(studies), "images": len(images),
        "dicom_files": sum(1 for j in images if j.fmt in ("dcm", "txt")), "png_files": len(png_images),
        "reports": len(reports), "radiology_reports": sum(1 for j in reports if j.report_type == "radiologie"),
        "consultation_reports": sum(1 for j in reports if j.report_type != "radiologie"),
        "bad_images": sum(1 for j in images if j.bad), "bad_reports": sum(1 for j in reports if j.bad),
        "burned_phi_images": sum(1 for j in images if j.burned_in == "phi"),
        "marker_images": sum(1 for j in images if j.burned_in == "laterality"),
        "fracture_studies": sum(1 for s in studies if s.fracture),
        "same_day_groups": len({s.same_day_group for s in studies if s.same_day_group is not None}),
        "two_page_reports": sum(1 for j in reports if j.n_pages >= 2 and not j.bad),
        "missing_reports": sum(1 for s in studies if s.report_path is None),
    }
