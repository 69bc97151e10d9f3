"""Vocoders: log-mel (B, n_mels, T) -> audio (B, samples), all behind one interface."""

from tts.vocoders.base import Vocoder
from tts.vocoders.griffin_lim import GriffinLim
from tts.vocoders.hifigan import HiFiGAN
from tts.vocoders.istft import ISTFTVocoder
from tts.vocoders.loading import load_vocoder

__all__ = ["Vocoder", "GriffinLim", "HiFiGAN", "ISTFTVocoder", "load_vocoder"]
