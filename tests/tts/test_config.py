from dataclasses import dataclass, field

import pytest

from tts.audio import MelConfig
from tts.config import ConfigError, from_dict, load_config, to_dict


@dataclass
class Inner:
    size: int = 4
    kernel: tuple = (3, 3)


@dataclass
class Outer:
    name: str = "x"
    rate: float = 0.5
    inner: Inner = field(default_factory=Inner)


def test_nested_yaml_loads(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("name: y\ninner:\n  size: 8\n  kernel: [5, 5]\n")
    cfg = load_config(Outer, path)
    assert cfg == Outer(name="y", rate=0.5, inner=Inner(size=8, kernel=(5, 5)))
    assert from_dict(Outer, to_dict(cfg)) == cfg


def test_unknown_key_names_key_and_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: y\nrat: 0.1\n")
    with pytest.raises(ConfigError) as err:
        load_config(Outer, path)
    assert "'rat'" in str(err.value) and str(path) in str(err.value)


def test_unknown_nested_key(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("inner:\n  sise: 8\n")
    with pytest.raises(ConfigError, match=r"bad.yaml: inner: unknown key 'sise'"):
        load_config(Outer, path)


def test_section(tmp_path):
    path = tmp_path / "all.yaml"
    path.write_text("mel:\n  n_mels: 100\nother: 1\n")
    assert load_config(MelConfig, path, section="mel").n_mels == 100


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(Outer, tmp_path / "nope.yaml")
    (tmp_path / "m.yaml").write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(Outer, tmp_path / "m.yaml")
    (tmp_path / "l.yaml").write_text("- 1\n- 2\n")
    with pytest.raises(ConfigError, match="mapping"):
        load_config(Outer, tmp_path / "l.yaml")


def test_invalid_value_is_a_config_error(tmp_path):
    (tmp_path / "v.yaml").write_text("f_max: 20000\n")
    with pytest.raises(ConfigError, match="Nyquist"):
        load_config(MelConfig, tmp_path / "v.yaml")
