"""Mandarin Chinese text-to-speech: acoustic models, vocoders, training and synthesis.

Importing `tts` is cheap: torch is loaded only when a model or the audio module is used.
"""

__version__ = "0.1.0"


def __getattr__(name):
    # Lazy re-exports so that `import tts` (and `tts --help`) does not import torch.
    if name == "Synthesizer":
        from tts.synthesizer import Synthesizer

        return Synthesizer
    raise AttributeError(f"module 'tts' has no attribute {name!r}")
