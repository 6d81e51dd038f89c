"""Datasets: one seeded image per study per epoch, reference augmentations, validation, text cleaning."""

from __future__ import annotations

from pathlib import Path

import torch
from open_clip.tokenizer import HFTokenizer

from models.data import (
    AugmentConfig,
    EpochSampler,
    GroupedEpochSampler,
    StudyDataset,
    make_loader,
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


def test_one_random_image_per_study(tokenizer_dir: Path) -> None:
    recs = toy_records(1, seed=9, size=40, max_images=1)
    other = toy_records(1, seed=10, size=40, max_images=1)[0]["images"][0]
    recs[0]["images"] = [recs[0]["images"][0], other, other]
    ds = StudyDataset(recs, HFTokenizer(str(tokenizer_dir), context_length=16), 32, train=False)
    first = ds[0][0]
    picked = set()
    train = StudyDataset(recs, HFTokenizer(str(tokenizer_dir), context_length=16), 32, train=True)
    import numpy as np

    for epoch in range(12):
        rng = np.random.default_rng([train.seed, epoch, 0])
        picked.add(int(rng.integers(3)))
    assert picked == {0, 1, 2}
    assert torch.equal(ds[0][0], first)


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
