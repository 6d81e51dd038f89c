"""Hospital radiographs + French reports -> de-identified dataset, pseudo-labels, CLIP model, evaluation."""

import os as _os

#: The distribution's version, for people. Stage fingerprints do not use it: they hash the source of the
#: code each stage depends on (see pipeline.stage).
__version__ = "0.1.0"

# Offline by default: weights and tokenizers come from local paths or the cache, never from a hub at run
# time (hospital networks are closed; a HEAD request is already a leak of what runs). Set before any
# Hugging Face library is imported, since they read these once; a user's own value wins.
for _switch in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
    _os.environ.setdefault(_switch, "1")
