"""filter-images: burned-in PHI recall, laterality-marker false drops, cheap rules, engines, rejects."""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from testkit import ground_truth

from pipeline.config import config_from_dict
from pipeline.configs.filter_images import FilterImagesConfig
from pipeline.ocr import OcrUnavailable, count_chars, downscale, make_engine
from pipeline.ocr.base import OcrResult
from pipeline.runner import run_stages
from pipeline.stages import filter_images as fi
from pipeline.store import Store


def _by_source(cfg, hospital: Path) -> dict[str, dict]:
    """image_id -> ground-truth image row, through the vault's source paths."""
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    gt = {row["path"]: row for row in ground_truth(hospital, "images")}
    links = store.read_table("image_ids", columns=["image_id", "source_path"]).to_pylist()
    return {r["image_id"]: gt[str(Path(r["source_path"]).relative_to(hospital.resolve()))] for r in links}


@pytest.fixture(scope="module")
def filtered(ingested, synthetic_hospital):
    cfg, _ = ingested
    report = run_stages(cfg, ["filter-images"], progress=False)[0]
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    decisions = {r["image_id"]: r for r in store.read_table("image_filter").to_pylist()}
    return cfg, report, decisions, _by_source(cfg, synthetic_hospital)


def test_every_burned_in_phi_image_is_dropped(filtered):
    _, report, decisions, truth = filtered
    phi = [i for i, t in truth.items() if t["burned_in"] == "phi"]
    assert phi, "the synthetic hospital must hold burned-in PHI images"
    missed = [i for i in phi if decisions[i]["kept"]]
    assert missed == []  # recall 100%
    assert report.rows_in == len(truth) == report.rows_out["image_filter"] + report.rejects


def test_laterality_markers_are_rarely_dropped(filtered):
    _, _, decisions, truth = filtered
    markers = [i for i, t in truth.items() if t["burned_in"] == "laterality"]
    plain = [i for i, t in truth.items() if t["burned_in"] == "none"]
    assert len(markers) >= 10
    dropped = [i for i in markers if not decisions[i]["kept"]]
    assert len(dropped) / len(markers) <= 0.02
    assert all(decisions[i]["kept"] for i in plain)


def test_out_holds_counts_and_vault_holds_text(filtered):
    cfg, _, decisions, truth = filtered
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    assert (Path(cfg.paths.vault_dir) / "ocr_text").is_dir() and not (Path(cfg.paths.out_dir) / "ocr_text").exists()
    texts = {r["image_id"]: r["text"] for r in store.read_table("ocr_text").to_pylist()}
    for image_id, row in decisions.items():
        if row["engine"] == "rules":
            assert row["n_chars"] is None and not row["kept"]
        else:
            assert row["n_chars"] == count_chars(texts.get(image_id, ""))
            assert row["engine"].startswith("rapidocr")
    assert "text" not in store.read_table("image_filter").column_names
    phi_texts = [texts.get(i, "") for i, t in truth.items() if t["burned_in"] == "phi" and i in texts]
    assert all(count_chars(t) > 35 for t in phi_texts)  # what was read of a dose report / form is in the vault


def test_only_kept_images_reach_out(filtered):
    cfg, _, decisions, truth = filtered
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    out_ids = set(store.read_table("images", columns=["image_id"]).column("image_id").to_pylist())
    assert out_ids == {i for i, d in decisions.items() if d["kept"]}
    assert not any(truth[i]["burned_in"] == "phi" for i in out_ids)
    # stored once: every burned-in PHI image is in the vault's dropped_images, and the ingested parts are gone
    dropped = set(store.read_table("dropped_images", columns=["image_id"]).column("image_id").to_pylist())
    assert dropped == set(truth) - out_ids and {i for i, t in truth.items() if t["burned_in"] == "phi"} <= dropped
    assert not store.table_files("ingested_images") and not (Path(cfg.paths.out_dir) / "dropped_images").exists()


