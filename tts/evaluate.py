"""Objective measures for synthesised speech and for attention health.

- `mel_cepstral_distortion`: MCD in dB between a reference and a synthesised recording, after
  aligning their mel-cepstra with DTW. Mel-cepstra come from the WORLD spectral envelope
  (pyworld's CheapTrick) through pysptk's `sp2mc`, with the cepstral order and all-pass constant
  chosen by sample rate as in ESPnet's evaluation recipes; c0 (energy) is left out.
- `log_f0_rmse`: RMSE of log-F0 over the DTW-aligned frames voiced in both (WORLD DIO+StoneMask).
- `attention_health`: focus rate, monotonicity, coverage and the stop token of one Tacotron2
  alignment, with flags for skips, repeats, unfinished reading and babbling, so failures are
  found automatically instead of by listening.
"""

import math
from dataclasses import dataclass, field

import numpy as np

# sample rate -> (mel-cepstral order, all-pass constant alpha), the values ESPnet's MCD uses.
MCEP_PARAMS = {
    16000: (23, 0.42),
    22050: (34, 0.45),
    24000: (34, 0.46),
    44100: (39, 0.53),
    48000: (39, 0.55),
}

_MCD_CONSTANT = 10.0 / math.log(10.0) * math.sqrt(2.0)  # dB per unit cepstral distance


def mcep_params(sample_rate):
    if sample_rate not in MCEP_PARAMS:
        raise ValueError(f"no mel-cepstrum settings for {sample_rate} Hz; known: {sorted(MCEP_PARAMS)}")
    return MCEP_PARAMS[sample_rate]


@dataclass
class WorldFeatures:
    mcep: np.ndarray  # (frames, order + 1)
    f0: np.ndarray  # (frames,), 0 where unvoiced


def world_features(audio, sample_rate, frame_period=5.0, f0_floor=60.0, f0_ceil=600.0):
    """Mel-cepstrum and F0 of a mono signal with WORLD (5 ms frames)."""
    import pysptk
    import pyworld

    x = np.ascontiguousarray(audio, dtype=np.float64)
    f0, times = pyworld.dio(x, sample_rate, f0_floor=f0_floor, f0_ceil=f0_ceil, frame_period=frame_period)
    f0 = pyworld.stonemask(x, f0, times, sample_rate)
    envelope = pyworld.cheaptrick(x, f0, times, sample_rate)  # (frames, fft // 2 + 1)
    order, alpha = mcep_params(sample_rate)
    return WorldFeatures(mcep=pysptk.sp2mc(envelope, order, alpha), f0=f0)


def dtw_path(reference, other):
    """Optimal alignment of two feature sequences (frames, dims), Euclidean cost.

    Returns index arrays (i, j) in increasing order, pairing reference[i] with other[j].
    """
    import librosa

    _, path = librosa.sequence.dtw(X=reference.T, Y=other.T, metric="euclidean")
    path = path[::-1]
    return path[:, 0], path[:, 1]


@dataclass
class SpeechDistance:
    mcd: float  # dB, DTW-aligned, without c0
    log_f0_rmse: float  # natural-log F0 RMSE over frames voiced in both (nan if none)
    voiced_frames: int  # frames voiced in both along the path
    duration_ratio: float  # synthesised / reference frames


def compare_speech(reference, synthesised, sample_rate):
    """MCD (DTW) and log-F0 RMSE between two recordings at the same rate."""
    ref = world_features(reference, sample_rate)
    syn = world_features(synthesised, sample_rate)
    i, j = dtw_path(ref.mcep[:, 1:], syn.mcep[:, 1:])
    diff = ref.mcep[i, 1:] - syn.mcep[j, 1:]  # (path, order)
    mcd = float(np.mean(_MCD_CONSTANT * np.sqrt(np.sum(diff**2, axis=1))))
    voiced = (ref.f0[i] > 0) & (syn.f0[j] > 0)
    if voiced.any():
        log_ratio = np.log(ref.f0[i][voiced]) - np.log(syn.f0[j][voiced])
        f0_rmse = float(np.sqrt(np.mean(log_ratio**2)))
    else:
        f0_rmse = float("nan")
    return SpeechDistance(mcd, f0_rmse, int(voiced.sum()), len(syn.f0) / max(len(ref.f0), 1))


