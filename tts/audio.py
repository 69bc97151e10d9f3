"""Audio I/O and the one mel-spectrogram function used by training, vocoders and synthesis.

The mel follows the HiFi-GAN convention so that vocoders interoperate:
- magnitude (not power) STFT of the signal reflect-padded by (n_fft - hop) / 2 on each side, no
  centring, so a signal of N samples gives N // hop frames;
- a Slaney-normalised, Slaney-scale mel filterbank (librosa's default, `htk=False`);
- the natural log of the mel magnitude, floored at `log_floor` (1e-5 -> about -11.5).

Defaults (22,050 Hz, n_fft 1024, hop 256 ≈ 11.6 ms, 80 mels over 0-8,000 Hz) are those of
LJSpeech-style Tacotron2/HiFi-GAN models; 8 kHz is enough for intelligibility and keeps the top
mel bands from describing noise.
"""

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import torch
import torchaudio

from tts.errors import TTSError


@dataclass(frozen=True)
class MelConfig:
    sample_rate: int = 22050  # Hz; every stage of a voice shares it
    n_fft: int = 1024  # FFT size: 46 ms at 22,050 Hz
    hop_length: int = 256  # frame shift: 11.6 ms; vocoders upsample by exactly this
    win_length: int = 1024  # Hann window length, equal to n_fft
    n_mels: int = 80  # mel bands
    f_min: float = 0.0  # Hz, lowest filter edge
    f_max: float = 8000.0  # Hz, highest filter edge
    log_floor: float = 1e-5  # magnitudes below this are clamped before the log

    def __post_init__(self):
        if self.win_length > self.n_fft:
            raise ValueError(f"win_length {self.win_length} > n_fft {self.n_fft}")
        if self.f_max > self.sample_rate / 2:
            raise ValueError(f"f_max {self.f_max} is above Nyquist ({self.sample_rate / 2})")
        if (self.n_fft - self.hop_length) % 2:
            raise ValueError("n_fft - hop_length must be even (the padding is split in halves)")

    @property
    def log_min(self):
        """Log-mel value of silence."""
        return math.log(self.log_floor)


AUDIO_SUFFIXES = {".wav": "WAV", ".flac": "FLAC"}


def load_audio(path, sample_rate=None):
    """Read a WAV/FLAC (or anything libsndfile reads) as mono float32 in [-1, 1].

    Stereo is mixed down; if `sample_rate` is given the audio is resampled to it.
    Returns (audio [N] np.float32, sample_rate).
    """
    path = Path(path)
    if not path.is_file():
        raise TTSError(f"audio file not found: {path}")
    try:
        audio, sr = soundfile.read(str(path), dtype="float32", always_2d=True)  # (N, C)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as err:
        raise TTSError(f"cannot read audio file {path}: {err}") from None
    if audio.shape[0] == 0:
        raise TTSError(f"audio file is empty: {path}")
    audio = audio.mean(axis=1)  # (N,) mix down
    if sample_rate is not None and sr != sample_rate:
        audio = resample(audio, sr, sample_rate)
        sr = sample_rate
    return np.ascontiguousarray(audio, dtype=np.float32), sr


def resample(audio, orig_sr, new_sr):
    """Band-limited resampling with torchaudio (sinc interpolation)."""
    if orig_sr == new_sr:
        return audio
    wav = torch.from_numpy(np.asarray(audio, dtype=np.float32))
    return torchaudio.functional.resample(wav, orig_sr, new_sr).numpy()


def save_audio(path, audio, sample_rate):
    """Write mono audio as 16-bit PCM WAV or FLAC, chosen by the suffix. Clips to [-1, 1]."""
    path = Path(path)
    fmt = AUDIO_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise TTSError(f"unsupported audio format {path.suffix!r} for {path}: use .wav or .flac")
    if isinstance(audio, torch.Tensor):
        audio = audio.detach().float().cpu().numpy()
    audio = np.clip(np.asarray(audio, dtype=np.float32).reshape(-1), -1.0, 1.0)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(path), audio, sample_rate, subtype="PCM_16", format=fmt)


@functools.lru_cache(maxsize=8)
def _mel_basis(cfg, device, dtype):
    # (n_freqs, n_mels) Slaney filterbank, identical to librosa.filters.mel(htk=False)
    fb = torchaudio.functional.melscale_fbanks(
        n_freqs=cfg.n_fft // 2 + 1,
        f_min=cfg.f_min,
        f_max=cfg.f_max,
        n_mels=cfg.n_mels,
        sample_rate=cfg.sample_rate,
        norm="slaney",
        mel_scale="slaney",
    )
    return fb.T.contiguous().to(device=device, dtype=dtype)  # (n_mels, n_freqs)


@functools.lru_cache(maxsize=8)
def _window(win_length, device, dtype):
    return torch.hann_window(win_length, device=device, dtype=dtype)


def mel_basis(cfg, device="cpu", dtype=torch.float32):
    """The mel filterbank matrix (n_mels, n_fft // 2 + 1)."""
    return _mel_basis(cfg, torch.device(device), dtype)


def magnitude_spectrogram(audio, cfg):
    """|STFT| with HiFi-GAN padding: (B, N) or (N,) -> (B, n_fft // 2 + 1, N // hop)."""
    audio = torch.as_tensor(audio)
    if audio.dim() == 1:
        audio = audio.unsqueeze(0)  # (1, N)
    audio = audio.float()
    pad = (cfg.n_fft - cfg.hop_length) // 2
    if audio.shape[-1] <= pad:
        raise TTSError(f"audio too short for analysis: {audio.shape[-1]} samples")
    audio = torch.nn.functional.pad(audio.unsqueeze(1), (pad, pad), mode="reflect").squeeze(1)
    spec = torch.stft(
        audio,
        n_fft=cfg.n_fft,
        hop_length=cfg.hop_length,
        win_length=cfg.win_length,
        window=_window(cfg.win_length, audio.device, audio.dtype),
        center=False,
        return_complex=True,
    )  # (B, F, T)
    # the epsilon keeps the gradient of |.| finite at exact zeros (vocoder losses backprop here)
    return torch.sqrt(spec.real.pow(2) + spec.imag.pow(2) + 1e-9)


def mel_spectrogram(audio, cfg=MelConfig()):
    """Log-mel spectrogram: audio (B, N) or (N,) float in [-1, 1] -> (B, n_mels, N // hop)."""
    spec = magnitude_spectrogram(audio, cfg)  # (B, F, T)
    mel = torch.matmul(mel_basis(cfg, spec.device, spec.dtype), spec)  # (B, n_mels, T)
    return torch.log(torch.clamp(mel, min=cfg.log_floor))


def num_frames(num_samples, cfg=MelConfig()):
    """Frames `mel_spectrogram` gives for a signal of this many samples."""
    return num_samples // cfg.hop_length
