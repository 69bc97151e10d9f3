"""The interface every vocoder shares.

A vocoder is a `torch.nn.Module` whose `forward(mel)` maps a log-mel batch (B, n_mels, T), made by
`tts.audio.mel_spectrogram` with the vocoder's `mel_config`, to audio (B, T * hop_length) in
[-1, 1]. Synthesis code only relies on this, so Griffin-Lim and the neural vocoders swap freely.
"""

import torch

from tts.audio import MelConfig


class Vocoder(torch.nn.Module):
    def __init__(self, mel_config: MelConfig):
        super().__init__()
        self.mel_config = mel_config

    @property
    def sample_rate(self):
        return self.mel_config.sample_rate

    @property
    def hop_length(self):
        return self.mel_config.hop_length

    def forward(self, mel):  # (B, n_mels, T) -> (B, T * hop_length)
        raise NotImplementedError

    @torch.inference_mode()
    def vocode(self, mel):
        """Inference helper: accepts (n_mels, T) or (B, n_mels, T); returns (B, samples)."""
        mel = torch.as_tensor(mel, dtype=torch.float32)
        if mel.dim() == 2:
            mel = mel.unsqueeze(0)
        if mel.dim() != 3 or mel.shape[1] != self.mel_config.n_mels:
            raise ValueError(
                f"expected a mel of shape (B, {self.mel_config.n_mels}, T), got {tuple(mel.shape)}"
            )
        # the model's device: from its weights (HiFi-GAN has no buffers) or buffers (Griffin-Lim)
        anchor = next(self.parameters(), None)
        if anchor is None:
            anchor = next(self.buffers(), mel)
        return self(mel.to(anchor.device))
