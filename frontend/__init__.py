"""Chinese front end: text normalisation, segmentation/POS, pinyin, prosody, phonemes.

No torch import is needed for normalisation and pinyin (the polyphone and tone models run in
numpy); models load lazily, and only the prosody model imports torch.
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
