import librosa
import numpy as np
import pytest
import soundfile
import torch

from tts.audio import MelConfig, load_audio, mel_spectrogram, num_frames, save_audio
from tts.errors import TTSError


def reference_mel(x, cfg):
    """librosa on the same settings: HiFi-GAN reflect padding, no centring, magnitude, log floor."""
    pad = (cfg.n_fft - cfg.hop_length) // 2
    padded = np.pad(x, (pad, pad), mode="reflect")
    spec = np.abs(librosa.stft(padded, n_fft=cfg.n_fft, hop_length=cfg.hop_length,
                               win_length=cfg.win_length, center=False))
    basis = librosa.filters.mel(sr=cfg.sample_rate, n_fft=cfg.n_fft, n_mels=cfg.n_mels,
                                fmin=cfg.f_min, fmax=cfg.f_max)
    return np.log(np.maximum(basis @ spec, cfg.log_floor))


@pytest.mark.parametrize("cfg", [MelConfig(), MelConfig(sample_rate=24000, hop_length=300, n_fft=1200,
                                                         win_length=1200, n_mels=100, f_max=12000)])
def test_mel_matches_librosa(cfg):
    t = np.arange(cfg.sample_rate) / cfg.sample_rate
    x = (0.5 * np.sin(2 * np.pi * 440 * t) * np.exp(-t)).astype(np.float32)
    x += np.random.default_rng(0).normal(0, 0.01, x.shape).astype(np.float32)
    mel = mel_spectrogram(x, cfg)
    assert mel.shape == (1, cfg.n_mels, num_frames(len(x), cfg))
    np.testing.assert_allclose(mel[0].numpy(), reference_mel(x, cfg), atol=1e-3)


def test_mel_batched_equals_single():
    x = torch.randn(3, 5000) * 0.1
    batch = mel_spectrogram(x)
    for i in range(3):
        torch.testing.assert_close(batch[i], mel_spectrogram(x[i])[0])


def test_silence_is_floor():
    mel = mel_spectrogram(np.zeros(4096, dtype=np.float32))
    assert torch.allclose(mel, torch.full_like(mel, MelConfig().log_min), atol=1e-3)


def test_mel_config_rejects_inconsistent_values():
    with pytest.raises(ValueError, match="Nyquist"):
        MelConfig(sample_rate=16000, f_max=9000)
    with pytest.raises(ValueError, match="win_length"):
        MelConfig(win_length=2048)


def test_wav_and_flac_round_trip(tmp_path):
    x = (np.random.default_rng(1).uniform(-0.5, 0.5, 2205)).astype(np.float32)
    for suffix in (".wav", ".flac"):
        path = tmp_path / f"a{suffix}"
        save_audio(path, x, 22050)
        info = soundfile.info(str(path))
        assert info.samplerate == 22050 and info.channels == 1 and info.subtype == "PCM_16"
        y, sr = load_audio(path)
        assert sr == 22050
        np.testing.assert_allclose(y, x, atol=1 / 32768 + 1e-6)


def test_save_clips_and_rejects_unknown_suffix(tmp_path):
    save_audio(tmp_path / "loud.wav", np.array([2.0, -3.0, 0.5], dtype=np.float32), 16000)
    y, _ = load_audio(tmp_path / "loud.wav")
    assert y.max() <= 1.0 and y.min() >= -1.0
    with pytest.raises(TTSError, match="unsupported audio format"):
        save_audio(tmp_path / "x.mp3", np.zeros(10), 16000)


def test_stereo_is_mixed_down(tmp_path):
    left = np.full(1000, 0.5, dtype=np.float32)
    right = np.full(1000, -0.25, dtype=np.float32)
    soundfile.write(str(tmp_path / "st.wav"), np.stack([left, right], axis=1), 22050)
    y, _ = load_audio(tmp_path / "st.wav")
    assert y.shape == (1000,)
    np.testing.assert_allclose(y, 0.125, atol=1e-4)


def test_wrong_rate_is_resampled(tmp_path):
    sr = 48000
    t = np.arange(sr) / sr
    soundfile.write(str(tmp_path / "hi.wav"), (0.3 * np.sin(2 * np.pi * 300 * t)).astype(np.float32), sr)
    y, new_sr = load_audio(tmp_path / "hi.wav", sample_rate=22050)
    assert new_sr == 22050 and abs(len(y) - 22050) <= 1
    peak_hz = np.argmax(np.abs(np.fft.rfft(y))) * 22050 / len(y)
    assert abs(peak_hz - 300) < 2


def test_bad_audio_files_give_clear_errors(tmp_path):
    with pytest.raises(TTSError, match="not found"):
        load_audio(tmp_path / "missing.wav")
    garbage = tmp_path / "garbage.wav"
    garbage.write_bytes(b"this is not audio at all")
    with pytest.raises(TTSError, match="cannot read audio file"):
        load_audio(garbage)
    empty = tmp_path / "empty.wav"
    soundfile.write(str(empty), np.zeros(0, dtype=np.float32), 22050)
    with pytest.raises(TTSError, match="empty"):
        load_audio(empty)
