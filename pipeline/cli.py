"""`pipeline` command line (typer)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.logging import RichHandler

from pipeline.config import ConfigError, PipelineConfig, documented_defaults, dump_config, load_config
from pipeline.stages import STAGES

# No local variables in tracebacks: a crash inside a stage must not print a report's text to the log.
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Hospital radiographs + French reports -> de-identified dataset, labels, CLIP, evaluation.")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s",
                        handlers=[RichHandler(show_path=False, show_time=False)], force=True)
    for noisy in ("PIL", "matplotlib", "urllib3", "httpx", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _load(config: Path) -> PipelineConfig:
    try:
        return load_config(config)
    except ConfigError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None


def _parse_shard(shard: str | None) -> tuple[int, int] | None:
    if shard is None:
        return None
    try:
        i, n = (int(x) for x in shard.split("/"))
    except ValueError:
        typer.echo(f"--shard must look like i/n (e.g. 3/16), got {shard!r}", err=True)
        raise typer.Exit(2) from None
    if n < 1 or not 0 <= i < n:
        typer.echo(f"--shard {shard}: need 0 <= i < n", err=True)
        raise typer.Exit(2)
    return i, n


@app.command()
def run(
    config: Annotated[Path, typer.Option("--config", "-c", help="Pipeline YAML config.")],
    stage: Annotated[list[str] | None, typer.Option("--stage", "-s", help="Stage(s) to run; default: all.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (overrides run.workers).")] = None,
    shard: Annotated[str | None, typer.Option(help="Run only shards k with k % n == i ('i/n'), for job arrays.")] = None,
    force: Annotated[bool, typer.Option(help="Redo stages even if finished with the same inputs.")] = False,
    wait: Annotated[bool, typer.Option(help="Wait for another run holding out/ or the vault instead of exiting.")
                    ] = False,
    new_vault: Annotated[bool, typer.Option("--new-vault", help="Accept a vault without the id key of the run "
                                            "in out/: new ids, linkage to earlier exports lost.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Run the pipeline (or some stages) on a hospital's data."""
    from pipeline.runner import print_table, run_stages, summary_table

    _setup_logging(verbose)
    cfg = _load(config)
    for name in stage or []:
        if name not in STAGES:
            typer.echo(f"unknown stage {name!r}; stages: {', '.join(STAGES)}", err=True)
            raise typer.Exit(2)
    try:
        reports = run_stages(cfg, stage, workers=workers, shard=_parse_shard(shard), force=force, wait=wait,
                             new_vault=new_vault)
    except ConfigError as err:  # unsafe layout, unwritable target, missing vault key, run lock held
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None
    print_table(summary_table(reports))
    if any(r.status == "partial" for r in reports):
        raise typer.Exit(3)


@app.command()
def status(config: Annotated[Path, typer.Option("--config", "-c")]) -> None:
    """Per stage: done or not, rows in/out, rejects, time."""
    from pipeline.runner import print_table, status_table

    print_table(status_table(_load(config)))


@app.command()
def verify(config: Annotated[Path, typer.Option("--config", "-c")]) -> None:
    """Re-hash every file that finished stages committed; exit 1 if one is missing or changed
    (the next `pipeline run` redoes those shards)."""
    from pipeline.runner import verify_run

    problems = verify_run(_load(config))
    bad = 0
    for stage, found in problems.items():
        for problem in found:
            typer.echo(f"{stage}: {problem}")
            bad += 1
    typer.echo(f"{len(problems)} stage(s) checked, {bad} problem(s)")
    if bad:
        raise typer.Exit(1)


@app.command()
def synth(
    out: Annotated[Path, typer.Option(help="Folder of the synthetic hospital.")],
    patients: Annotated[int, typer.Option(help="Number of patients.")] = 40,
    seed: Annotated[int, typer.Option()] = 0,
    image_size: Annotated[int, typer.Option(help="Longest side of generated images (px).")] = 384,
    bad_file_rate: Annotated[float, typer.Option(help="Share of extra bad files.")] = 0.03,
) -> None:
    """Write a synthetic hospital (DICOM, PDF reports, ground truth), deterministic from the seed."""
    from pipeline.synth import SynthOptions, generate_hospital

    _setup_logging(False)
    summary = generate_hospital(out, SynthOptions(n_patients=patients, seed=seed, image_size=image_size,
                                                  bad_file_rate=bad_file_rate))
    for key, value in summary.items():
        typer.echo(f"{key}: {value}")


