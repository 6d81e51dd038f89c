"""Synthetic hospital: a seeded PACS (DICOM/PNG) + French report PDFs + ground truth, for tests and the demo.

    from pipeline.synth import generate_hospital, SynthOptions
    summary = generate_hospital(out_dir, SynthOptions(n_patients=40, seed=0))
"""

from pipeline.synth import niss
from pipeline.synth.generator import generate_hospital
from pipeline.synth.options import SynthOptions

__all__ = ["SynthOptions", "generate_hospital", "niss"]
