"""`tts export`: weight-only fp16 voice folders that load like training checkpoints, and registry
entries with hashes that `resolve_model` verifies."""

import pytest
import torch

from tts.cli import main
from tts.errors import TTSError
from tts.export import export_voice, register_voice
from tts.models.tacotron2 import Tacotron2
from tts.pretrained import load_registry, resolve_model
from tts.audio import MelConfig
from tts.vocoders.istft import ISTFTConfig, ISTFTVocoder
from tts.vocoders.loading import export_generator, load_vocoder

MEL = MelConfig()
TINY_ISTFT = ISTFTConfig(dim=32, intermediate_dim=64, num_layers=2)


@pytest.fixture
def training_checkpoint(checkpoint, tmp_path):
    """The tiny model saved as training does: weights plus optimiser state and step."""
    state = torch.load(checkpoint, weights_only=True)
    model = Tacotron2.from_state(state)
    optimizer = torch.optim.Adam(model.parameters())
    state.update(optimizer=optimizer.state_dict(), step=7, rng=[], train_config={}, code_version="t")
    path = tmp_path / "run" / "checkpoints" / "step_00000007.pt"
    path.parent.mkdir(parents=True)
    torch.save(state, path)
    return path


@pytest.fixture
def vocoder_checkpoint(tmp_path):
    torch.manual_seed(0)
    path = tmp_path / "istft.pt"
    torch.save(export_generator(ISTFTVocoder(TINY_ISTFT, MEL).eval(), "istft", "t"), path)
    return path


def test_export_keeps_weights_in_fp16_and_drops_training_state(training_checkpoint, vocoder_checkpoint,
                                                              tmp_path):
    paths = export_voice(training_checkpoint.parent.parent, tmp_path / "voice", vocoder=vocoder_checkpoint)
    assert set(paths) == {"acoustic", "vocoder"}
    state = torch.load(paths["acoustic"], weights_only=True)
    assert "optimizer" not in state and "rng" not in state and state["step"] == 7
    floats = [v for v in state["model"].values() if v.is_floating_point()]
    assert floats and all(v.dtype == torch.float16 for v in floats)
    original = Tacotron2.from_checkpoint(training_checkpoint)
    exported = Tacotron2.from_checkpoint(paths["acoustic"])
    for (name, a), (_, b) in zip(original.state_dict().items(), exported.state_dict().items()):
        assert b.dtype == a.dtype, name  # loading casts back to fp32
        torch.testing.assert_close(b, a, atol=1e-3, rtol=1e-3)
    vocoder = load_vocoder(paths["vocoder"])
    assert vocoder.config == TINY_ISTFT


def test_fp32_export_is_exact(training_checkpoint, tmp_path):
    paths = export_voice(training_checkpoint, tmp_path / "voice", fp16=False)
    assert set(paths) == {"acoustic"}
    a = Tacotron2.from_checkpoint(training_checkpoint).state_dict()
    b = Tacotron2.from_checkpoint(paths["acoustic"]).state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_register_writes_hashes_that_resolve(training_checkpoint, vocoder_checkpoint, tmp_path):
    registry = tmp_path / "registry.yaml"
    registry.write_text("models:\n  other:\n    description: kept\n", encoding="utf-8")
    export_voice(training_checkpoint, tmp_path / "voice", vocoder=vocoder_checkpoint)
    register_voice(tmp_path / "voice", "tiny", registry, description="a test voice", licence="CC0")
    entries = load_registry(registry)
    assert set(entries) == {"other", "tiny"}  # nothing lost
    tiny = entries["tiny"]
    assert tiny.description == "a test voice" and tiny.phoneme_set == "zh-v1" and tiny.sample_rate == 22050
    assert tiny.files["acoustic"].path == "voice/acoustic.pt"
    paths = resolve_model("tiny", registry)
    assert paths["vocoder"] == (tmp_path / "voice" / "vocoder.pt").resolve()
    (tmp_path / "voice" / "vocoder.pt").write_bytes(b"tampered")
    with pytest.raises(TTSError, match="does not match the registry"):
        resolve_model("tiny", registry)


def test_register_refuses_a_folder_outside_the_registry(training_checkpoint, tmp_path):
    export_voice(training_checkpoint, tmp_path / "voice")
    (tmp_path / "reg").mkdir()
    with pytest.raises(TTSError, match="not inside the registry folder"):
        register_voice(tmp_path / "voice", "x", tmp_path / "reg" / "registry.yaml")


def test_export_cli(training_checkpoint, vocoder_checkpoint, tmp_path, capsys):
    registry = tmp_path / "registry.yaml"
    code = main(["export", str(training_checkpoint), "-o", str(tmp_path / "v"), "--vocoder",
                 str(vocoder_checkpoint), "--register", "tiny", "--registry", str(registry),
                 "--description", "d", "--training-data", "synthetic", "--licence", "CC0"])
    out = capsys.readouterr().out
    assert code == 0 and "acoustic:" in out and "registered 'tiny'" in out
    assert main(["models", "--registry", str(registry)]) == 0
    assert "synthetic" in capsys.readouterr().out


def test_export_cli_errors(vocoder_checkpoint, tmp_path, capsys):
    assert main(["export", str(tmp_path / "missing.pt"), "-o", str(tmp_path / "v")]) == 1
    assert "error:" in capsys.readouterr().err
    # a vocoder checkpoint given as the acoustic model
    assert main(["export", str(vocoder_checkpoint), "-o", str(tmp_path / "v")]) == 1
    err = capsys.readouterr().err
    assert "not a Tacotron2 checkpoint" in err and err.count("\n") == 1