@app.command("config")
def config_cmd(
    defaults: Annotated[bool, typer.Option("--defaults", help="Print every default, documented.")] = False,
    check: Annotated[Path | None, typer.Option("--check", help="Validate a config file and print it resolved.")] = None,
) -> None:
    """Print the documented default configuration, or validate a file."""
    if check is not None:
        from pipeline.safety import check_layout

        cfg = _load(check)
        try:
            check_layout(cfg)
        except ConfigError as err:
            typer.echo(str(err), err=True)
            raise typer.Exit(2) from None
        typer.echo(dump_config(cfg))
        return
    if defaults or check is None:
        typer.echo(documented_defaults())


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Demo folder: hospital/, vault/, out/ and config.yaml.")] = Path("demo"),
    patients: Annotated[int | None, typer.Option(help="Synthetic patients (default: the demo's size).")] = None,
    seed: Annotated[int, typer.Option()] = 0,
    workers: Annotated[int, typer.Option(min=1)] = 2,
) -> None:
    """Synthetic hospital -> every stage -> evaluation report, on CPU."""
    from pipeline.demo import run_demo

    _setup_logging(False)
    ok = run_demo(out, patients=patients, seed=seed, workers=workers)
    if not ok:
        raise typer.Exit(1)


@app.command()
def resize(
    checkpoint: Annotated[Path, typer.Option(help="Checkpoint folder to resize.")],
    image_size: Annotated[int, typer.Option(help="New input resolution (px).")],
    out: Annotated[Path | None, typer.Option(help="New checkpoint folder (default: <checkpoint>-<size>[-p<patch>]).")] = None,
    patch_size: Annotated[int | None, typer.Option(help="New patch size (FlexiViT pseudo-inverse resize); "
                                                       "omit to keep it and interpolate position embeddings.")] = None,
) -> None:
    """Resize a CLIP checkpoint's image tower once (B16->B24@336, B16@448...); training then continues from it."""
    from models.resize import resize_checkpoint

    suffix = f"-{image_size}" + (f"-p{patch_size}" if patch_size else "")
    dst = out or checkpoint.with_name(checkpoint.name + suffix)
    try:
        written = resize_checkpoint(checkpoint, dst, image_size=image_size, patch_size=patch_size)
    except (ValueError, FileNotFoundError) as err:
        typer.echo(f"resize: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {written}")


@app.command("align-text")
def align_text(
    text_model: Annotated[Path, typer.Option(help="Local Hugging Face text model folder (weights + tokenizer).")],
    synonyms: Annotated[Path, typer.Option(help="CSV with concept_id,term (e.g. a UMLS/MeSH French export).")],
    out: Annotated[Path, typer.Option(help="Aligned model folder (give it to pretrain.text_model_path).")],
    steps: Annotated[int, typer.Option(help="Optimizer steps.")] = 1000,
    batch_concepts: Annotated[int, typer.Option(help="Concepts (synonym pairs) per batch (SapBERT: 256).")] = 256,
    lr: Annotated[float, typer.Option(help="Learning rate.")] = 2e-5,
    loss: Annotated[str, typer.Option(help="multi_similarity (SapBERT) or info_nce.")] = "multi_similarity",
    miner: Annotated[str, typer.Option(help="Hard-pair miner: triplet_margin (SapBERT), multi_similarity, none.")]
    = "triplet_margin",
    seed: Annotated[int, typer.Option(help="Seed (batches and any random init).")] = 0,
) -> None:
    """SapBERT-style self-alignment of a text encoder on synonyms (multi-similarity loss, online hard pairs)."""
    from models.align_text import AlignConfig, SynonymFileError, align_text_encoder

    _setup_logging(False)
    try:
        cfg = AlignConfig(steps=steps, batch_concepts=batch_concepts, lr=lr, loss=loss, miner=miner, seed=seed)
        stats = align_text_encoder(text_model, synonyms, out, cfg)
    except (SynonymFileError, OSError, ValueError) as err:
        typer.echo(f"align-text: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {out}: synonym nearest-neighbour accuracy {stats['accuracy_before']:.3f} -> "
               f"{stats['accuracy_after']:.3f} ({int(stats['concepts'])} concepts)")


@app.command()
def evaluate(
    checkpoint: Annotated[list[Path], typer.Option(help="Checkpoint folder(s); several give one comparison table.")],
    dataset: Annotated[list[str], typer.Option(help="KIND:PATH, KIND in mura, fracatlas, oai_kl, oai_hka, "
                                                    "boneage, generic, ours (an out/ folder).")],
    out: Annotated[Path, typer.Option(help="Folder for results.json, predictions, plots and the report.")] = Path("eval"),
    task: Annotated[list[str] | None, typer.Option(help="zeroshot, retrieval, report_retrieval, linear_probe, "
                                                       "finetune, tsne (default: all but finetune).")] = None,
    seeds: Annotated[int, typer.Option(help="Seeds of the trained evaluations (mean and 95% CI).")] = 3,
    baseline: Annotated[list[str] | None, typer.Option(help="Also evaluate a ViT baseline: imagenet, random.")] = None,
) -> None:
    """Evaluate checkpoints on downstream datasets (zero-shot, retrieval, linear probe, fine-tune, regression)."""
    from eval.runner import cli_evaluate

    _setup_logging(False)
    options = {"baselines": list(baseline)} if baseline else {}
    cli_evaluate(list(checkpoint), list(dataset), out, tasks=list(task) if task else None, seeds=seeds, **options)


