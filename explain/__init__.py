"""Saliency maps for image models, their metrics and a bias audit (library beside eval/).

Methods (each ``method(score_model, pixels) -> (H, W)`` map in [0, 1]): :class:`TIS`
(Transformer Input Sampling, for ViTs), and baselines in :mod:`explain.baselines` (captum input x
gradient, integrated gradients, occlusion; attention rollout; RISE; Grad-CAM and Poly-CAM for CNNs). What is
explained is a :class:`ScoreModel` (:func:`zero_shot_target` for a CLIP prompt pair,
:func:`probe_target` for a linear probe). Metrics in :mod:`explain.metrics` (insertion/deletion,
pointing game, energy in box, sparseness, max-sensitivity), the bias audit in :mod:`explain.audit`,
the batch runner in :mod:`explain.runner`. Imports models/ and eval/, never pipeline/.
"""

from explain.baselines import METHODS, make_method
from explain.targets import ScoreModel, find_vit, probe_target, zero_shot_target
from explain.tis import TIS

__all__ = ["METHODS", "TIS", "ScoreModel", "find_vit", "make_method", "probe_target", "zero_shot_target"]