def test_second_run_is_skipped(filtered):
    cfg, first, _, _ = filtered
    again = run_stages(cfg, ["filter-images"], progress=False)[0]
    assert again.status == "skipped" and again.rows_out == first.rows_out


# ---- cheap rules and rejects on a hand-made images table ------------------------------------------------

def _png(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


def _text_image(text: str, size: tuple[int, int] = (320, 240)) -> np.ndarray:
    img = Image.new("L", size, 20)
    ImageDraw.Draw(img).text((10, 10), text, fill=250, font_size=16)
    return np.asarray(img)


def _row(image_id: str, pixels: np.ndarray | None, **tags) -> dict:
    h, w = (pixels.shape if pixels is not None else (768, 1024))
    return {
        "image_id": image_id, "study_id": "s", "patient_pseudo_id": "p",
        "image": {"bytes": _png(pixels) if pixels is not None else b"not a png", "path": f"{image_id}.png"},
        "modality": tags.get("modality", "DX"), "burned_in_annotation": tags.get("burned", ""),
        "width": tags.get("width", w), "height": tags.get("height", h), "bits_stored": tags.get("bits", 12),
    }


@pytest.fixture()
def small_store(tmp_path):
    cfg = config_from_dict({"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")},
                            "run": {"shard_size": 3}, "filter_images": {"batch_size": 2}})
    store = Store.from_config(cfg)
    blank = np.full((240, 320), 30, dtype=np.uint8)
    rows = [
        _row("flagged", blank, burned="YES"),
        _row("dose", blank, modality="SR"),
        _row("screen", blank, bits=8, width=384, height=288),
        _row("broken", None),
        _row("blank", blank),
        _row("form", _text_image("NOM : MARTIN Sophie\nNE LE 12/03/1965\nIPP 88412345 DOSSIER")),
        _row("marker", _text_image("G")),
    ]
    store.write_shard("ingested_images", 0, rows)
    return cfg, store


def test_rules_ocr_and_rejects_on_small_table(small_store):
    cfg, store = small_store
    report = run_stages(cfg, ["filter-images"], progress=False)[0]
    rows = {r["image_id"]: r for r in store.read_table("image_filter").to_pylist()}
    assert rows["flagged"]["reason"] == fi.REASON_FLAG
    assert rows["dose"]["reason"] == "non-radiograph modality SR"
    assert rows["screen"]["reason"] == fi.REASON_SCREEN
    assert not any(rows[k]["kept"] for k in ("flagged", "dose", "screen", "form"))
    assert rows["form"]["reason"] == fi.REASON_TEXT and rows["form"]["n_chars"] > 35
    assert rows["blank"]["kept"] and rows["blank"]["n_chars"] == 0
    assert rows["marker"]["kept"]
    assert report.reject_reasons == {"stored image could not be decoded": 1}
    assert report.rows_in == 7 == len(rows) + report.rejects
    rejects = store.read_table("rejects", stage="filter-images").to_pylist()
    assert [r["item"] for r in rejects] == ["broken"]
    # every image once: kept ones in out/, the others (the rejected one too) in the vault, in input order
    kept = store.read_table("images", columns=["image_id"]).column("image_id").to_pylist()
    dropped = store.read_table("dropped_images", columns=["image_id"]).column("image_id").to_pylist()
    assert kept == ["blank", "marker"]
    assert dropped == ["flagged", "dose", "screen", "broken", "form"]
    assert store.table_files("ingested_images")  # made by hand, no ingest marker to record a hand-over: kept


