"""A fast CPU vocoder of the Vocos / iSTFTNet family: predict the STFT, then invert it.

All the network's work happens at frame rate (one vector per 256 samples) instead of sample
rate: a small ConvNeXt backbone maps the log-mel to a log-magnitude and a phase per frequency
bin, and an inverse STFT (one irfft per frame and an overlap-add) makes the waveform. That is
why it runs hundreds of times faster than real time on a CPU.

The inverse STFT uses the framing of `tts.audio.mel_spectrogram` (HiFi-GAN padding: frame t is
centred on sample t * hop + hop / 2), so output sample n lines up with the mel it came from.
`torch.istft` only knows the centred framing (frame t centred on t * hop) and refuses a window
sum that reaches zero at the edges, so the inverse is written out here: irfft per frame, window,
overlap-add, divide by the summed squared window (the least-squares inverse of the STFT).
"""

from dataclasses import dataclass

import torch
from torch import nn

from tts.audio import MelConfig
from tts.vocoders.base import Vocoder


@dataclass
class ISTFTConfig:
    dim: int = 192  # backbone width: 1.7 M parameters, RTF < 0.01 on 2 CPU cores (BENCHMARKS.md)
    intermediate_dim: int = 576  # ConvNeXt MLP width, 3x dim as in Vocos (which uses 512/1536)
    num_layers: int = 6  # ConvNeXt blocks; Vocos uses 8, 6 is enough for one speaker
    kernel_size: int = 7  # depthwise conv kernel: 7 frames (~80 ms) of context per block
    n_fft: int = 1024  # inverse-STFT size; with hop 256 the frames overlap 4x like the analysis
    max_log_magnitude: float = 4.6  # clamp exp() input: |X| <= 100 keeps early training finite


class ConvNeXtBlock(nn.Module):
    """Depthwise conv -> LayerNorm -> MLP (GELU), scaled and added to the input."""

    def __init__(self, dim, intermediate_dim, kernel_size, layer_scale):
        super().__init__()
        self.dwconv = nn.Conv1d(dim, dim, kernel_size, padding=kernel_size // 2, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, intermediate_dim)
        self.pwconv2 = nn.Linear(intermediate_dim, dim)
        # small residual scale so a deep stack starts close to the identity (ConvNeXt)
        self.gamma = nn.Parameter(torch.full((dim,), layer_scale))

    def forward(self, x):  # (B, C, T) -> (B, C, T)
        y = self.dwconv(x).transpose(1, 2)  # (B, T, C)
        y = self.pwconv2(nn.functional.gelu(self.pwconv1(self.norm(y))))  # (B, T, C)
        return x + (self.gamma * y).transpose(1, 2)


class ISTFTVocoder(Vocoder):
    """Log-mel -> (log|X|, phase) per frame -> inverse STFT: (B, n_mels, T) -> (B, T * hop)."""

    def __init__(self, config: ISTFTConfig = ISTFTConfig(), mel_config: MelConfig = MelConfig()):
        super().__init__(mel_config)
        if config.n_fft < mel_config.hop_length or (config.n_fft - mel_config.hop_length) % 2:
            raise ValueError(f"n_fft {config.n_fft} must be >= hop {mel_config.hop_length} and "
                             "differ from it by an even number")
        if config.kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd, got {config.kernel_size}")
        self.config = config
        self.embed = nn.Conv1d(mel_config.n_mels, config.dim, config.kernel_size,
                               padding=config.kernel_size // 2)
        self.norm = nn.LayerNorm(config.dim, eps=1e-6)
        self.blocks = nn.ModuleList(
            ConvNeXtBlock(config.dim, config.intermediate_dim, config.kernel_size,
                          layer_scale=1.0 / config.num_layers)
            for _ in range(config.num_layers)
        )
        self.final_norm = nn.LayerNorm(config.dim, eps=1e-6)
        self.n_bins = config.n_fft // 2 + 1
        self.head = nn.Linear(config.dim, 2 * self.n_bins)  # log-magnitude and phase per bin
        self.register_buffer("window", torch.hann_window(config.n_fft), persistent=False)

    def spectrum(self, mel):  # (B, n_mels, T) -> complex (B, n_fft // 2 + 1, T)
        x = self.embed(mel)  # (B, C, T)
        x = self.norm(x.transpose(1, 2)).transpose(1, 2)
        for block in self.blocks:
            x = block(x)
        x = self.head(self.final_norm(x.transpose(1, 2))).float()  # (B, T, 2F); fp32 for the FFT
        log_mag, phase = x.transpose(1, 2).chunk(2, dim=1)  # (B, F, T) each
        magnitude = torch.exp(log_mag.clamp(max=self.config.max_log_magnitude))
        # the phase is used through cos/sin, so any real number is a valid angle
        return torch.polar(magnitude, phase)

    def overlap_add(self, segments):  # (B, n_fft, T) -> (B, (T - 1) * hop + n_fft)
        n_fft, hop = self.config.n_fft, self.mel_config.hop_length
        batch, _, frames = segments.shape
        if n_fft % hop:  # general case: col2im
            full = (frames - 1) * hop + n_fft
            return nn.functional.fold(segments, (1, full), (1, n_fft), stride=(1, hop))[:, 0, 0]
        # n_fft = R * hop: frame t adds its r-th block of hop samples to output block t + r;
        # R shifted adds of (B, hop, T) tensors, several times faster than col2im on a CPU
        ratio = n_fft // hop
        blocks = segments.reshape(batch, ratio, hop, frames)  # (B, R, hop, T)
        out = segments.new_zeros(batch, hop, frames + ratio - 1)  # (B, hop, T + R - 1)
        for r in range(ratio):
            out[:, :, r:r + frames] += blocks[:, r]
        return out.transpose(1, 2).reshape(batch, -1)  # (B, (T + R - 1) * hop)

    def inverse_stft(self, spec):  # complex (B, F, T) -> (B, T * hop)
        n_fft, hop = self.config.n_fft, self.mel_config.hop_length
        frames = spec.shape[-1]
        with torch.autocast(spec.device.type, enabled=False):
            window = self.window.to(torch.float32)
            segments = torch.fft.irfft(spec, n=n_fft, dim=1) * window[:, None]  # (B, n_fft, T)
            signal = self.overlap_add(segments)  # (B, (T - 1) * hop + n_fft)
            envelope = self.overlap_add((window ** 2)[None, :, None].expand(1, n_fft, frames))
            # frame t starts (n_fft - hop) / 2 samples before sample t * hop (HiFi-GAN padding)
            start = (n_fft - hop) // 2
            signal = signal[:, start:start + frames * hop]  # (B, T * hop)
            envelope = envelope[:, start:start + frames * hop]  # (1, T * hop)
            return signal / envelope.clamp(min=1e-8)

    def forward(self, mel):  # (B, n_mels, T) -> (B, T * hop)
        audio = self.inverse_stft(self.spectrum(mel))
        # clamping in training would zero the gradient of every loud sample
        return audio if self.training else audio.clamp(-1.0, 1.0)

    def receptive_field_frames(self):
        """Mel frames on each side that one output sample depends on (upper bound)."""
        conv = self.config.kernel_size // 2 * (1 + self.config.num_layers)
        overlap = self.config.n_fft // self.mel_config.hop_length  # frames overlapping a sample
        return conv + overlap
