"""Each reader parses a tiny copy of its layout with the right labels and splits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from eval_testkit import one_torch_thread_fixture, write_ours, write_png  # noqa: F401 - fixtures, requested by name

from eval.data import load_image
from eval.readers import DatasetArg, DatasetError, read_dataset


def test_mura_layout(tmp_path: Path) -> None:
    root = tmp_path / "MURA-v1.1"
    entries = {
        "train": [("XR_WRIST/patient00001/study1_positive", 1, 2), ("XR_SHOULDER/patient00002/study1_negative", 0, 1)],
        "valid": [("XR_ELBOW/patient11185/study1_negative", 0, 1), ("XR_WRIST/patient11186/study2_positive", 1, 3)],
    }
    for split, studies in entries.items():
        paths, labeled = [], []
        for study, label, n in studies:
            rel = f"MURA-v1.1/{split}/{study}"
            labeled.append(f"{rel}/,{label}")
            for k in range(n):
                write_png(tmp_path / rel / f"image{k + 1}.png", 50 + 100 * label)
                paths.append(f"{rel}/image{k + 1}.png")
        paths.append(f"MURA-v1.1/{split}/XR_HAND/patient99999/study1_negative/image1.png")  # unlabeled study
        (root / f"{split}_image_paths.csv").write_text("\n".join(paths) + "\n")
        (root / f"{split}_labeled_studies.csv").write_text("\n".join(labeled) + "\n")
    (ds,) = read_dataset(f"mura:{tmp_path}")
    assert len(ds) == 7 and ds.label_level == "study" and ds.kind == "binary"
    assert ds.splits.count("test") == 4 and set(ds.splits) <= {"train", "val", "test"}
    i = ds.image_ids.index("valid/XR_WRIST/patient11186/study2_positive/image2.png")
    assert ds.labels[i] == 1.0 and ds.splits[i] == "test" and ds.body_parts[i] == "wrist"
    assert ds.patient_ids[i] == "patient11186" and ds.study_ids[i] == "valid/XR_WRIST/patient11186/study2_positive"
    assert load_image(ds.sources[i]).size == (40, 40)
    assert read_dataset(f"mura:{root}")[0].image_ids == ds.image_ids  # either folder works


def test_fracatlas_layout(tmp_path: Path) -> None:
    root = tmp_path / "FracAtlas"
    rows = ["image_id,hand,leg,hip,shoulder,mixed,hardware,multiscan,fractured,fracture_count,frontal,lateral,oblique"]
    for i in range(12):
        frac = int(i < 4)
        name = f"IMG{i:07d}.jpg"
        write_png(root / "images" / ("Fractured" if frac else "Non_fractured") / name, 30 + 150 * frac)
        hand, leg = (1, 0) if i % 2 else (0, 1)
        rows.append(f"{name},{hand},{leg},0,0,0,0,0,{frac},{frac},1,0,0")
    (root / "dataset.csv").write_text("\n".join(rows) + "\n")
    split_dir = root / "Utilities" / "Fracture Split"
    split_dir.mkdir(parents=True)
    for fname, ids in (("train.csv", [0, 1]), ("valid.csv", [2]), ("test.csv", [3])):
        (split_dir / fname).write_text("image_id\n" + "".join(f"IMG{i:07d}.jpg\n" for i in ids))
    (ds,) = read_dataset(f"fracatlas:{tmp_path}")
    assert len(ds) == 12 and ds.labels.sum() == 4
    assert [ds.splits[ds.image_ids.index(f"IMG{i:07d}.jpg")] for i in range(4)] == ["train", "train", "val", "test"]
    assert ds.body_parts[ds.image_ids.index("IMG0000001.jpg")] == "hand"
    assert ds.body_parts[ds.image_ids.index("IMG0000002.jpg")] == "leg"
    assert all(Path(s).is_file() for s in ds.sources)


def test_oai_kl_and_hka_csv(tmp_path: Path) -> None:
    for i in range(6):
        write_png(tmp_path / "img" / f"k{i}.png", 20 * i)
    (tmp_path / "kl.csv").write_text(
        "Path,Side,KL_Grade,patient_id,split\n"
        + "".join(f"img/k{i}.png,{'LR'[i % 2]},{i % 5},p{i},{'train' if i < 4 else 'test'}\n" for i in range(6))
        + "img/k5.png,L,9,p9,train\n"  # invalid grade: skipped
    )
    (kl,) = read_dataset(f"oai_kl:{tmp_path / 'kl.csv'}")
    assert kl.kind == "multiclass" and kl.class_names == ["KL0", "KL1", "KL2", "KL3", "KL4"]
    assert kl.labels.tolist() == [0, 1, 2, 3, 4, 0] and kl.splits == ["train"] * 4 + ["test"] * 2
    assert kl.image_ids[1] == "img/k1.png#R"
    (tmp_path / "hka.csv").write_text(
        "path,side,hka\n" + "".join(f"img/k{i}.png,L,{-3.5 + i}\n" for i in range(6)) + "img/k0.png,R,\n"
    )
    (hka,) = read_dataset(f"oai_hka:{tmp_path / 'hka.csv'}")
    assert hka.kind == "regression" and len(hka) == 6 and hka.labels[0] == -3.5
    assert set(hka.splits) <= {"train", "val", "test"}


def test_rsna_boneage_layout(tmp_path: Path) -> None:
    for i in range(1, 9):
        write_png(tmp_path / "boneage-training-dataset" / f"{1000 + i}.png", 10 * i)
    (tmp_path / "boneage-training-dataset.csv").write_text(
        "id,boneage,male\n" + "".join(f"{1000 + i},{12 * i},{'True' if i % 2 else 'False'}\n" for i in range(1, 7))
    )
    (tmp_path / "Validation Dataset.csv").write_text("Image ID,male,Bone Age (months)\n1007,TRUE,150\n1008,FALSE,40\n")
    (ds,) = read_dataset(f"boneage:{tmp_path}")
    assert ds.kind == "regression" and len(ds) == 8 and ds.sex is not None
    assert ds.splits.count("train") == 6 and ds.splits.count("val") == 2
    j = ds.image_ids.index("1003")
    assert ds.labels[j] == 36 and ds.sex[j] == 1.0
    assert ds.sex[ds.image_ids.index("1008")] == 0.0


def test_generic_csv_and_parquet(tmp_path: Path) -> None:
    for i in range(4):
        write_png(tmp_path / f"g{i}.png", 60 * i)
    (tmp_path / "mine.csv").write_text("path,label,split\n" + "".join(f"g{i}.png,{i % 2},{'train' if i < 2 else 'test'}\n"
                                                                       for i in range(4)))
    (ds,) = read_dataset(f"generic:{tmp_path / 'mine.csv'}")
    assert ds.kind == "binary" and ds.labels.tolist() == [0, 1, 0, 1] and ds.splits == ["train", "train", "test", "test"]
    pq.write_table(pa.table({"path": [str(tmp_path / f"g{i}.png") for i in range(4)], "target": [1.5, 2.0, 3.0, 4.5],
                             "body_part": ["knee"] * 4}), tmp_path / "reg.parquet")
    (reg,) = read_dataset(f"generic:{tmp_path / 'reg.parquet'}")
    assert reg.kind == "regression" and reg.labels.tolist() == [1.5, 2.0, 3.0, 4.5] and reg.body_parts[0] == "knee"
    (tmp_path / "multi.csv").write_text("path,label\n" + "".join(f"g{i}.png,{i}\n" for i in range(4)))
    (multi,) = read_dataset(f"generic:{tmp_path / 'multi.csv'}")
    assert multi.kind == "multiclass" and multi.class_names == ["0", "1", "2", "3"]


def test_ours_layout(tmp_path: Path) -> None:
    write_ours(tmp_path)
    tasks = {d.task: d for d in read_dataset(f"ours:{tmp_path}")}
    assert set(tasks) == {"fracture", "arthrose"}
    frac = tasks["fracture"]
    assert len(frac) == 23 and "img001_1" not in frac.image_ids  # filtered image left out
    assert frac.label_level == "study" and frac.prompt_set == "ours"
    i = frac.image_ids.index("img005_0")
    assert frac.labels[i] == 1.0 and frac.splits[i] == "train" and frac.body_parts[i] == "poignet"
    assert frac.report_texts["st005"].startswith("Fracture")
    assert "st002" not in tasks["arthrose"].study_ids  # kept == False
    assert tasks["arthrose"].labels[tasks["arthrose"].study_ids.index("st003")] == 1.0
    assert np.all(np.isin(frac.splits, ["train", "val", "test"]))


def test_bad_arguments_raise_readable_errors(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="KIND:PATH"):
        DatasetArg.parse("mura")
    with pytest.raises(DatasetError, match="unknown dataset kind"):
        DatasetArg.parse("imagenet:/x")
    with pytest.raises(DatasetError, match="missing"):
        read_dataset(f"mura:{tmp_path}")
    with pytest.raises(DatasetError, match="labels/ and images/"):
        read_dataset(f"ours:{tmp_path}")


def test_ours_keeps_images_in_their_parquet_parts(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eval.data import ParquetImage, load_image

    write_ours(tmp_path)
    # a second part with an image row that has no bytes: left out, not a crash
    pq.write_table(pa.Table.from_pylist([
        {"image_id": "img000_9", "study_id": "st000", "patient_pseudo_id": "pt000",
         "image": {"bytes": None, "path": None}, "body_part": "cheville", "laterality": "G"}]),
        tmp_path / "images" / "part-00001.parquet")
    frac = {d.task: d for d in read_dataset(f"ours:{tmp_path}")}["fracture"]
    assert len(frac) == 23 and "img000_9" not in frac.image_ids
    assert all(isinstance(s, ParquetImage) for s in frac.sources)  # references, not a copy of the bytes
    stored = pq.read_table(tmp_path / "images" / "part-00000.parquet").to_pylist()
    by_id = {r["image_id"]: r["image"]["bytes"] for r in stored}
    for iid, src in zip(frac.image_ids[:4], frac.sources[:4]):
        assert np.array_equal(np.asarray(load_image(src)), np.asarray(load_image(by_id[iid])))