def mel_cepstral_distortion(reference, synthesised, sample_rate):
    return compare_speech(reference, synthesised, sample_rate).mcd


@dataclass
class AttentionHealth:
    focus_rate: float  # mean over decoder steps of the largest attention weight (1 = sharp)
    monotonicity: float  # fraction of steps whose attended token does not move backwards
    coverage: float  # fraction of input tokens that are the attended token at some step
    max_forward_jump: int  # largest step forward of the attended token, in tokens
    max_backward_jump: int  # largest step backward, in tokens
    end_position: float  # attended token of the last step / (input length - 1)
    stop_fired: bool
    max_dwell: int = 0  # longest run of steps on one non-exempt token (when checked)
    flags: list = field(default_factory=list)  # "skip", "repeat", "unfinished", "no_stop", "unfocused", "stall"

    @property
    def ok(self):
        return not self.flags


def attention_health(
    alignment,
    stop_fired=True,
    input_length=None,
    output_length=None,
    max_jump=3,
    min_coverage=0.8,
    min_focus=0.3,
    min_end=0.85,
    max_dwell=None,
    dwell_exempt=(),
):
    """Score one alignment (decoder steps, input tokens) and flag the usual failures.

    - skip: the attended token jumps forward by more than `max_jump` tokens in one step, or fewer
      than `min_coverage` of the tokens are ever attended;
    - repeat: it moves backwards by more than `max_jump` tokens;
    - unfinished: the last step attends before `min_end` of the input;
    - no_stop: the stop token never fired (decoding ran into the step cap: babbling);
    - unfocused: the mean peak weight is below `min_focus` (attention smeared over the input);
    - stall: one token stays the attended token for more than `max_dwell` consecutive decoder
      steps (a monotonic attention cannot move back, so a repeat or a drone shows up as a token
      held far too long); tokens in `dwell_exempt` (input indices: pauses, the end) may be long.
      Off when `max_dwell` is None.
    """
    a = np.asarray(alignment, dtype=np.float64)
    if a.ndim != 2 or a.size == 0:
        raise ValueError(f"expected a (decoder steps, input tokens) alignment, got shape {a.shape}")
    if output_length is not None:
        a = a[:output_length]
    if input_length is not None:
        a = a[:, :input_length]
    steps, tokens = a.shape
    peaks = a.argmax(axis=1)  # (steps,)
    moves = np.diff(peaks)
    forward = int(moves.max(initial=0))
    backward = int(-moves.min(initial=0))
    health = AttentionHealth(
        focus_rate=float(a.max(axis=1).mean()),
        monotonicity=float(np.mean(moves >= 0)) if len(moves) else 1.0,
        coverage=len(np.unique(peaks)) / tokens,
        max_forward_jump=max(forward, 0),
        max_backward_jump=max(backward, 0),
        end_position=float(peaks[-1] / max(tokens - 1, 1)),
        stop_fired=bool(stop_fired),
    )
    if forward > max_jump or health.coverage < min_coverage:
        health.flags.append("skip")
    if backward > max_jump:
        health.flags.append("repeat")
    if health.end_position < min_end:
        health.flags.append("unfinished")
    if not stop_fired:
        health.flags.append("no_stop")
    if health.focus_rate < min_focus:
        health.flags.append("unfocused")
    if max_dwell is not None:
        health.max_dwell = longest_dwell(peaks, exempt=dwell_exempt)
        if health.max_dwell > max_dwell:
            health.flags.append("stall")
    return health


def longest_dwell(peaks, exempt=()):
    """The longest run of consecutive steps on one token, over tokens not in `exempt`."""
    longest, run = 0, 0
    for i, token in enumerate(peaks):
        run = run + 1 if i and token == peaks[i - 1] else 1
        if int(token) not in exempt:
            longest = max(longest, run)
    return longest
