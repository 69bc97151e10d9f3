"""The interface every vocoder shares.

A vocoder is a `torch.nn.Module` whose `forward(mel)` maps a log-mel batch (B, n_mels, T), made by
`tts.audio.mel_spectrogram` with the vocoder's `mel_config`, to audio (B, T * hop_length) in
[-1, 1]. Synthesis code only relies on this, so Griffin-Lim and the neural vocoders swap freely.

`vocode`, the inference helper every caller uses, also gates silence: the samples of frames whose
mean log-mel lies within `silence_gate` (natural-log units) of the mel's floor are set to zero,
with 5 ms ramps. A vocoder turns a silent mel into faint noise (hiss in every pause); a pause that
is silent in the mel is silent in the audio. `silence_gate = None` turns it off.
"""

import torch

from tts.audio import MelConfig

SILENCE_GATE = 2.5  # a frame within 2.5 of the log floor (mean over bands; about 22 dB) is silent
GATE_RAMP_SECONDS = 0.005


def gate_silence(audio, mel, mel_config: MelConfig, margin=SILENCE_GATE):
    """Zero the audio (B, T * hop) of the frames of mel (B, n_mels, T) whose mean log-mel is
    below log_floor + margin; the gain moves between 0 and 1 over GATE_RAMP_SECONDS."""
    hop = mel_config.hop_length
    frames = min(mel.shape[-1], audio.shape[-1] // hop)
    loud = (mel[..., :frames].mean(dim=1) > mel_config.log_min + margin).to(audio.dtype)  # (B, T)
    gain = torch.ones_like(audio)
    gain[:, :frames * hop] = loud.repeat_interleave(hop, dim=-1)
    width = max(1, int(GATE_RAMP_SECONDS * mel_config.sample_rate)) | 1  # odd, so the ramp is centred
    gain = torch.nn.functional.avg_pool1d(gain.unsqueeze(1), width, stride=1, padding=width // 2,
                                          count_include_pad=False).squeeze(1)
    return audio * gain


class Vocoder(torch.nn.Module):
    def __init__(self, mel_config: MelConfig):
        super().__init__()
        self.mel_config = mel_config
        self.silence_gate = SILENCE_GATE  # see gate_silence; None: no gate

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
        """Inference helper: accepts (n_mels, T) or (B, n_mels, T); returns (B, samples), with
        silent frames gated (see `gate_silence`)."""
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
        mel = mel.to(anchor.device)
        audio = self(mel)
        if self.silence_gate is not None:
            audio = gate_silence(audio, mel, self.mel_config, self.silence_gate)
        return audio
