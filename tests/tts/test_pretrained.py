import hashlib

import pytest

from tts.cli import main
from tts.errors import TTSError
from tts.pretrained import load_registry, resolve_model


def write_registry(tmp_path, files, name="voice"):
    lines = ["models:", f"  {name}:", "    language: zh", "    sample_rate: 22050",
             "    training_data: synthetic", "    licence: CC0", "    files:"]
    for role, (path, digest) in files.items():
        lines += [f"      {role}:", f"        path: {path}", f"        sha256: '{digest}'", "        size: 4"]
    registry = tmp_path / "reg" / "registry.yaml"
    registry.parent.mkdir(exist_ok=True)
    registry.write_text("\n".join(lines) + "\n")
    return registry


def test_shipped_registry_loads():
    assert isinstance(load_registry(), dict)


def test_resolve_verifies_hash(tmp_path):
    (tmp_path / "reg").mkdir()
    weights = tmp_path / "reg" / "w.pt"
    weights.write_bytes(b"abcd")
    good = hashlib.sha256(b"abcd").hexdigest()
    registry = write_registry(tmp_path, {"acoustic": ("w.pt", good)})
    assert resolve_model("voice", registry) == {"acoustic": weights.resolve()}

    registry = write_registry(tmp_path, {"acoustic": ("w.pt", "0" * 64)})
    with pytest.raises(TTSError, match="does not match the registry"):
        resolve_model("voice", registry)


def test_path_escape_is_refused(tmp_path):
    (tmp_path / "secret.pt").write_bytes(b"abcd")
    registry = write_registry(tmp_path, {"acoustic": ("../secret.pt", hashlib.sha256(b"abcd").hexdigest())})
    with pytest.raises(TTSError, match="outside the registry folder"):
        resolve_model("voice", registry)


def test_unknown_name_and_missing_file(tmp_path):
    registry = write_registry(tmp_path, {"acoustic": ("gone.pt", "0" * 64)})
    with pytest.raises(TTSError, match="unknown model 'nope'"):
        resolve_model("nope", registry)
    with pytest.raises(TTSError, match="file missing"):
        resolve_model("voice", registry)


def test_unknown_registry_key(tmp_path):
    registry = tmp_path / "registry.yaml"
    registry.write_text("models:\n  v:\n    licnce: x\n")
    with pytest.raises(TTSError, match="unknown key 'licnce'"):
        load_registry(registry)


def test_models_command_lists(tmp_path, capsys):
    registry = write_registry(tmp_path, {"acoustic": ("w.pt", "0" * 64)})
    assert main(["models", "--registry", str(registry)]) == 0
    out = capsys.readouterr().out
    assert "voice" in out and "22050 Hz" in out and "synthetic" in out and "CC0" in out
