"""Chinese front end: text normalisation, segmentation/POS, pinyin, prosody, phonemes.

At inference nothing imports torch or jieba: the polyphone, tone and prosody models run in numpy
from `.npz` exports (torch only trains them), and segmentation reads a cache of jieba's
dictionary and HMM tables (`frontend.segment`); models load lazily.
`Frontend` is the one public object; `normalize(text)` is a module-level shortcut.
"""

from frontend.errors import FrontendError


def normalize(text):
    """Written text -> what a Mandarin speaker says, in Chinese characters (see frontend.tn)."""
    from frontend.tn import normalize as _normalize

    return _normalize(text)


def __getattr__(name):
    if name == "Frontend":
        from frontend.frontend import Frontend

        return Frontend
    raise AttributeError(f"module 'frontend' has no attribute {name!r}")


__all__ = ["Frontend", "FrontendError", "normalize"]