def test_engine_failure_rejects_only_the_bad_image(small_store, monkeypatch):
    class Picky:
        name = "picky"

        def read(self, images):
            if any(im.max() > 200 for im in images):
                raise RuntimeError("cannot read this one")
            return [OcrResult() for _ in images]

    monkeypatch.setattr(fi, "get_engine", lambda cfg, threads: Picky())
    cfg, store = small_store
    report = run_stages(cfg, ["filter-images"], progress=False)[0]
    assert report.status == "done"
    assert report.reject_reasons == {"stored image could not be decoded": 1, "OCR engine failed on the image": 2}
    rows = {r["image_id"]: r for r in store.read_table("image_filter").to_pylist()}
    assert rows["blank"]["kept"] and "form" not in rows and "marker" not in rows


def test_screen_size_rule_needs_8_bits():
    cfg = FilterImagesConfig()
    assert fi.cheap_rule({"width": 1024, "height": 768, "bits_stored": 8}, cfg) == fi.REASON_SCREEN
    assert fi.cheap_rule({"width": 256, "height": 144, "bits_stored": 8}, cfg) == fi.REASON_SCREEN  # 1920x1080 scaled
    assert fi.cheap_rule({"width": 384, "height": 288, "bits_stored": 12}, cfg) is None
    assert fi.cheap_rule({"width": 384, "height": 288, "bits_stored": None}, cfg) is None
    assert fi.cheap_rule({"modality": "ct", "burned_in_annotation": "no"}, cfg) is None
    assert fi.cheap_rule({"burned_in_annotation": "yes "}, cfg) == fi.REASON_FLAG


def test_downscale_and_count():
    big = np.zeros((1000, 500), dtype=np.uint8)
    assert downscale(big, 400).shape == (400, 200)
    assert downscale(big, None) is big and downscale(big, 2000) is big
    assert count_chars("Né(e) le : 05/03/1935 -- ##") == 13


# ---- EasyOCR behind a fake at the engine boundary --------------------------------------------------------

class FakeReader:
    calls: list[dict] = []

    def __init__(self, langs, gpu, model_storage_directory, download_enabled, verbose):
        FakeReader.calls.append({"langs": langs, "gpu": gpu, "dir": model_storage_directory,
                                 "download_enabled": download_enabled})

    def readtext_batched(self, images, batch_size, detail):
        assert len({im.shape for im in images}) == 1  # padded to one size
        box = [[0, 0], [5, 0], [5, 5], [0, 5]]
        return [[(box, "DUPONT Jean 12/03/1965", 0.9), (box, "bruit", 0.1)] if im.max() > 150 else []
                for im in images]


def _fake_easyocr(monkeypatch, reader=FakeReader):
    module = types.ModuleType("easyocr")
    module.Reader = reader
    monkeypatch.setitem(sys.modules, "easyocr", module)


def test_easyocr_engine_batches_offline(monkeypatch, tmp_path):
    _fake_easyocr(monkeypatch)
    FakeReader.calls.clear()
    engine = make_engine("easyocr", model_dir=tmp_path, langs=["fr"], gpu=False, batch_size=8)
    results = engine.read([np.full((40, 60), 200, np.uint8), np.zeros((30, 90), np.uint8)])
    assert FakeReader.calls == [{"langs": ["fr"], "gpu": False, "dir": str(tmp_path), "download_enabled": False}]
    assert [r.text for r in results] == ["DUPONT Jean 12/03/1965", ""]
    assert isinstance(results[0], OcrResult) and results[0].n_chars == 18


def test_easyocr_missing_weights_says_where_to_put_them(monkeypatch, tmp_path):
    class NoWeights(FakeReader):
        def __init__(self, *args, **kwargs):
            raise FileNotFoundError(f"Missing {tmp_path}/craft_mlt_25k.pth and downloads disabled")

    _fake_easyocr(monkeypatch, NoWeights)
    with pytest.raises(OcrUnavailable) as err:
        make_engine("easyocr", model_dir=tmp_path, langs=["fr", "en"], gpu=False)
    message = str(err.value)
    assert str(tmp_path) in message and "craft_mlt_25k.pth" in message and "latin_g2.pth" in message
    with pytest.raises(OcrUnavailable, match="does not exist"):
        make_engine("easyocr", model_dir=tmp_path / "nowhere", gpu=False)


