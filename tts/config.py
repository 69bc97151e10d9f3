"""One dataclass per component, loaded from YAML or a dict; unknown keys are errors.

    cfg = load_config(Tacotron2Config, "conf/tacotron2.yaml")          # whole file
    cfg = load_config(TrainConfig, "conf/train.yaml", section="train")  # one section of it

Nested dataclass fields are filled recursively, so a YAML file can mirror a config tree.
A misspelt key raises `ConfigError` naming the key, the dataclass and the file.
"""

import dataclasses
import typing
from pathlib import Path

from tts.errors import TTSError


class ConfigError(TTSError):
    pass


def from_dict(cls, data, source="<dict>"):
    """Build dataclass `cls` from a mapping; unknown keys raise ConfigError (naming `source`)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping for {cls.__name__}, got {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConfigError(
            f"{source}: unknown key {unknown[0]!r} for {cls.__name__} "
            f"(known keys: {', '.join(sorted(fields))})"
        )
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for key, value in data.items():
        kind = hints.get(key)
        if dataclasses.is_dataclass(kind) and isinstance(value, dict):
            value = from_dict(kind, value, f"{source}: {key}")
        elif (kind is tuple or typing.get_origin(kind) is tuple) and isinstance(value, list):
            value = tuple(value)  # YAML has no tuples
        kwargs[key] = value
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{source}: {err}") from None


def to_dict(config):
    """Plain nested dict of a config dataclass (for YAML files and checkpoints)."""
    return dataclasses.asdict(config)


def read_yaml(path):
    """Read a YAML mapping with a clear error for a missing or malformed file."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML ({str(err).splitlines()[0]})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


def load_config(cls, path, section=None):
    """Load dataclass `cls` from a YAML file, optionally from one top-level `section` of it."""
    data = read_yaml(path)
    source = str(path)
    if section is not None:
        data = data.get(section, {})
        source = f"{path} [{section}]"
    return from_dict(cls, data, source)
