"""`load_vocoder(name_or_path)`: the one way synthesis code gets a vocoder.

    vocoder = load_vocoder("griffin-lim")                    # nothing to load
    vocoder = load_vocoder("exp/istft/checkpoints/step_00100000.pt")
    vocoder = load_vocoder("exp/istft")                      # newest checkpoint of a run
    vocoder = load_vocoder("zh-demo")                        # a registry voice's vocoder
    audio = vocoder.vocode(mel)                              # (n_mels, T) -> (1, T * hop)

A vocoder checkpoint is a dict written by `tts train-vocoder` and read with weights_only=True:
  kind          'hifigan' or 'istft'
  model_config  the generator's config dataclass as a dict (HiFiGANConfig / ISTFTConfig)
  mel_config    the MelConfig the vocoder was trained on, as a dict
  code_version  the toolkit version (and git commit) that wrote it
  generator     the generator's state_dict (training checkpoints hold more keys; they are ignored)
"""

from pathlib import Path

import torch

from tts.audio import MelConfig
from tts.config import ConfigError, from_dict
from tts.errors import TTSError
from tts.vocoders.base import Vocoder
from tts.vocoders.griffin_lim import GriffinLim
from tts.vocoders.hifigan import HiFiGAN, HiFiGANConfig
from tts.vocoders.istft import ISTFTConfig, ISTFTVocoder

# kind stored in a checkpoint -> (config dataclass, generator class)
GENERATORS = {
    "hifigan": (HiFiGANConfig, HiFiGAN),
    "istft": (ISTFTConfig, ISTFTVocoder),
}
CHECKPOINT_KEYS = ("kind", "model_config", "mel_config", "generator")


def build_generator(kind, model_config, mel_config):
    """A freshly initialised generator of `kind` ('hifigan' or 'istft')."""
    if kind not in GENERATORS:
        raise TTSError(f"unknown vocoder kind {kind!r}: expected one of {', '.join(GENERATORS)}")
    return GENERATORS[kind][1](model_config, mel_config)


def _resolve_checkpoint(path):
    """A checkpoint file: the path itself, the newest step_*.pt of a run folder, a voice folder's
    vocoder.pt, or the vocoder of a registry voice (verified against its hash)."""
    path = Path(path)
    if path.is_file():
        return path
    if path.is_dir():
        for folder in (path / "checkpoints", path):
            found = sorted(folder.glob("step_*.pt")) if folder.is_dir() else []
            if found:
                return found[-1]
        if (path / "vocoder.pt").is_file():
            return path / "vocoder.pt"
        raise TTSError(f"no vocoder checkpoint (step_*.pt or vocoder.pt) in {path}")
    from tts.pretrained import load_registry, resolve_model

    if len(path.parts) == 1 and str(path) in load_registry():
        files = resolve_model(str(path))
        if "vocoder" not in files:
            raise TTSError(f"registry model {str(path)!r} has no vocoder of its own: use griffin-lim")
        return files["vocoder"]
    raise TTSError(f"vocoder not found: {path} (expected 'griffin-lim', a registry name, a "
                   "checkpoint file or a training folder)")


def load_vocoder(name_or_path, device="cpu"):
    """'griffin-lim', a checkpoint file, or an experiment folder -> a ready `Vocoder` (eval mode).

    Raises TTSError for a missing, unreadable or foreign file, or one whose weights do not match
    its config.
    """
    if str(name_or_path) == "griffin-lim":
        return GriffinLim().to(device).eval()
    path = _resolve_checkpoint(name_or_path)
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # torch raises many kinds (zip, pickle, unpickling-policy errors)
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise TTSError(f"cannot read vocoder checkpoint {path}: {first}") from None
    if not isinstance(state, dict) or any(k not in state for k in CHECKPOINT_KEYS):
        missing = [k for k in CHECKPOINT_KEYS if not isinstance(state, dict) or k not in state]
        raise TTSError(f"{path} is not a vocoder checkpoint (missing {', '.join(missing)})")
    kind = state["kind"]
    if kind not in GENERATORS:
        raise TTSError(f"{path}: unknown vocoder kind {kind!r}")
    config_cls, _ = GENERATORS[kind]
    try:
        model_config = from_dict(config_cls, state["model_config"], f"{path} [model_config]")
        mel_config = from_dict(MelConfig, state["mel_config"], f"{path} [mel_config]")
        vocoder = build_generator(kind, model_config, mel_config)
        vocoder.load_state_dict(state["generator"])
    except ConfigError:
        raise
    except (RuntimeError, ValueError, TypeError) as err:
        first = str(err).strip().splitlines()[0]
        raise TTSError(f"{path}: weights do not match the stored config ({first})") from None
    if isinstance(vocoder, HiFiGAN):
        vocoder.remove_weight_norm()
    vocoder.code_version = state.get("code_version", "unknown")
    return vocoder.to(device).eval()


def export_generator(vocoder, kind, code_version):
    """The inference part of a checkpoint (what `load_vocoder` reads) for `vocoder`."""
    from tts.config import to_dict

    if not isinstance(vocoder, Vocoder) or kind not in GENERATORS:
        raise TypeError("export_generator needs a HiFiGAN or ISTFTVocoder and its kind")
    return {
        "kind": kind,
        "model_config": to_dict(vocoder.config),
        "mel_config": to_dict(vocoder.mel_config),
        "code_version": code_version,
        "generator": vocoder.state_dict(),
    }