def test_easyocr_not_installed(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "easyocr", None)
    with pytest.raises(OcrUnavailable, match="pip install"):
        make_engine("easyocr", model_dir=tmp_path)


def test_stage_runs_with_easyocr_engine(monkeypatch, small_store):
    _fake_easyocr(monkeypatch)
    cfg, store = small_store
    cfg = cfg.model_copy(update={"filter_images": FilterImagesConfig(engine="easyocr", easyocr_model_dir=store.out_dir,
                                                                     device="cpu")})
    fi._ENGINES.clear()
    run_stages(cfg, ["filter-images"], progress=False)
    rows = {r["image_id"]: r for r in store.read_table("image_filter").to_pylist()}
    assert rows["form"]["engine"] == "easyocr@1024px" and rows["form"]["n_chars"] == 18
    assert rows["blank"]["kept"]
    fi._ENGINES.clear()


# ---- OCR at scale: one device per worker, GPUs round-robin; the cascade -------------------------------------

def test_pick_device_spreads_workers_over_gpus():
    from pipeline.ocr import pick_device

    assert [pick_device("auto", w, 3) for w in range(5)] == ["cuda:0", "cuda:1", "cuda:2", "cuda:0", "cuda:1"]
    assert pick_device("auto", 4, 0) == "cpu" and pick_device("cpu", 1, 8) == "cpu"
    with pytest.raises(OcrUnavailable, match="no CUDA device"):
        pick_device("cuda", 0, 0)


def test_easyocr_workers_get_their_own_gpu(monkeypatch, tmp_path):
    _fake_easyocr(monkeypatch)
    FakeReader.calls.clear()
    monkeypatch.setattr(fi, "visible_gpus", lambda: 2)
    cfg = FilterImagesConfig(engine="easyocr", easyocr_model_dir=tmp_path, device="auto")
    for worker in (0, 1, 2):  # each worker is its own process with its own engine cache
        monkeypatch.setattr(fi, "_ENGINES", {})
        monkeypatch.setattr(fi, "worker_index", lambda w=worker: w)
        fi.get_engine(cfg, threads=1)
    assert [c["gpu"] for c in FakeReader.calls] == ["cuda:0", "cuda:1", "cuda:0"]


def test_rapidocr_gpu_sessions_on_the_worker_gpu(monkeypatch):
    seen: dict = {}

    class FakeRapid:
        def __init__(self, **kwargs):
            seen.update(kwargs)

    module = types.ModuleType("rapidocr_onnxruntime")
    module.RapidOCR = FakeRapid
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", module)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    monkeypatch.setattr(fi, "visible_gpus", lambda: 4)
    monkeypatch.setattr(fi, "worker_index", lambda: 6)
    monkeypatch.setattr(fi, "_ENGINES", {})
    engine = fi.get_engine(FilterImagesConfig(rapidocr_gpu=True), threads=1)
    assert engine.device == "cuda:2" and seen["det_use_cuda"] and seen["rec_use_cuda"]
    assert __import__("os").environ["CUDA_VISIBLE_DEVICES"] == "2"
    monkeypatch.setattr(fi, "_ENGINES", {})
    assert fi.get_engine(FilterImagesConfig(), threads=1).device == "cpu"  # RapidOCR on CPU unless asked
    assert seen["det_use_cuda"] is False and seen["intra_op_num_threads"] == 1


