"""Hospital radiographs + French reports -> de-identified dataset, pseudo-labels, CLIP model, evaluation."""

#: The distribution's version, for people. Stage fingerprints do not use it: they hash the source of the
#: code each stage depends on (see pipeline.stage).
__version__ = "0.1.0"
