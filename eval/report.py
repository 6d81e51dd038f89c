"""The human-readable report: Markdown + HTML tables shaped like the reference's, and a short summary.

Rows are models (several checkpoints compare in one table); columns are
dataset/task, training ratio or strategy. Nothing here prints report text: the
results only hold ids, labels and numbers.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Table:
    """A titled table rendered to Markdown and HTML."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""

    def markdown(self) -> str:
        """GitHub-flavoured Markdown table."""
        lines = [f"### {self.title}", ""]
        if self.note:
            lines += [self.note, ""]
        lines.append("| " + " | ".join(self.headers) + " |")
        lines.append("|" + "|".join("---" for _ in self.headers) + "|")
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        """HTML table with escaped cells."""
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in self.rows)
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return f"<h3>{html.escape(self.title)}</h3>{note}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _f(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _ci(m: float | None, lo: float | None, hi: float | None, digits: int = 3) -> str:
    if lo is None or hi is None or math.isnan(lo) or math.isnan(hi):
        return _f(m, digits)
    return f"{_f(m, digits)} [{_f(lo, digits)}, {_f(hi, digits)}]"


def _ratio(r: float) -> str:
    return "all" if r >= 1.0 else f"{r * 100:g}%"


def build_tables(results: dict) -> list[Table]:
    """All report tables from a results dict (empty sections are left out)."""
    tables: list[Table] = []
    zs = results.get("zeroshot", [])
    if zs:
        cols = sorted({(r["model"], r["dataset_task"]) for r in zs})
        by = {(r["strategy"], r["model"], r["dataset_task"]): r for r in zs}
        strategies = list(dict.fromkeys(r["strategy"] for r in zs))
        rows = [
            [s] + [_ci(by[(s, m, d)]["auroc"], by[(s, m, d)]["ci_low"], by[(s, m, d)]["ci_high"]) if (s, m, d) in by else ""
                   for m, d in cols]
            for s in strategies
        ]
        tables.append(Table(
            "Zero-shot classification AUROC [95% bootstrap CI]", ["strategy"] + [f"{m} · {d}" for m, d in cols], rows,
            "Study-level score = mean over the study's images where labels are per study.",
        ))
    ret = results.get("retrieval", [])
    if ret:
        cols = sorted({(r["model"], r["dataset_task"], r["k"]) for r in ret})
        by = {(r["strategy"], r["model"], r["dataset_task"], r["k"]): r for r in ret}
        strategies = list(dict.fromkeys(r["strategy"] for r in ret))
        rows = []
        for s in strategies:
            row = [s]
            for m, d, k in cols:
                r = by.get((s, m, d, k))
                row.append(f"{_f(r['precision_mean'])} ± {_f(r['precision_std'])}" if r else "")
            rows.append(row)
        chance = {(r["model"], r["dataset_task"], r["k"]): r["chance"] for r in ret}
        rows.append(["chance (prevalence)"] + [_f(chance[c]) for c in cols])
        folds = min(r["folds"] for r in ret)
        size = min(r["fold_size"] for r in ret)
        ranking = ", ".join(sorted({str(r.get("ranking", "query")) for r in ret}))
        scope = ", ".join(sorted({str(r.get("scope", "dataset")) for r in ret}))
        tables.append(Table(
            "Zero-shot retrieval precision@k (mean ± std over folds)",
            ["strategy"] + [f"{m} · {d} · P@{k}" for m, d, k in cols], rows,
            f"Images of: {scope}; ranked by: {ranking} (query = similarity to the strategy's query embedding, "
            f"as in the reference). {folds} stratified folds of at least {size} images; where a fold holds fewer "
            "than k images, P@k is over the whole fold (equal to the prevalence).",
        ))
    rr = results.get("report_retrieval", [])
    if rr:
        keys = sorted({k for r in rr for k in r if k.startswith("recall@")})
        rows = [[r["model"], r["dataset"], str(r.get("n_images", 0)), str(r.get("n_reports", 0))]
                + [f"{_f(r.get(k))} (chance {_f(r.get(k.replace('recall', 'chance')))})" for k in keys] for r in rr]
        tables.append(Table("Image → report retrieval", ["model", "dataset", "images", "reports"] + keys, rows))
    probe = results.get("probe", [])
    for method in ("linear_probe", "finetune"):
        for kind_metric, title in (("auroc", "AUROC"), ("mae", "mean absolute error")):
            sel = [r for r in probe if r["method"] == method and (r["metric"] == "mae") == (kind_metric == "mae")]
            if not sel:
                continue
            cols = sorted({(r["dataset_task"], r["ratio"]) for r in sel})
            models = list(dict.fromkeys(r["model"] for r in sel))
            by = {(r["model"], r["dataset_task"], r["ratio"]): r for r in sel}
            gains = {(g["model"], g["method"]): g for g in results.get("gains", [])}
            with_gain = kind_metric == "auroc" and any(k[1] == method for k in gains)
            rows = []
            for m in models:
                row = [m] + [_ci(by[(m, d, q)]["mean"], by[(m, d, q)]["ci_low"], by[(m, d, q)]["ci_high"])
                             if (m, d, q) in by else "" for d, q in cols]
                if with_gain:
                    g = gains.get((m, method))
                    row.append(_f(g["mean_gain"]) if g else "")
                rows.append(row)
            headers = ["model"] + [f"{d} ({_ratio(q)})" for d, q in cols]
            if with_gain:
                headers.append("avg gain vs ImageNet")
            tables.append(Table(
                f"{method.replace('_', ' ')}: {title} (mean [95% CI] over seeds)", headers, rows,
                "Multi-class tasks report macro AUROC; regression in the target's unit.",
            ))
    return tables


