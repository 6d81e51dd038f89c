"""Every table the pipeline writes, with its schema and where it lives.

One module so that the privacy split (out/ vs vault/) is declared once and
reviewed in one place: a stage never picks a directory by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyarrow as pa

Location = Literal["out", "vault"]

#: Hugging Face `datasets` Image feature layout, so `load_dataset("parquet")` decodes it.
IMAGE_STRUCT = pa.struct([("bytes", pa.binary()), ("path", pa.string())])

SPAN_STRUCT = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("tag", pa.string())])


#: Columns of an image row: vault/ingested_images (every image, until filter-images hands its part over),
#: out/images (kept ones) and vault/dropped_images (the others).
IMAGE_FIELDS: list[tuple[str, pa.DataType]] = [
    ("image_id", pa.string()),
    ("study_id", pa.string()),
    ("patient_pseudo_id", pa.string()),
    ("image", IMAGE_STRUCT),
    ("modality", pa.string()),
    ("body_part", pa.string()),
    ("view_position", pa.string()),
    ("laterality", pa.string()),
    ("photometric", pa.string()),
    ("pixel_spacing", pa.list_(pa.float32())),
    ("bits_stored", pa.int16()),
    ("burned_in_annotation", pa.string()),
    ("width", pa.int32()),
    ("height", pa.int32()),
]


@dataclass(frozen=True)
class TableSpec:
    name: str
    location: Location
    schema: pa.Schema
    doc: str


def _spec(name: str, location: Location, doc: str, fields: list[tuple[str, pa.DataType]]) -> TableSpec:
    return TableSpec(name=name, location=location, schema=pa.schema(fields), doc=doc)


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in [
        # ---- ingest -------------------------------------------------------
        _spec(
            "patients",
            "vault",
            "Identity of each patient (from DICOM headers and the report manifest) for de-identification.",
            [
                ("patient_pseudo_id", pa.string()),
                ("original_patient_id", pa.string()),
                ("first_names", pa.list_(pa.string())),
                ("surname", pa.string()),
                ("birth_date", pa.string()),
                ("sex", pa.string()),
                ("other_ids", pa.list_(pa.string())),
            ],
        ),
        _spec(
            "studies",
            "vault",
            "Linkage of each new study id to its original identifiers and original date/time.",
            [
                ("study_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("original_patient_id", pa.string()),
                ("study_instance_uid", pa.string()),
                ("accession_number", pa.string()),
                ("study_datetime", pa.string()),
                ("body_part", pa.string()),
                ("institution", pa.string()),
                ("referring_physician", pa.string()),
            ],
        ),
        _spec(
            "image_ids",
            "vault",
            "Linkage of each new image id to its source file, and the header identity it carried.",
            [
                ("image_id", pa.string()),
                ("study_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("source_path", pa.string()),
                ("sop_instance_uid", pa.string()),
                ("original_patient_id", pa.string()),
                ("surname", pa.string()),
                ("first_names", pa.list_(pa.string())),
                ("birth_date", pa.string()),
                ("sex", pa.string()),
                ("other_ids", pa.list_(pa.string())),
                ("study_instance_uid", pa.string()),
                ("accession_number", pa.string()),
                ("study_datetime", pa.string()),
                ("body_part", pa.string()),
                ("institution", pa.string()),
                ("referring_physician", pa.string()),
            ],
        ),
        _spec(
            "ingested_images",
            "vault",
            "Every converted image before the burned-in text filter: its pixels may show a name, so vault only. "
            "A part is deleted once filter-images has written each of its images to out/images or "
            "vault/dropped_images (ingest's shard marker records where: pipeline/handover.py).",
            IMAGE_FIELDS,
        ),
        _spec(
            "raw_reports",
            "vault",
            "Original PDF bytes with the patient they belong to (PHI: vault only).",
            [
                ("report_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("report_datetime", pa.string()),
                ("report_type", pa.string()),
                ("accession_number", pa.string()),
                ("original_patient_id", pa.string()),
                ("source_path", pa.string()),
                ("pdf", pa.binary()),
            ],
        ),
        _spec(
            "dicom_uids",
            "vault",
            "Header UIDs of every DICOM file (read before conversion) to find duplicate and conflicting UIDs; "
            "content_sha256 only where needed (files without a SOP Instance UID).",
            [
                ("source_path", pa.string()),
                ("sop_instance_uid", pa.string()),
                ("study_instance_uid", pa.string()),
                ("original_patient_id", pa.string()),
                ("content_sha256", pa.string()),
            ],
        ),
        # ---- filter-images ------------------------------------------------
        _spec(
            "image_filter",
            "out",
            "Burned-in text decision per image: counts and reason only, never the text.",
            [
                ("image_id", pa.string()),
                ("kept", pa.bool_()),
                ("n_chars", pa.int32()),
                ("reason", pa.string()),
                ("engine", pa.string()),
            ],
        ),
        _spec(
            "images",
            "out",
            "De-identified pixels (PNG) of the images kept by filter-images, with whitelisted technical tags only.",
            IMAGE_FIELDS,
        ),
        _spec(
            "dropped_images",
            "vault",
            "Images filter-images kept out of out/ (burned-in text, a DICOM rule, or undecodable), pixels and "
            "tags as ingested: with out/images, every ingested image once (the ingested part is then released).",
            IMAGE_FIELDS,
        ),
        _spec(
            "ocr_text",
            "vault",
            "Recognised burned-in text (may hold PHI).",
            [("image_id", pa.string()), ("text", pa.string())],
        ),
        # ---- extract-reports ----------------------------------------------
        _spec(
            "report_text",
            "vault",
            "Report body text with header/footer removed (raw PHI).",
            [
                ("report_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("report_datetime", pa.string()),
                ("report_type", pa.string()),
                ("text", pa.string()),
                ("n_pages", pa.int32()),
                ("n_boilerplate_lines", pa.int32()),
            ],
        ),
        # ---- align ----------------------------------------------------------
        _spec(
            "pairs",
            "out",
            "Report <-> study pairs (new ids only).",
            [
                ("report_id", pa.string()),
                ("study_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("match", pa.string()),
            ],
        ),
        # ---- pseudonymize ---------------------------------------------------
        _spec(
            "reports",
            "out",
            "Pseudonymised report text with the surrogate spans.",
            [
                ("report_id", pa.string()),
                ("study_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("text", pa.string()),
                ("spans", pa.list_(SPAN_STRUCT)),
            ],
        ),
        _spec(
            "date_shift",
            "vault",
            "Per-patient date offset used by the surrogates.",
            [("patient_pseudo_id", pa.string()), ("offset_days", pa.int32())],
        ),
        # ---- pseudo-label ---------------------------------------------------
        _spec(
            "label_votes",
            "out",
            "Every labelled report: all votes, agreement, abstentions, provenance.",
            [
                ("study_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("task", pa.string()),
                ("label", pa.string()),
                ("votes", pa.list_(pa.string())),
                ("agreement", pa.float32()),
                ("n_abstain", pa.int16()),
                ("kept", pa.bool_()),
                ("backend", pa.string()),
                ("model", pa.string()),
                ("prompt_hash", pa.string()),
            ],
        ),
        _spec(
            "labels",
            "out",
            "One labelled study per patient with its patient-level split (train/val/test).",
            [
                ("study_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("task", pa.string()),
                ("label", pa.string()),
                ("votes", pa.list_(pa.string())),
                ("agreement", pa.float32()),
                ("n_abstain", pa.int16()),
                ("kept", pa.bool_()),
                ("backend", pa.string()),
                ("model", pa.string()),
                ("prompt_hash", pa.string()),
                ("split", pa.string()),
            ],
        ),
        # ---- structure-reports / vqa ----------------------------------------
        _spec(
            "structured_reports",
            "out",
            "One structured report per study (title, observations, conclusion, findings), the guards' counts "
            "and provenance; `consistent` is false when it disagrees with the study's kept pseudo-labels.",
            [
                ("study_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("title", pa.string()),
                ("observations", pa.list_(pa.string())),
                ("conclusion", pa.string()),
                ("findings", pa.list_(pa.struct([("task", pa.string()), ("status", pa.string())]))),
                ("text", pa.string()),
                ("consistent", pa.bool_()),
                ("checked_tasks", pa.list_(pa.string())),
                ("inconsistent_tasks", pa.list_(pa.string())),
                ("prior_sentences_removed", pa.int16()),
                ("phi_spans_removed", pa.int16()),
                ("attempts", pa.int16()),
                ("generated_tokens", pa.int32()),
                ("backend", pa.string()),
                ("model", pa.string()),
                ("prompt_hash", pa.string()),
            ],
        ),
        _spec(
            "vqa",
            "out",
            "Question-answer pairs per study from its structured report; yes/no balanced per question type.",
            [
                ("study_id", pa.string()),
                ("patient_pseudo_id", pa.string()),
                ("qa_id", pa.string()),
                ("question_type", pa.string()),
                ("polarity", pa.string()),
                ("question", pa.string()),
                ("answer", pa.string()),
                ("answer_kind", pa.string()),
            ],
        ),
        # ---- every stage ----------------------------------------------------
        _spec(
            "rejects",
            "vault",
            "Items a stage could not process, with a readable reason (item may be a source path).",
            [
                ("stage", pa.string()),
                ("item", pa.string()),
                ("reason", pa.string()),
                ("detail", pa.string()),
            ],
        ),
    ]
}


def table_spec(name: str) -> TableSpec:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; declare it in pipeline/schemas.py") from None


def to_arrow(name: str, rows: list[dict] | pa.Table) -> pa.Table:
    """Rows -> table with the declared schema (missing columns become null, extra ones are an error)."""
    schema = table_spec(name).schema
    if isinstance(rows, pa.Table):
        extra = set(rows.column_names) - set(schema.names)
        if extra:
            raise ValueError(f"table {name!r}: undeclared columns {sorted(extra)}")
        cols = [
            rows.column(f.name).cast(f.type) if f.name in rows.column_names else pa.nulls(len(rows), f.type)
            for f in schema
        ]
        return pa.Table.from_arrays(cols, schema=schema)
    for row in rows:
        extra = set(row) - set(schema.names)
        if extra:
            raise ValueError(f"table {name!r}: undeclared columns {sorted(extra)}")
    return pa.Table.from_pylist(rows, schema=schema)
