"""Acoustic models: phoneme ids -> log-mel spectrogram (the `tts.audio` convention)."""

from tts.models.tacotron2 import Tacotron2, Tacotron2Config

__all__ = ["Tacotron2", "Tacotron2Config"]
