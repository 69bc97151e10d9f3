"""Pieces every trainer shares: checkpoints, RNG state, distributed setup, logging, figures.

Checkpoints are plain dicts of tensors and Python values, written atomically (a temporary file in
the same folder, then `os.replace`, so a run killed mid-write never leaves a half-written file
under a checkpoint's name) and read with `torch.load(..., weights_only=True)`. They are named
`step_00001234.pt` so that sorting by name sorts by step; `prune_checkpoints` keeps the last K.

Distributed training follows torchrun's environment variables (RANK, LOCAL_RANK, WORLD_SIZE,
MASTER_ADDR, MASTER_PORT): `setup_distributed()` starts a process group (nccl on CUDA, gloo on
CPU) when WORLD_SIZE > 1 and is a no-op otherwise, so the same loop runs alone or under torchrun.
"""

import os
import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

import tts
from tts.errors import TTSError

CHECKPOINT_PATTERN = re.compile(r"^step_(\d{8})\.pt$")


# --------------------------------------------------------------------------- code version


def code_version():
    """`tts.__version__` plus the git commit of the source tree when there is one.

    '0.1.0+g1a2b3c4' (or '+g1a2b3c4.dirty' with uncommitted changes); just '0.1.0' outside git.
    """
    root = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
            timeout=5, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return tts.__version__
    if not commit:
        return tts.__version__
    return f"{tts.__version__}+g{commit}" + (".dirty" if dirty else "")


# --------------------------------------------------------------------------- checkpoints


def checkpoint_path(checkpoint_dir, step):
    return Path(checkpoint_dir) / f"step_{int(step):08d}.pt"


