"""Hospital radiographs + French reports -> de-identified dataset, pseudo-labels, CLIP model, evaluation."""

__version__ = "0.1.0"
