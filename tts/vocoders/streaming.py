"""Vocode a long mel in chunks, so audio can start playing before the whole utterance is done.

Each chunk of `chunk_frames` frames is vocoded together with `context_frames` of mel on each
side (the convolutional vocoders' output near a chunk edge depends on frames beyond it), and
only the audio of the chunk itself is kept. Neighbouring chunks also overlap by
`crossfade_frames`, which are blended with a linear cross-fade; with enough context the two
sides agree and the blend is invisible, with too little it hides the seam.

    for piece in iter_vocode(vocoder, mel, chunk_frames=100):   # (B, samples) pieces
        play(piece)
    audio = vocode_chunked(vocoder, mel)                        # (B, T * hop), all at once
"""

import torch

from tts.vocoders.base import Vocoder

DEFAULT_CONTEXT_FRAMES = 32  # for vocoders that do not report their receptive field


def default_context(vocoder):
    """Context frames that make chunked output equal the whole output (receptive field)."""
    if hasattr(vocoder, "receptive_field_frames"):
        return int(vocoder.receptive_field_frames())
    return DEFAULT_CONTEXT_FRAMES


@torch.inference_mode()
def iter_vocode(vocoder: Vocoder, mel, chunk_frames=128, context_frames=None, crossfade_frames=4):
    """Yield consecutive audio pieces (B, samples) whose concatenation is (B, T * hop).

    mel: (n_mels, T) or (B, n_mels, T) log-mel. context_frames defaults to the vocoder's
    receptive field.
    """
    if context_frames is None:
        context_frames = default_context(vocoder)
    if crossfade_frames < 0 or context_frames < 0:
        raise ValueError("context_frames and crossfade_frames must be >= 0")
    if chunk_frames <= crossfade_frames:
        raise ValueError(f"chunk_frames ({chunk_frames}) must exceed crossfade_frames "
                         f"({crossfade_frames})")
    mel = torch.as_tensor(mel, dtype=torch.float32)
    if mel.dim() == 2:
        mel = mel.unsqueeze(0)  # (1, n_mels, T)
    hop = vocoder.hop_length
    total = mel.shape[-1]
    fade = crossfade_frames * hop
    pending = None  # (B, fade) end of the previous chunk, waiting to be blended
    for start in range(0, total, chunk_frames):
        end = min(start + chunk_frames, total)
        lead = min(crossfade_frames, start)  # frames shared with the previous chunk
        lo = max(0, start - lead - context_frames)
        hi = min(total, end + context_frames)
        audio = vocoder.vocode(mel[..., lo:hi])  # (B, (hi - lo) * hop)
        audio = audio[:, (start - lead - lo) * hop:(end - lo) * hop]  # frames [start - lead, end)
        if pending is not None:
            n = pending.shape[-1]
            ramp = (torch.arange(n, dtype=audio.dtype, device=audio.device) + 0.5) / n  # (n,)
            audio = audio.clone()
            audio[:, :n] = pending * (1.0 - ramp) + audio[:, :n] * ramp
        if end < total and fade > 0:
            pending = audio[:, -fade:]
            yield audio[:, :-fade]
        else:
            pending = None
            yield audio


def vocode_chunked(vocoder: Vocoder, mel, chunk_frames=128, context_frames=None,
                   crossfade_frames=4):
    """The whole audio (B, T * hop) of a mel vocoded chunk by chunk (see `iter_vocode`)."""
    return torch.cat(list(iter_vocode(vocoder, mel, chunk_frames, context_frames,
                                      crossfade_frames)), dim=-1)
