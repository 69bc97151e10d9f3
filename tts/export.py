"""Pack a trained voice for shipping: small weight-only files and a registry entry.

A training checkpoint holds the optimiser state, RNG states and the training config besides the
weights (a 4.5 M-parameter Tacotron2 checkpoint is 54 MB). `export_voice` keeps what synthesis
needs, optionally stores the floating-point weights as fp16 (loading casts them back to fp32),
and writes a folder that `Synthesizer.from_pretrained(folder)` reads:

    acoustic.pt   Tacotron2: model_type, configs, symbols, speakers, weights
    vocoder.pt    the vocoder checkpoint, same format as training writes (optional)

`register_voice` adds or replaces the folder's entry in a registry YAML (`pretrained/registry.yaml`
for the shipped models) with the SHA-256 and size of each file.
"""

from pathlib import Path

from tts.config import read_yaml
from tts.errors import TTSError
from tts.train.common import load_checkpoint, save_checkpoint

ACOUSTIC_KEYS = ("model_type", "model_config", "symbols", "symbol_set_version", "mel_config",
                 "speakers", "model", "code_version", "step")
VOCODER_KEYS = ("kind", "model_config", "mel_config", "code_version", "generator", "step")


def _half(weights):
    """fp32 tensors -> fp16; other tensors (BatchNorm counters, integers) unchanged."""
    return {k: v.half() if v.is_floating_point() else v for k, v in weights.items()}


def _slim(state, keys, weights_key, fp16, source):
    missing = [k for k in keys if k not in state and k not in ("code_version", "step", "symbol_set_version")]
    if missing:
        raise TTSError(f"{source}: not a checkpoint this exporter knows (no {missing[0]!r})")
    slim = {k: state[k] for k in keys if k in state}
    if fp16:
        slim[weights_key] = _half(slim[weights_key])
    return slim


def export_voice(acoustic, out_dir, vocoder=None, fp16=True):
    """Write `out_dir`/acoustic.pt (and vocoder.pt) from training checkpoints. Returns the paths.

    `acoustic`: a Tacotron2 checkpoint file or training folder (its newest step_*.pt);
    `vocoder`: None, or a vocoder checkpoint file or training folder.
    """
    from tts.synthesizer import resolve_voice
    from tts.vocoders.loading import _resolve_checkpoint

    acoustic_path = resolve_voice(acoustic)["acoustic"]
    state = load_checkpoint(acoustic_path)
    if not isinstance(state, dict) or state.get("model_type") != "tacotron2":
        raise TTSError(f"{acoustic_path} is not a Tacotron2 checkpoint")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"acoustic": save_checkpoint(out_dir / "acoustic.pt",
                                         _slim(state, ACOUSTIC_KEYS, "model", fp16, acoustic_path))}
    if vocoder is not None:
        vocoder_path = _resolve_checkpoint(vocoder)
        vstate = load_checkpoint(vocoder_path)
        if not isinstance(vstate, dict) or "kind" not in vstate:
            raise TTSError(f"{vocoder_path} is not a vocoder checkpoint")
        paths["vocoder"] = save_checkpoint(out_dir / "vocoder.pt",
                                           _slim(vstate, VOCODER_KEYS, "generator", fp16, vocoder_path))
    # Both must load exactly as the synthesiser will load them.
    check_voice(out_dir)
    return paths


def check_voice(folder):
    """Load a voice folder's files the way synthesis does; TTSError if any does not load."""
    from tts.models.tacotron2 import Tacotron2
    from tts.vocoders.loading import load_vocoder

    folder = Path(folder)
    acoustic = Tacotron2.from_checkpoint(folder / "acoustic.pt")
    if (folder / "vocoder.pt").is_file():
        vocoder = load_vocoder(folder / "vocoder.pt")
        a, v = acoustic.mel_config, vocoder.mel_config
        if (a.sample_rate, a.hop_length, a.n_mels) != (v.sample_rate, v.hop_length, v.n_mels):
            raise TTSError(f"{folder}: vocoder and acoustic model use different mel settings")
    return acoustic


REGISTRY_HEADER = """\
# The pretrained registry. One entry per model; `tts models` lists them.
# files: role -> path relative to this folder, its SHA-256 and size in bytes. Loading verifies
# every hash and refuses a mismatch. Roles: acoustic (Tacotron2 checkpoint), vocoder (optional;
# without one, Griffin-Lim is used). Entries are written by `tts export --register NAME`.
"""


def register_voice(folder, name, registry, description="", training_data="", licence="",
                   language="zh"):
    """Add (or replace) `name` in `registry` (YAML) pointing at the files of voice `folder`.

    The folder must sit inside the registry's folder (entries hold relative paths only).
    """
    import yaml

    from tts.pretrained import sha256_of

    registry = Path(registry)
    root = registry.resolve().parent
    folder = Path(folder).resolve()
    if not folder.is_relative_to(root):
        raise TTSError(f"{folder} is not inside the registry folder {root}")
    acoustic = check_voice(folder)
    data = read_yaml(registry) if registry.is_file() else {}
    models = dict(data.get("models") or {})
    files = {}
    for role in ("acoustic", "vocoder"):
        path = folder / f"{role}.pt"
        if path.is_file():
            files[role] = {"path": path.relative_to(root).as_posix(), "sha256": sha256_of(path),
                           "size": path.stat().st_size}
    models[name] = {
        "language": language,
        "sample_rate": acoustic.mel_config.sample_rate,
        "phoneme_set": acoustic.symbol_set_version,
        "description": description,
        "training_data": training_data,
        "licence": licence,
        "speakers": list(acoustic.speakers),
        "files": files,
    }
    text = REGISTRY_HEADER + yaml.safe_dump({"models": models}, allow_unicode=True, sort_keys=False,
                                            width=100)
    tmp = registry.with_name(f".{registry.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(registry)
    return models[name]


def size_on_disk(paths):
    return sum(Path(p).stat().st_size for p in paths.values())

