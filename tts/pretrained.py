"""The pretrained registry: names -> verified files inside `pretrained/`.

`pretrained/registry.yaml` holds, per model: its files (role -> path, SHA-256, size), sample
rate, phoneme-set version, description, training data and licence. `resolve_model` turns a
registry name into verified local paths; a name can never point outside the registry folder,
and a file whose hash differs from the registry is refused.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from tts.config import ConfigError, from_dict, read_yaml
from tts.errors import TTSError


@dataclass
class ModelFile:
    path: str  # relative to the registry folder
    sha256: str
    size: int = 0  # bytes


@dataclass
class ModelEntry:
    name: str
    language: str = "zh"
    sample_rate: int = 22050
    phoneme_set: str = "zh-v1"
    description: str = ""
    training_data: str = ""
    licence: str = ""
    speakers: list = field(default_factory=list)
    files: dict = field(default_factory=dict)  # role -> ModelFile


def registry_root():
    from pretrained import ROOT

    return ROOT


def load_registry(path=None):
    """name -> ModelEntry, from registry.yaml (default: the shipped one)."""
    path = Path(path) if path else registry_root() / "registry.yaml"
    data = read_yaml(path)
    models = data.get("models") or {}
    if not isinstance(models, dict):
        raise ConfigError(f"{path}: 'models' must be a mapping of name -> entry")
    entries = {}
    for name, raw in models.items():
        raw = dict(raw or {})
        files = raw.pop("files", {}) or {}
        entry = from_dict(ModelEntry, {"name": name, **raw}, f"{path}: {name}")
        entry.files = {role: from_dict(ModelFile, f, f"{path}: {name}: files: {role}")
                       for role, f in files.items()}
        entries[name] = entry
    return entries


def sha256_of(path, chunk=1 << 20):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_model(name, registry_path=None):
    """Verified absolute paths {role: Path} of a registry model.

    Raises TTSError for an unknown name, a path that escapes the registry folder, a missing file
    or a hash mismatch.
    """
    registry_path = Path(registry_path) if registry_path else registry_root() / "registry.yaml"
    root = registry_path.resolve().parent
    entries = load_registry(registry_path)
    if name not in entries:
        known = ", ".join(sorted(entries)) or "none"
        raise TTSError(f"unknown model {name!r} (registry models: {known}; or give a checkpoint path)")
    paths = {}
    for role, f in entries[name].files.items():
        path = (root / f.path).resolve()
        if not path.is_relative_to(root):
            raise TTSError(f"registry entry {name!r}: file {f.path!r} is outside the registry folder")
        if not path.is_file():
            raise TTSError(f"model {name!r}: file missing: {path}")
        actual = sha256_of(path)
        if actual != str(f.sha256).lower():
            raise TTSError(
                f"model {name!r}: {f.path} does not match the registry (sha256 {actual[:12]}… "
                f"instead of {f.sha256[:12]}…); the file is corrupt or was replaced"
            )
        paths[role] = path
    return paths
