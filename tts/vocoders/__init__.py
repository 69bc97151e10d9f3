"""Vocoders: log-mel (B, n_mels, T) -> audio (B, samples), all behind one interface."""

from tts.vocoders.base import Vocoder
from tts.vocoders.griffin_lim import GriffinLim

__all__ = ["Vocoder", "GriffinLim"]
