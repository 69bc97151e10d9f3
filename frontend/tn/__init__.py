"""Chinese text normalisation (TN): `normalize(text)` turns written text into what a Mandarin
speaker says, in Chinese characters. Rules and their order are documented in
`frontend/tn/normalizer.py`; number reading lives in `frontend/tn/numbers.py`."""

from frontend.tn.normalizer import normalize

__all__ = ["normalize"]
