import numpy as np
import pytest

from tts.audio import load_audio

pytest.importorskip("pysptk")
pytest.importorskip("pyworld")

from tts.evaluate import attention_health, compare_speech, dtw_path, mcep_params  # noqa: E402


@pytest.fixture(scope="module")
def speech(espeak_wav):
    audio, sr = load_audio(espeak_wav, 22050)
    return audio, sr


def test_mcd_of_a_signal_with_itself_is_zero(speech):
    audio, sr = speech
    result = compare_speech(audio, audio, sr)
    assert result.mcd == pytest.approx(0.0, abs=1e-6)
    assert result.log_f0_rmse == pytest.approx(0.0, abs=1e-6)
    assert result.duration_ratio == 1.0 and result.voiced_frames > 100


def test_mcd_grows_with_noise(speech):
    audio, sr = speech
    rng = np.random.default_rng(0)
    mcds = [
        compare_speech(audio, audio + level * rng.standard_normal(len(audio)).astype(np.float32), sr).mcd
        for level in (0.001, 0.01, 0.05)
    ]
    assert 0 < mcds[0] < mcds[1] < mcds[2]


def test_mcd_speech_leaves_out_silent_reference_frames(speech):
    audio, sr = speech
    # Half a second of digital silence after the speech; the copy has a hum there instead, so
    # only the silent frames (and the few next to them) differ.
    silence = np.zeros(int(0.5 * sr), dtype=np.float32)
    reference = np.concatenate([audio, silence])
    hum = 0.01 * np.sin(2 * np.pi * 150 * np.arange(len(silence)) / sr).astype(np.float32)
    result = compare_speech(reference, np.concatenate([audio, hum]), sr)
    assert 0.1 < result.silent_fraction < 0.6
    assert 0 <= result.mcd_speech < 0.5 * result.mcd
    assert compare_speech(audio, audio, sr).mcd_speech == pytest.approx(0.0, abs=1e-6)


def test_dtw_handles_different_lengths(speech):
    audio, sr = speech
    # The same speech with 0.3 s of silence in front: DTW absorbs the offset, so MCD stays small
    # compared with unrelated speech of the same length.
    padded = np.concatenate([np.zeros(int(0.3 * sr), dtype=np.float32), audio])
    shifted = compare_speech(audio, padded, sr)
    assert shifted.duration_ratio > 1.05
    unrelated = compare_speech(audio, audio[::-1].copy(), sr)
    assert shifted.mcd < 0.5 * unrelated.mcd

    a = np.arange(5, dtype=float)[:, None]
    b = np.repeat(a, 2, axis=0)  # each frame twice
    i, j = dtw_path(a, b)
    assert i[0] == 0 and j[0] == 0 and i[-1] == 4 and j[-1] == 9
    assert np.all(a[i, 0] == b[j, 0])


def test_mcep_params_by_rate():
    assert mcep_params(22050) == (34, 0.45)
    with pytest.raises(ValueError, match="no mel-cepstrum settings"):
        mcep_params(11025)


def diagonal(steps, tokens):
    a = np.full((steps, tokens), 0.01)
    a[np.arange(steps), np.linspace(0, tokens - 1, steps).round().astype(int)] = 1.0
    return a / a.sum(axis=1, keepdims=True)


def test_diagonal_alignment_is_healthy():
    health = attention_health(diagonal(60, 20), stop_fired=True)
    assert health.ok, health.flags
    assert health.monotonicity == 1.0 and health.coverage == 1.0 and health.end_position == 1.0


def test_repeat_is_flagged():
    a = np.concatenate([diagonal(30, 20), diagonal(30, 20)])  # reads the text twice
    assert "repeat" in attention_health(a).flags


def test_skip_is_flagged():
    a = diagonal(60, 20)
    a[20:] = diagonal(60, 20)[20:]
    peaks = np.linspace(0, 19, 60).round().astype(int)
    peaks[30:] = np.minimum(peaks[30:] + 6, 19)  # jumps 6 tokens ahead mid-sentence
    a = np.full((60, 20), 0.01)
    a[np.arange(60), peaks] = 1.0
    assert "skip" in attention_health(a).flags


def test_unfinished_and_no_stop_and_unfocused():
    a = diagonal(60, 20)[:30]  # stopped half way
    assert "unfinished" in attention_health(a).flags
    assert "no_stop" in attention_health(diagonal(60, 20), stop_fired=False).flags
    flat = np.full((60, 20), 1 / 20)
    assert "unfocused" in attention_health(flat).flags


def test_lengths_trim_padding():
    a = np.zeros((80, 30))
    a[:60, :20] = diagonal(60, 20)
    a[60:, 25] = 1.0  # padding region that must be ignored
    assert attention_health(a, input_length=20, output_length=60).ok


def test_stall_is_flagged_unless_the_token_is_exempt():
    peaks = np.concatenate([np.arange(10), np.full(25, 10), np.arange(11, 20)])  # holds token 10
    a = np.full((len(peaks), 20), 0.01)
    a[np.arange(len(peaks)), peaks] = 1.0
    assert attention_health(a).ok  # off by default
    health = attention_health(a, max_dwell=12)
    assert health.flags == ["stall"] and health.max_dwell == 25
    assert attention_health(a, max_dwell=12, dwell_exempt={10}).ok
    assert attention_health(diagonal(60, 20), max_dwell=4).ok  # 3 steps per token, rounding gives 4