@app.command()
def export(
    config: Annotated[Path, typer.Option("--config", "-c", help="Pipeline YAML config.")],
    format: Annotated[str, typer.Option("--format", help="Export format: hf (datasets.DatasetDict on disk).")] = "hf",
    force: Annotated[bool, typer.Option(help="Rewrite the export even if its inputs did not change.")] = False,
) -> None:
    """Images + structured reports + Q&A -> a Hugging Face dataset (out/<export.folder>), split by patient."""
    from pipeline.runner import print_table, run_stages, summary_table

    _setup_logging(False)
    cfg = _load(config)
    if format != "hf":
        typer.echo(f"--format {format!r}: only 'hf' is supported", err=True)
        raise typer.Exit(2)
    cfg = cfg.model_copy(update={"export": cfg.export.model_copy(update={"format": format})})
    print_table(summary_table(run_stages(cfg, ["export"], force=force)))
    typer.echo(f"dataset: {cfg.paths.out_dir / cfg.export.folder} (datasets.load_from_disk)")


@app.command("finetune-vlm")
def finetune_vlm(
    dataset: Annotated[Path, typer.Option(help="Exported dataset folder (pipeline export --format hf).")],
    model: Annotated[str, typer.Option(help="Local folder of a vision-language model (Idefics2, LLaVA...).")],
    out: Annotated[Path, typer.Option(help="Folder for the LoRA adapter and metrics.")] = Path("vlm-adapter"),
    config: Annotated[Path | None, typer.Option("--config", "-c", help="YAML with a finetune_vlm mapping "
                                                                        "(defaults: the reference settings).")] = None,
) -> None:
    """QLoRA fine-tuning of a VLM on the exported set (NF4 + 8-bit AdamW on GPU; plain LoRA on CPU)."""
    from pipeline.vlm.finetune import FinetuneConfig, finetune, load_finetune_config

    _setup_logging(False)
    cfg = load_finetune_config(config) if config else FinetuneConfig()
    try:
        result = finetune(dataset, model, out, cfg)
    except (ValueError, FileNotFoundError) as err:
        typer.echo(f"finetune-vlm: {err}", err=True)
        raise typer.Exit(2) from None
    for key, value in result.items():
        typer.echo(f"{key}: {value}")


@app.command()
def explain(
    checkpoint: Annotated[Path, typer.Option(help="Checkpoint folder to explain.")],
    dataset: Annotated[str, typer.Option(help="KIND:PATH as for evaluate (ours:OUT_DIR, mura:..., generic:...).")],
    out: Annotated[Path, typer.Option(help="Folder for the tables, overlays and gallery.")] = Path("eval"),
    boxes: Annotated[Path | None, typer.Option(help="JSONL ground-truth boxes (image_id, kind, box).")] = None,
    probe: Annotated[Path | None, typer.Option(help="Linear probe state dict to explain instead of the prompts.")] = None,
    task: Annotated[str, typer.Option(help="Task whose prompt pair is explained.")] = "fracture",
    method: Annotated[list[str] | None, typer.Option(help="tis, rise, input_x_gradient, integrated_gradients, "
                                                         "occlusion, attention_rollout (default: all).")] = None,
    max_images: Annotated[int, typer.Option(help="Images explained (positives first).")] = 64,
    masks: Annotated[int, typer.Option(help="TIS and RISE mask count.")] = 1024,
    device: Annotated[str, typer.Option(help="auto, cpu, cuda...")] = "auto",
) -> None:
    """Saliency maps (TIS and baselines), their metrics and a bias audit for one checkpoint."""
    from explain.sources import cli_explain

    _setup_logging(False)
    options: dict = {"task": task, "max_images": max_images, "n_masks": masks, "device": device}
    if method:
        options["methods"] = list(method)
    try:
        cli_explain(checkpoint, dataset, out, boxes=boxes, probe=probe, **options)
    except (ValueError, FileNotFoundError) as err:
        typer.echo(f"explain: {err}", err=True)
        raise typer.Exit(2) from None


def main() -> None:  # pragma: no cover - console script entry
    try:
        app()
    except ConfigError as err:
        print(str(err), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