def write_report(results: Any, out_dir: Path) -> tuple[Path, Path]:
    """Write report.md and report.html next to results.json; plots are linked by relative path."""
    if not isinstance(results, dict):
        results = results.to_json()
    tables = build_tables(results)
    plots = results.get("plots", [])
    md = ["# Evaluation report", ""]
    md.append(f"Models: {', '.join(m['name'] for m in results.get('models', []))}  ")
    md.append(f"Datasets: {', '.join(d['key'] for d in results.get('datasets', []))}  ")
    md.append(f"Wall time: {_f(results.get('wall_time_s'), 1)} s; embeddings computed "
              f"{results.get('embedding_cache', {}).get('computed', 0)}, reused "
              f"{results.get('embedding_cache', {}).get('reused', 0)}")
    md.append("")
    md += [t.markdown() for t in tables]
    if plots:
        md += ["## Figures", ""] + [f"![{Path(p).stem}]({p})" for p in plots]
    rejects = results.get("rejects", [])
    if rejects:
        md += ["", f"## Rejected items ({len(rejects)})", ""]
        counts: dict[str, int] = defaultdict(int)
        for r in rejects:
            counts[f"{r['dataset']}: {r['reason']}"] += 1
        md += [f"- {k} (x{v})" for k, v in sorted(counts.items())]
    md_path = out_dir / "report.md"
    _atomic_write(md_path, "\n".join(md) + "\n" + _sections(out_dir))
    body = "".join(t.html() for t in tables)
    figs = "".join(f'<figure><img src="{html.escape(p)}" style="max-width:720px"><figcaption>{html.escape(Path(p).stem)}'
                   f"</figcaption></figure>" for p in plots)
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Evaluation report</title><style>"
        "body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;margin:8px 0}"
        "td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}</style></head><body>"
        f"<h1>Evaluation report</h1>{body}<h2>Figures</h2>{figs}</body></html>"
    )
    html_path = out_dir / "report.html"
    _atomic_write(html_path, page)
    return md_path, html_path


_SECTION_MARK = "<!-- section:"


def _sections(out_dir: Path) -> str:
    """Sections that later stages (explain) added to this report: kept when evaluate rewrites it."""
    parts = [f"{_SECTION_MARK}{p.stem.removeprefix('report_section_')} -->\n{p.read_text(encoding='utf-8')}"
             for p in sorted(out_dir.glob("report_section_*.md"))]
    return "".join("\n" + part for part in parts)


def add_report_section(out_dir: Path, name: str, markdown: str) -> None:
    """Add (or replace) a named section at the end of report.md, e.g. the explain stage's tables.

    The section is also kept as ``report_section_<name>.md``, so that a later run of evaluate, which rewrites
    report.md, keeps it (and a stage that explains again replaces it)."""
    out_dir = Path(out_dir)
    _atomic_write(out_dir / f"report_section_{name}.md", markdown.rstrip() + "\n")
    md_path = out_dir / "report.md"
    if md_path.exists():
        base = md_path.read_text(encoding="utf-8")
        cut = base.find("\n" + _SECTION_MARK)
        base = base if cut < 0 else base[: cut + 1]
        _atomic_write(md_path, base.rstrip("\n") + "\n" + _sections(out_dir))


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def summary_lines(results: Any) -> list[str]:
    """A short plain-text table (one line per result) for the CLI and the demo to print; ``results`` is the
    typed ``EvaluationResults`` or its JSON form."""
    if not isinstance(results, dict):
        results = results.to_json()
    lines = [f"{'model':<18} {'dataset/task':<22} {'what':<30} value"]
    for r in results.get("zeroshot", []):
        lines.append(f"{r['model'][:18]:<18} {r['dataset_task'][:22]:<22} {'zero-shot ' + r['strategy']:<30} "
                     f"AUROC {_ci(r['auroc'], r['ci_low'], r['ci_high'])}")
    for r in results.get("retrieval", []):
        lines.append(f"{r['model'][:18]:<18} {r['dataset_task'][:22]:<22} {'P@' + str(r['k']) + ' ' + r['strategy']:<30} "
                     f"{_f(r['precision_mean'])} ± {_f(r['precision_std'])} (chance {_f(r['chance'])})")
    for r in results.get("report_retrieval", []):
        for k in sorted(k for k in r if k.startswith("recall@")):
            lines.append(f"{r['model'][:18]:<18} {r['dataset'][:22]:<22} {'image->report ' + k:<30} "
                         f"{_f(r[k])} (chance {_f(r[k.replace('recall', 'chance')])})")
    for r in results.get("probe", []):
        what = f"{r['method']} {_ratio(r['ratio'])} (n={r['n_train']})"
        lines.append(f"{r['model'][:18]:<18} {r['dataset_task'][:22]:<22} {what:<30} "
                     f"{r['metric']} {_ci(r['mean'], r['ci_low'], r['ci_high'])}")
    return lines
