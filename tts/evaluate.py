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
    mcd_speech: float  # dB, the same over the path frames whose reference is not silent (nan if none)
    silent_fraction: float  # share of the path on reference frames below SILENCE_DBFS
    voiced_frames: int  # frames voiced in both along the path
    duration_ratio: float  # synthesised / reference frames


SILENCE_DBFS = -60.0  # a reference frame quieter than this (RMS over 10 ms) counts as silence


def frame_levels(audio, sample_rate, frames, frame_period=5.0):
    """RMS level in dBFS of a 10 ms window centred on each WORLD frame."""
    x = np.asarray(audio, dtype=np.float64)
    hop = sample_rate * frame_period / 1000.0
    half = int(round(hop))
    levels = np.empty(frames)
    for k in range(frames):
        centre = int(round(k * hop))
        window = x[max(centre - half, 0):centre + half]
        power = float(np.mean(window**2)) if len(window) else 0.0
        levels[k] = 10.0 * math.log10(power + 1e-20)
    return levels


def compare_speech(reference, synthesised, sample_rate):
    """MCD (DTW) and log-F0 RMSE between two recordings at the same rate.

    `mcd_speech` leaves out the path frames where the reference is silent (below SILENCE_DBFS):
    a recording with digital silence (espeak-ng renders pauses as zeros) makes any faint noise
    in the synthesised pauses cost 9-10 dB per frame, which can hide what happens in the speech.
    """
    ref = world_features(reference, sample_rate)
    syn = world_features(synthesised, sample_rate)
    i, j = dtw_path(ref.mcep[:, 1:], syn.mcep[:, 1:])
    diff = ref.mcep[i, 1:] - syn.mcep[j, 1:]  # (path, order)
    per_frame = _MCD_CONSTANT * np.sqrt(np.sum(diff**2, axis=1))
    mcd = float(np.mean(per_frame))
    speaking = frame_levels(reference, sample_rate, len(ref.f0))[i] >= SILENCE_DBFS
    mcd_speech = float(np.mean(per_frame[speaking])) if speaking.any() else float("nan")
    voiced = (ref.f0[i] > 0) & (syn.f0[j] > 0)
    if voiced.any():
        log_ratio = np.log(ref.f0[i][voiced]) - np.log(syn.f0[j][voiced])
        f0_rmse = float(np.sqrt(np.mean(log_ratio**2)))
    else:
        f0_rmse = float("nan")
    return SpeechDistance(mcd, f0_rmse, mcd_speech, float(1.0 - speaking.mean()), int(voiced.sum()),
                          len(syn.f0) / max(len(ref.f0), 1))


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