def save_checkpoint(path, state):
    """Write `state` (a dict) to `path` atomically: temp file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        torch.save(state, tmp)
        os.replace(tmp, path)  # atomic on POSIX: readers see the old file or the new, never half
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def load_checkpoint(path, map_location="cpu"):
    """Read a checkpoint dict with weights_only=True; TTSError if it is missing or unreadable."""
    path = Path(path)
    if not path.is_file():
        raise TTSError(f"checkpoint not found: {path}")
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as err:  # torch raises many kinds (pickle, zip, unpickling-policy errors)
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise TTSError(f"cannot read checkpoint {path}: {first}") from None
    if not isinstance(state, dict):
        raise TTSError(f"{path} is not a checkpoint of this toolkit (expected a dict)")
    return state


def list_checkpoints(checkpoint_dir):
    """Checkpoints in a folder, oldest step first."""
    checkpoint_dir = Path(checkpoint_dir)
    if not checkpoint_dir.is_dir():
        return []
    return sorted(p for p in checkpoint_dir.iterdir() if CHECKPOINT_PATTERN.match(p.name))


def latest_checkpoint(checkpoint_dir):
    """The checkpoint with the highest step, or None."""
    found = list_checkpoints(checkpoint_dir)
    return found[-1] if found else None


def prune_checkpoints(checkpoint_dir, keep_last):
    """Delete all but the newest `keep_last` checkpoints (keep_last <= 0 keeps everything)."""
    if keep_last <= 0:
        return []
    old = list_checkpoints(checkpoint_dir)[:-keep_last]
    for path in old:
        path.unlink(missing_ok=True)
    return old


# --------------------------------------------------------------------------- RNG state


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def rng_state():
    """Python, NumPy, torch CPU (and CUDA) generator states, in types weights_only can load."""
    py_version, py_internal, py_gauss = random.getstate()
    np_name, np_keys, np_pos, np_has_gauss, np_gauss = np.random.get_state()
    state = {
        "python": [py_version, list(py_internal), py_gauss],
        "numpy": [np_name, torch.from_numpy(np_keys.astype(np.int64)), int(np_pos),
                  int(np_has_gauss), float(np_gauss)],
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state):
    """Restore what `rng_state()` captured."""
    py_version, py_internal, py_gauss = state["python"]
    random.setstate((py_version, tuple(py_internal), py_gauss))
    np_name, np_keys, np_pos, np_has_gauss, np_gauss = state["numpy"]
    np_keys = np_keys.cpu().numpy().astype(np.uint32)
    np.random.set_state((np_name, np_keys, np_pos, np_has_gauss, np_gauss))
    torch.set_rng_state(state["torch"].cpu())
    if "cuda" in state and torch.cuda.is_available():
        cuda_states = [s.cpu() for s in state["cuda"]]
        if len(cuda_states) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(cuda_states)


# --------------------------------------------------------------------------- distributed


@dataclass(frozen=True)
class DistributedInfo:
    rank: int  # global rank of this process (0 when not distributed)
    local_rank: int  # rank on this node: picks the GPU
    world_size: int  # number of processes in all
    device: torch.device  # where this process computes

    @property
    def is_main(self):
        return self.rank == 0

    @property
    def distributed(self):
        return self.world_size > 1


def setup_distributed(device=None):
    """Start the process group when launched by torchrun (WORLD_SIZE > 1); choose the device.

    `device`: 'cpu', 'cuda' or None (CUDA when available). Under torchrun with CUDA each process
    takes GPU LOCAL_RANK and the nccl backend; on CPU the gloo backend.
    """
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(device)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise TTSError("device 'cuda' requested but no CUDA GPU is available")
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    if world_size > 1 and not torch.distributed.is_initialized():
        backend = "nccl" if device.type == "cuda" else "gloo"
        torch.distributed.init_process_group(backend=backend)
    return DistributedInfo(rank=rank, local_rank=local_rank, world_size=world_size, device=device)


def cleanup_distributed():
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()


def all_reduce_mean(value, info):
    """Mean of a float over all processes (the value itself when not distributed)."""
    if not info.distributed:
        return float(value)
    tensor = torch.tensor([float(value)], dtype=torch.float64, device=info.device)
    torch.distributed.all_reduce(tensor)
    return tensor.item() / info.world_size


def unwrap(model):
    """The module inside a DistributedDataParallel wrapper (or the model itself)."""
    return model.module if isinstance(model, torch.nn.parallel.DistributedDataParallel) else model


# --------------------------------------------------------------------------- logging


class _NullWriter:
    """Stands in for SummaryWriter on ranks other than 0, so callers need no `if`."""

    def add_scalar(self, *args, **kwargs):
        pass

    def add_figure(self, *args, **kwargs):
        pass

    def add_audio(self, *args, **kwargs):
        pass

    def add_text(self, *args, **kwargs):
        pass

    def flush(self):
        pass

    def close(self):
        pass


def tensorboard_writer(log_dir, enabled=True):
    """A SummaryWriter into `log_dir` (EXP/tb), or a writer that drops everything."""
    if not enabled:
        return _NullWriter()
    from torch.utils.tensorboard import SummaryWriter

    return SummaryWriter(log_dir=str(log_dir))


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display on training machines
    import matplotlib.pyplot as plt

    return plt


def plot_alignment(alignment, title=None):
    """Figure of an attention matrix (T_out, T_in): decoder steps across, input tokens up."""
    plt = _pyplot()
    alignment = torch.as_tensor(alignment).detach().float().cpu().numpy()
    fig, ax = plt.subplots(figsize=(6, 4))
    im = ax.imshow(alignment.T, aspect="auto", origin="lower", interpolation="none")
    fig.colorbar(im, ax=ax)
    ax.set_xlabel("decoder step")
    ax.set_ylabel("input token")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_mels(mels, titles=None):
    """Figure of one or more log-mel spectrograms (n_mels, T) stacked vertically."""
    plt = _pyplot()
    mels = [torch.as_tensor(m).detach().float().cpu().numpy() for m in mels]
    titles = titles or [None] * len(mels)
    fig, axes = plt.subplots(len(mels), 1, figsize=(8, 2.5 * len(mels)), squeeze=False)
    for ax, mel, title in zip(axes[:, 0], mels, titles):
        im = ax.imshow(mel, aspect="auto", origin="lower", interpolation="none")
        fig.colorbar(im, ax=ax)
        if title:
            ax.set_title(title)
    axes[-1, 0].set_xlabel("frame")
    fig.tight_layout()
    return fig


def close_figure(fig):
    _pyplot().close(fig)
