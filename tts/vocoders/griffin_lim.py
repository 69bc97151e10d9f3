"""Griffin-Lim: the vocoder with nothing to train.

log-mel -> mel magnitude -> linear magnitude by a non-negative least-squares fit through the
pseudo-inverse of the mel filterbank -> phase by torchaudio's fast Griffin-Lim (momentum).
"""

from dataclasses import dataclass

import torch
import torchaudio

from tts.audio import MelConfig, mel_basis
from tts.vocoders.base import Vocoder


@dataclass
class GriffinLimConfig:
    n_iter: int = 32  # phase-reconstruction iterations; 32 is the usual speed/quality trade-off
    momentum: float = 0.99  # fast Griffin-Lim (Perraudin et al. 2013); 0 gives the classic one
    power: float = 1.0  # raise the linear magnitude to this before phase retrieval (>1 sharpens)


class GriffinLim(Vocoder):
    def __init__(self, mel_config: MelConfig = MelConfig(), n_iter=32, momentum=0.99, power=1.0):
        super().__init__(mel_config)
        if n_iter < 1:
            raise ValueError(f"n_iter must be >= 1, got {n_iter}")
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.power = power
        self.register_buffer("inverse_basis", torch.linalg.pinv(mel_basis(mel_config)))  # (F, n_mels)
        self.griffin_lim = torchaudio.transforms.GriffinLim(
            n_fft=mel_config.n_fft,
            n_iter=n_iter,
            win_length=mel_config.win_length,
            hop_length=mel_config.hop_length,
            power=1.0,  # the input is a magnitude spectrogram
            momentum=momentum,
            rand_init=False,  # deterministic output for the same mel
        )

    @classmethod
    def from_config(cls, mel_config: MelConfig, config: GriffinLimConfig):
        return cls(mel_config, config.n_iter, config.momentum, config.power)

    def mel_to_linear(self, mel):
        """(B, n_mels, T) log-mel -> (B, n_fft // 2 + 1, T) linear magnitude."""
        magnitude = torch.exp(mel)  # (B, n_mels, T)
        linear = torch.matmul(self.inverse_basis, magnitude)  # (B, F, T)
        return torch.clamp(linear, min=self.mel_config.log_floor) ** self.power

    def forward(self, mel):  # (B, n_mels, T) -> (B, T * hop_length)
        linear = self.mel_to_linear(mel.float())
        audio = self.griffin_lim(linear)  # (B, (T - 1) * hop), frame t centred on sample t * hop
        # Our analysis frames (HiFi-GAN padding) are centred half a hop later, on t * hop + hop / 2.
        audio = torch.nn.functional.pad(audio, (self.mel_config.hop_length // 2, 0))
        target = mel.shape[-1] * self.mel_config.hop_length
        audio = torch.nn.functional.pad(audio, (0, max(0, target - audio.shape[-1])))[..., :target]
        return audio.clamp(-1.0, 1.0)
