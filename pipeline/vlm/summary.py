"""Counts of the VLM-data stages for the demo and the logs (numbers only, never report text)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.store import StageReport


def vlm_summary(reports: Sequence[StageReport]) -> list[str]:
    """Structured reports valid / flagged / rejected, Q&A per type with the yes/no balance, exported rows."""
    by_stage = {r.stage: r for r in reports}
    lines = []
    sr = by_stage.get("structure-reports")
    if sr is not None:
        s = sr.stats
        lines.append(f"structured reports: {s.get('valid', 0)} valid, {s.get('flagged_inconsistent', 0)} flagged "
                     f"inconsistent with the pseudo-labels, {sr.rejects} rejected; guards removed "
                     f"{s.get('prior_sentences_removed', 0)} prior-study/date/clinical sentences and "
                     f"{s.get('phi_spans_removed', 0)} PHI spans")
    vqa = by_stage.get("vqa")
    if vqa is not None:
        s = vqa.stats
        types = sorted({k.rsplit(".", 1)[0] for k in s if k.endswith((".yes", ".no", ".text"))} - {"answers"})
        parts = []
        for t in types:
            if f"{t}.text" in s:
                parts.append(f"{t} {s[f'{t}.text']}")
            else:
                parts.append(f"{t} {s.get(f'{t}.yes', 0)} yes / {s.get(f'{t}.no', 0)} no")
        lines.append("Q&A per type: " + ", ".join(parts))
        yes, no = s.get("answers.yes", 0), s.get("answers.no", 0)
        lines.append(f"yes/no balance: {yes} yes, {no} no ({yes / max(1, yes + no):.0%} yes)")
    ex = by_stage.get("export")
    if ex is not None:
        s = ex.stats
        lines.append("export (HF datasets): " + ", ".join(
            f"{split} {s.get(f'studies.{split}', 0)} studies / {s.get(f'qa_turns.{split}', 0)} Q&A turns"
            for split in ("train", "val", "test")))
    return lines
