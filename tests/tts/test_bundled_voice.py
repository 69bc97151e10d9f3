"""The bundled demo voice `zh-demo`: registered, verified, small, and the default of the API and
the CLI, so the README's first command works offline on a fresh machine."""

import subprocess
import sys

import numpy as np
import pytest
import soundfile
import torch

from pretrained import ROOT
from tts.pretrained import load_registry, resolve_model
from tts.synthesizer import DEFAULT_MODEL, Synthesizer


def test_zh_demo_is_registered_small_and_verified():
    assert DEFAULT_MODEL == "zh-demo"
    entry = load_registry()["zh-demo"]
    assert set(entry.files) == {"acoustic", "vocoder"}
    assert sum(f.size for f in entry.files.values()) <= 40e6
    assert entry.description and entry.training_data and entry.licence
    paths = resolve_model("zh-demo")  # checks every SHA-256
    assert all(p.is_relative_to(ROOT) and p.stat().st_size == entry.files[r].size for r, p in paths.items())
    state = torch.load(paths["acoustic"], weights_only=True)
    assert "optimizer" not in state and state["symbol_set_version"] == entry.phoneme_set
    assert (ROOT / "zh-demo" / "README.md").is_file()


@pytest.fixture(scope="module")
def synth():
    torch.manual_seed(0)
    return Synthesizer.from_pretrained()


def test_default_voice_speaks_a_sentence(synth):
    result = synth.synthesize("今天天气很好，我们一起去公园散步吧。")
    assert result.sample_rate == 22050
    seconds = len(result.audio) / result.sample_rate
    assert 1.5 < seconds < 8.0  # 17 syllables: about 3-5 s, not babbling to the step cap
    assert np.abs(result.audio).max() > 0.05 and np.isfinite(result.audio).all()
    assert all(piece.stop_fired for piece in result.pieces)


def test_cli_default_voice_writes_a_wav(tmp_path):
    out = tmp_path / "out.wav"
    done = subprocess.run([sys.executable, "-m", "tts.cli", "synth", "你好，世界。", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    info = soundfile.info(str(out))
    assert info.samplerate == 22050 and 0.5 < info.duration < 5.0
