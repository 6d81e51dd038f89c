"""Datasets: one seeded image per study per epoch, reference augmentations, validation, text cleaning;
StudyStream: Parquet parts streamed by rank and loader worker, one image per study, resumable."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import torch
from open_clip.tokenizer import HFTokenizer
from PIL import Image

from models.data import (
    AugmentConfig,
    EpochSampler,
    GroupedEpochSampler,
    StudyDataset,
    StudyIndex,
    StudyStream,
    make_loader,
    plan_batches,
    validate_records,
)
from models.synthetic import toy_records
from models.tokenizer import clean_report_text, focus_report


def _dataset(records, tokenizer_dir: Path, train: bool = True, seed: int = 0) -> StudyDataset:
    tok = HFTokenizer(str(tokenizer_dir), context_length=32)
    return StudyDataset(records, tok, 32, train=train, augment=AugmentConfig(crop_size=48), seed=seed)


def test_items_are_seeded_per_epoch(records, tokenizer_dir: Path) -> None:
    ds = _dataset(records, tokenizer_dir)
    img, tokens = ds[0]
    assert img.shape == (3, 32, 32) and tokens.shape == (32,) and tokens.dtype == torch.long
    again = _dataset(records, tokenizer_dir)
    assert torch.equal(again[0][0], img)
    ds.set_epoch(1)
    assert not torch.equal(ds[0][0], img)
    # the global RNG (dropout, trainer) is not disturbed by augmentation
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    ds[1]
    assert torch.equal(torch.rand(3), expected)


def _solid_png(value: int, size: int = 40, mode: str = "L") -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((size, size + 4), value, np.uint8 if mode == "L" else np.uint16)).save(buf, "PNG")
    return buf.getvalue()


def _which_image(img: Image.Image) -> torch.Tensor:
    """A transform that says which source image was decoded (the images are solid grey levels)."""
    return torch.tensor([float(np.asarray(img.convert("L")).mean())])


def test_one_random_image_per_study(tokenizer_dir: Path) -> None:
    levels = [10, 120, 240]
    recs = [{"study_id": "s0", "images": [_solid_png(v) for v in levels], "text": "Conclusion : normal."}]
    tok = HFTokenizer(str(tokenizer_dir), context_length=16)
    train = StudyDataset(recs, tok, 32, train=True, transform=_which_image, seed=4)
    picked = []
    for epoch in range(16):
        train.set_epoch(epoch)
        value = float(train[0][0][0])
        assert float(train[0][0][0]) == value  # the same epoch picks the same image again (resume)
        picked.append(value)
    assert set(picked) == {float(v) for v in levels}  # every image of the study is drawn over the epochs
    val = StudyDataset(recs, tok, 32, train=False, transform=_which_image)
    assert [float(val[0][0][0]) for _ in range(3)] == [10.0] * 3  # evaluation: always the first image


def test_eval_transform_normalisation(records, tokenizer_dir: Path) -> None:
    ds = _dataset(records, tokenizer_dir, train=False)
    img = ds[0][0]
    assert img.min() >= (0 - 0.5) / 0.25 - 1e-5 and img.max() <= (1 - 0.5) / 0.25 + 1e-5


def test_sampler_resumes_mid_epoch() -> None:
    full = list(EpochSampler(10, seed=1, epoch=2))
    assert sorted(full) == list(range(10))
    assert list(EpochSampler(10, seed=1, epoch=2, start=4)) == full[4:]
    assert list(EpochSampler(10, seed=1, epoch=3)) != full


def test_loader_with_workers(records, tokenizer_dir: Path) -> None:
    ds = _dataset(records[:6], tokenizer_dir)
    batches = list(make_loader(ds, 3, num_workers=2, sampler=EpochSampler(6, 0, 0)))
    single = list(make_loader(ds, 3, num_workers=0, sampler=EpochSampler(6, 0, 0)))
    assert len(batches) == 2
    for (a, ta), (b, tb) in zip(batches, single):
        assert torch.equal(a, b) and torch.equal(ta, tb)


def test_validate_records_gives_reasons(records) -> None:
    bad = [
        {"study_id": "empty-text", "images": records[0]["images"], "text": "   "},
        {"study_id": "no-image", "images": [b"not a png"], "text": "Fracture."},
        {"study_id": "mixed", "images": [b"junk", records[1]["images"][0]], "text": "Pas de fracture."},
    ]
    good, rejects = validate_records(bad + records[:2])
    assert [r["study_id"] for r in good] == ["mixed", records[0]["study_id"], records[1]["study_id"]]
    assert len(good[0]["images"]) == 1
    reasons = {r["item_id"]: r["reason"] for r in rejects}
    assert reasons["empty-text"] == "empty report text"
    assert reasons["no-image"] == "no decodable image"
    assert reasons["mixed/0"].startswith("undecodable image")
    # the text stays raw (paragraphs intact) so that focus_report can still put the conclusion first
    assert good[1]["text"] == records[0]["text"]
    kept, _ = validate_records([{**records[0], "group": "WRIST"}])
    assert kept[0]["group"] == "WRIST"


def test_report_cleaning() -> None:
    assert clean_report_text("Fracture\u00a0 du  radius\n\u2022 pas de luxation\n-----") == (
        "Fracture du radius. pas de luxation."
    )
    report = (
        "Radiographie du poignet droit\n\nPatient : Jean Dupont (N° 123)\n\nMédecin demandeur : Dr X\n\n"
        "Mons, le 3 mars 2020\n\nDescription : trait de fracture du radius distal.\n\n"
        "Conclusion : fracture du radius.\n\nBien confraternellement, Dr Y"
    )
    focused = focus_report(report)
    assert focused.startswith("Conclusion : fracture du radius.")
    assert "Radiographie du poignet droit" in focused and "trait de fracture" in focused
    for admin in ("Dupont", "Dr X", "Mons", "confraternellement"):
        assert admin not in focused
    assert focus_report("") == "" and focus_report("pas de fracture") == "pas de fracture."


def test_grouped_sampler_makes_single_group_batches() -> None:
    groups = ["HAND"] * 40 + ["KNEE"] * 33 + ["SPINE"] * 27  # 100 studies, batches of 10
    sampler = GroupedEpochSampler(groups, 10, seed=3, epoch=0, share=0.5)
    order = list(sampler)
    assert sorted(order) == list(range(100)) and len(sampler) == 100  # a permutation: every study once
    batches = [order[i : i + 10] for i in range(0, 100, 10)]
    pure = [b for b in batches if len({groups[i] for i in b}) == 1]
    assert sampler.n_grouped == 5 and len(pure) >= 5
    # seeded per epoch; start skips already-seen indices (mid-epoch resume)
    assert list(GroupedEpochSampler(groups, 10, seed=3, epoch=0, share=0.5)) == order
    assert list(GroupedEpochSampler(groups, 10, seed=3, epoch=1, share=0.5)) != order
    assert list(GroupedEpochSampler(groups, 10, seed=3, epoch=0, share=0.5, start=30)) == order[30:]
    # share 0: ordinary mixed batches; share 1: every full batch cut from the group-sorted order
    mixed = [list(GroupedEpochSampler(groups, 10, seed=s, epoch=0, share=0.0)) for s in range(3)]
    assert all(sorted(m) == list(range(100)) for m in mixed)
    allg = list(GroupedEpochSampler(groups, 10, seed=1, epoch=0, share=1.0))
    n_groups = [len({groups[i] for i in allg[j : j + 10]}) for j in range(0, 100, 10)]
    assert max(n_groups) <= 2 and sum(n == 1 for n in n_groups) >= 7


def test_training_uses_grouped_batches(records, tokenizer_dir: Path, tmp_path: Path) -> None:
    from models.train import TrainConfig, train_clip

    recs = [{**r, "group": r["body_part"]} for r in records]
    ds = _dataset(recs, tokenizer_dir)
    assert ds.groups == [r["body_part"] for r in records]
    cfg = TrainConfig(model="tiny-vit-tiny-text", tokenizer_dir=str(tokenizer_dir), pretrained_image=False,
                      pretrained_text=False, image_size=32, epochs=1, batch_size=4, lr=1e-3, optimizer="adamw",
                      mixed_precision="no", num_workers=0, group_share=1.0, progress=False,
                      augment=AugmentConfig(crop_size=40))
    result = train_clip(cfg, ds, None, tmp_path / "run")
    assert result.global_step == len(recs) // 4


def test_conclusion_and_negation_reach_the_text_tower(tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    import models

    report = (
        "Radiographie de la main droite\n\nConcerne : Madame Rachel Becker, 14 ans, dossier n° 31603434\n\n"
        "Médecin demandeur : Dr Fischer\n\nLa Teste-De-Buch, le dimanche 9 août 2015\n\n"
        "Indication : bilan de douleur de la main droite chez une patiente de 14 ans.\n\n"
        "Description : Pas de fracture décelable. Interlignes métacarpo-phalangiens conservés.\n\n"
        "Au total : Pas de fracture décelable.\n\nImages disponibles sur [URL]\n\nBien confraternellement, Dr D"
    )
    positive = report.replace("Pas de fracture décelable", "FRACTURE du 5e métacarpien")
    # validate_records must not flatten the report before focus_report sees its paragraphs
    (good,), _ = validate_records([{"study_id": "s", "images": toy_records(1, size=32)[0]["images"], "text": report}])
    focused = focus_report(good["text"])
    assert focused.startswith("Au total : Pas de fracture décelable.") and "Becker" not in focused
    tok_dir = models.train_tokenizer([report, positive] * 8, tmp_path / "tok", vocab_size=150)
    context = models.load_model_config("tiny-vit-tiny-text")["text_cfg"]["context_length"]
    tok = HFTokenizer(str(tok_dir), context_length=context)
    seen = AutoTokenizer.from_pretrained(str(tok_dir)).decode(tok([focused])[0], skip_special_tokens=True)
    assert "pas de fracture décelable" in seen  # the conclusion (with its negation) survives truncation; case folded
    assert torch.equal(tok(["FRACTURE"]), tok(["fracture"]))


def test_sixteen_bit_png_is_scaled_not_clipped() -> None:
    from models.decode import decode_gray

    buf = io.BytesIO()
    Image.fromarray(np.array([[0, 1000], [2000, 4095]], np.uint16)).save(buf, "PNG")  # 12 bits stored
    gray = decode_gray(buf.getvalue())
    assert gray.dtype == np.uint8 and gray.min() == 0 and gray.max() == 255 and 50 < gray[0, 1] < 80


# ---- streaming from Parquet parts ----------------------------------------------------------------

def _png(value: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((40, 44), value, np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def write_parts(folder: Path, images_per_study: list[int], per_file: int = 7, bad: str | None = None) -> list[str]:
    """Image part files like out/images: image_id, study_id, image{bytes, path}; grey level = image number."""
    rows = []
    for s, k in enumerate(images_per_study):
        for j in range(k):
            iid = f"img{s:03d}-{j}"
            rows.append({"image_id": iid, "study_id": f"s{s:03d}",
                         "image": {"bytes": b"not a png" if iid == bad else _png((s * 7 + j * 50) % 256), "path": None}})
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range(0, len(rows), per_file):
        path = folder / f"part-{k // per_file:05d}.parquet"
        pq.write_table(pa.Table.from_pylist(rows[k : k + per_file]), path)
        files.append(str(path))
    return files


def make_stream(files: list[str], n: int, **kw) -> StudyStream:
    index = StudyIndex.from_parts(files, [f"s{s:03d}" for s in range(n)], torch.arange(n).unsqueeze(1),
                                  groups=kw.pop("groups", None))
    return StudyStream(index, 16, AugmentConfig(crop_size=16), seed=3, buffer_size=6, **kw)


def studies_of(loader) -> list[list[int]]:
    return [tokens[:, 0].tolist() for _, tokens in loader]


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return write_parts(tmp_path_factory.mktemp("images"), [1 + s % 3 for s in range(26)])


def test_each_study_once_per_epoch_across_two_ranks_and_two_workers(parts: list[str]) -> None:
    seen: list[int] = []
    per_rank = []
    for rank in range(2):
        stream = make_stream(parts, 26, rank=rank, world=2)
        stream.set_epoch(1)
        batches = studies_of(make_loader(stream, 3, num_workers=2))
        assert all(len(b) == 3 for b in batches)
        per_rank.append(len(batches))
        seen += [s for b in batches for s in b]
    assert per_rank == [4, 4]  # 26 // (2 ranks * 3) batches each: ranks stay in step
    assert len(seen) == len(set(seen)) == 24  # each study at most once; only the remainder (2) left out
    other = make_stream(parts, 26, rank=0, world=2)
    other.set_epoch(2)
    assert studies_of(make_loader(other, 3, num_workers=0)) != studies_of(make_loader(stream, 3, num_workers=0))


def test_order_does_not_depend_on_workers_and_resumes_mid_epoch(parts: list[str]) -> None:
    stream = make_stream(parts, 26, rank=1, world=2)
    full = list(make_loader(stream, 3, num_workers=2))
    single = list(make_loader(stream, 3, num_workers=0))
    assert len(full) == 4
    for (a, ta), (b, tb) in zip(full, single):
        assert torch.equal(ta, tb) and torch.equal(a, b)  # same studies, same images and augmentations
    # the trainer resumes after 2 steps: its sampler starts at 2 steps * 3 per rank * 2 ranks
    resumed = list(make_loader(stream, 3, num_workers=2, sampler=EpochSampler(26, 0, 0, start=2 * 3 * 2)))
    assert len(resumed) == 2
    for (a, ta), (b, tb) in zip(resumed, full[2:]):
        assert torch.equal(ta, tb) and torch.equal(a, b)


def test_one_random_image_per_study_from_the_parts(tmp_path: Path) -> None:
    files = write_parts(tmp_path, [3, 3, 3, 3], per_file=5)
    stream = make_stream(files, 4, transform=lambda img: torch.tensor([float(np.asarray(img).mean())]))
    drawn: dict[int, set[float]] = {s: set() for s in range(4)}
    for epoch in range(10):
        stream.set_epoch(epoch)
        batches = list(make_loader(stream, 2, num_workers=0))
        assert sorted(int(t) for _, tok in batches for t in tok[:, 0]) == [0, 1, 2, 3]
        for value, tok in batches:
            for v, s in zip(value[:, 0].tolist(), tok[:, 0].tolist()):
                assert v in {float((s * 7 + j * 50) % 256) for j in range(3)}  # an image of that very study
                drawn[s].add(v)
    assert all(len(v) == 3 for v in drawn.values())  # over epochs every image of a study is drawn


def test_bad_image_is_skipped_and_counted(tmp_path: Path) -> None:
    files = write_parts(tmp_path / "images", [1] * 8, bad="img002-0")
    stream = make_stream(files, 8)
    batches = studies_of(make_loader(stream, 4, num_workers=0))
    assert [len(b) for b in batches] == [4, 4] and stream.bad_images == 1
    assert 2 not in {s for b in batches for s in b}  # its place went to another study of the batch
    # loader workers report what they met through files
    (tmp_path / "bad").mkdir()
    stream = make_stream(files, 8, report_dir=str(tmp_path / "bad"))
    assert len(studies_of(make_loader(stream, 4, num_workers=2))) == 2
    found = [line for p in (tmp_path / "bad").glob("*.tsv") for line in p.read_text().splitlines()]
    assert found == ["s002\timg002-0"]


def test_index_skips_dropped_images_and_reads_no_pixels(tmp_path: Path) -> None:
    files = write_parts(tmp_path, [2, 1, 0, 2])
    index = StudyIndex.from_parts(files, ["s003", "s000", "s002"], torch.zeros(3, 1),
                                  skip_image_ids=["img000-1"])
    assert [index.n_images(i) for i in range(3)] == [2, 1, 0]
    sub = index.subset([1, 0])
    assert sub.study_ids == ["s000", "s003"] and [sub.n_images(i) for i in range(2)] == [1, 2]


def test_group_batches_come_from_the_buffer() -> None:
    groups = np.array([i % 2 for i in range(24)])
    rng = np.random.default_rng(0)
    batches = plan_batches(np.arange(24), groups, 4, 12, 1.0, rng)
    assert sorted(int(s) for b in batches for s in b) == list(range(24))
    assert sum(len(set(groups[b])) == 1 for b in batches) >= 3