def test_cascade_reads_only_images_where_the_detector_finds_text():
    from pipeline.ocr.cascade import CascadeEngine

    class Engine:
        name = "fake"
        read_calls: list[int] = []

        def detect(self, pixels):
            assert max(pixels.shape) <= 64  # the cheap pass runs downscaled
            return int(pixels.max() > 150)

        def read(self, images):
            self.read_calls.append(len(images))
            return [OcrResult(lines=["DUPONT Jean 12/03/1965 ID 123456789 ACC 4242"], n_boxes=1) for _ in images]

    blank, text = np.zeros((256, 200), np.uint8), np.full((256, 200), 200, np.uint8)
    cascade = CascadeEngine(Engine(), 64)
    results = cascade.read([blank, text, blank, text])
    assert [r.n_boxes for r in results] == [0, 1, 0, 1] and Engine.read_calls == [2] and cascade.skipped == 2
    assert count_chars(results[1].text) > 35 and results[0].text == ""


def test_recall_on_small_burned_in_text_by_height(tmp_path, capsys):
    """Radiographs with 8-16 px annotations (at 1024 px) through the real default engine: recall by height.

    The figure is printed (the benchmark has the larger sample); the test fails when no annotation of
    the largest height is caught, i.e. when the renderer or the engine stops producing findable text.
    """
    import pydicom

    from pipeline.dicom import display_pixels
    from pipeline.synth import SynthOptions, generate_hospital

    generate_hospital(tmp_path, SynthOptions(n_patients=2, seed=5, image_size=1024, small_text_rate=1.0,
                                             burned_phi_rate=0.0, bad_file_rate=0.0, laterality_marker_rate=0.0,
                                             max_images=2, max_studies=2, non_radiology_rate=0.0))
    rows = [r for r in ground_truth(tmp_path, "images") if r["burned_in"] == "phi_small" and r["path"].endswith(".dcm")]
    engine = fi.get_engine(FilterImagesConfig(), threads=1)
    found: dict[str, list[int]] = {}
    for row in rows[:3]:
        pixels = display_pixels(pydicom.dcmread(tmp_path / row["path"]))
        n = count_chars(engine.read([downscale(pixels, 1024)])[0].text)
        px = row["text_px"] * 1024 / max(row["rows"], row["columns"])
        bucket = "8-10px" if px < 10.5 else ("11-13px" if px < 13.5 else "14-16px")
        found.setdefault(bucket, []).append(int(n > FilterImagesConfig().max_chars))
    with capsys.disabled():
        print("\nsmall-text recall by height:", {k: f"{sum(v)}/{len(v)}" for k, v in sorted(found.items())})
    assert rows and sum(map(len, found.values())) == min(3, len(rows))
    assert sum(sum(v) for v in found.values()) >= 1, found


@pytest.mark.parametrize("trust", [False, True])
def test_burned_in_no_skips_ocr_only_when_the_hospital_trusts_it(tmp_path, trust):
    """BurnedInAnnotation=NO is often wrong (the form below carries a name): by default OCR still reads it and
    drops it; with trust_burned_in_no the tag is believed, OCR is skipped and the decision says why."""
    cfg = config_from_dict({"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")},
                            "filter_images": {"trust_burned_in_no": trust}})
    store = Store.from_config(cfg)
    form = _text_image("NOM : MARTIN Sophie\nNE LE 12/03/1965\nIPP 88412345 DOSSIER")
    store.write_shard("ingested_images", 0, [_row("tagged_no", form, burned="NO"), _row("untagged", form),
                                             _row("broken_no", None, burned="NO")])
    report = run_stages(cfg, ["filter-images"], progress=False)[0]
    rows = {r["image_id"]: r for r in store.read_table("image_filter").to_pylist()}
    assert rows["untagged"]["reason"] == fi.REASON_TEXT  # no tag: OCR decides either way
    if trust:
        assert rows["tagged_no"]["kept"] and rows["tagged_no"]["reason"] == fi.REASON_TRUSTED_NO
        assert rows["tagged_no"]["n_chars"] is None and rows["tagged_no"]["engine"] == "rules"
    else:
        assert not rows["tagged_no"]["kept"] and rows["tagged_no"]["reason"] == fi.REASON_TEXT
    assert report.reject_reasons == {"stored image could not be decoded": 1}  # never kept unseen
