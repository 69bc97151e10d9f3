import subprocess
import sys

import pytest
import soundfile

import tts
from tts.cli import main


def run_tts(*args):
    return subprocess.run([sys.executable, "-m", "tts.cli", *args], capture_output=True, text=True)


def test_version_and_help():
    out = run_tts("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"tts {tts.__version__}"
    out = run_tts("--help")
    assert out.returncode == 0 and "vocode" in out.stdout


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "usage: tts" in capsys.readouterr().out


def test_vocode_writes_wav(espeak_wav, tmp_path, capsys):
    out = tmp_path / "out.wav"
    assert main(["vocode", str(espeak_wav), "-o", str(out), "--n-iter", "4"]) == 0
    info = soundfile.info(str(out))
    assert info.samplerate == 22050 and info.frames > 22050
    assert "real-time factor" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        (["vocode", "missing.wav", "-o", "x.wav"], "audio file not found: missing.wav"),
        (["vocode", "{wav}", "-o", "x.ogg"], "unsupported audio format"),
        (["vocode", "{wav}", "-o", "x.wav", "--vocoder", "wavenet"], "vocoder not found: wavenet"),
        (["vocode", "{wav}", "-o", "x.wav", "--n-iter", "0"], "--n-iter must be at least 1"),
    ],
)
def test_user_errors_are_one_line(args, message, espeak_wav, tmp_path):
    args = [a.replace("{wav}", str(espeak_wav)) for a in args]
    args = [str(tmp_path / a) if a in ("x.wav", "x.ogg") else a for a in args]
    out = run_tts(*args)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("tts vocode: error: ") and message in out.stderr


def test_unreadable_audio(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_text("not audio")
    out = run_tts("vocode", str(bad), "-o", str(tmp_path / "o.wav"))
    assert out.returncode == 1 and "cannot read audio file" in out.stderr


def test_vocode_with_a_vocoder_checkpoint(espeak_wav, tmp_path):
    import torch

    from tts.audio import MelConfig
    from tts.vocoders.istft import ISTFTConfig, ISTFTVocoder
    from tts.vocoders.loading import export_generator

    torch.manual_seed(0)
    checkpoint = tmp_path / "istft.pt"
    model = ISTFTVocoder(ISTFTConfig(dim=32, intermediate_dim=64, num_layers=2), MelConfig()).eval()
    torch.save(export_generator(model, "istft", "test"), checkpoint)
    out = run_tts("vocode", str(espeak_wav), "-o", str(tmp_path / "o.wav"), "--vocoder", str(checkpoint))
    assert out.returncode == 0, out.stderr
    info = soundfile.info(tmp_path / "o.wav")
    assert info.samplerate == 22050 and info.frames > 22050
