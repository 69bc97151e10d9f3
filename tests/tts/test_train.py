"""The Tacotron2 trainer and its shared pieces, on a tiny fake DUMP (random mels, real phonemes)."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from frontend.symbols import syllables_to_phonemes
from tts.audio import MelConfig
from tts.cli import main as cli_main
from tts.models import Tacotron2
from tts.train import common
from tts.train.dataset import LengthBucketBatchSampler, PhonemeMelDataset, collate_phoneme_mel
from tts.train.tacotron2 import train

REPO = Path(__file__).resolve().parents[2]
DEBUG_CONFIG = REPO / "recipes" / "csmsc" / "conf" / "tacotron2_debug.yaml"

SENTENCES = [
    ("ka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1", [0, 2, 0, 0, 1, 0, 1, 0, 4]),
    ("jia3 yu3 cun1 yan2 bie2", [0, 1, 0, 0, 4]),
    ("bao2 ma3 pei4 gua4 bo3 luo2 an1", [0, 0, 1, 0, 0, 0, 4]),
    ("deng4 xiao3 ping2 yu3 sa4 ke4 qi2", [0, 0, 1, 0, 0, 0, 4]),
    ("ta1 qu4 nar3 le5", [0, 1, 0, 4]),
]


def make_fake_dump(root, n_train=12, n_dev=4, seed=0):
    """A DUMP as the feature stage writes it (see the recipes), with random mels."""
    rng = np.random.default_rng(seed)
    cfg = MelConfig()
    root.mkdir(parents=True, exist_ok=True)
    (root / "mels").mkdir(exist_ok=True)
    all_mels = []
    for split, count in (("train", n_train), ("dev", n_dev), ("test", 2)):
        with open(root / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for i in range(count):
                uid = f"{split}{i:04d}"
                syllables, breaks = SENTENCES[i % len(SENTENCES)]
                syllables = syllables.split()
                phonemes = syllables_to_phonemes(syllables, breaks)
                frames = int(len(phonemes) * 3 + rng.integers(0, 10))
                mel = (rng.standard_normal((cfg.n_mels, frames)) - 5.0).astype(np.float32)
                np.save(root / "mels" / f"{uid}.npy", mel)
                if split == "train":
                    all_mels.append(mel)
                item = {"id": uid, "speaker": "csmsc", "text": "", "phonemes": " ".join(phonemes),
                        "mel": f"mels/{uid}.npy", "audio": f"wavs/{uid}.wav", "frames": frames}
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
    stacked = np.concatenate(all_mels, axis=1)
    stats = {"mel_mean": stacked.mean(1).tolist(), "mel_std": stacked.std(1).tolist(),
             "mel_config": {k: getattr(cfg, k) for k in cfg.__dataclass_fields__},
             "num_utterances": n_train}
    (root / "stats.json").write_text(json.dumps(stats))
    (root / "speakers.json").write_text(json.dumps(["csmsc"]))
    return root


@pytest.fixture
def dump(tmp_path):
    return make_fake_dump(tmp_path / "dump")


@pytest.fixture(autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


# --------------------------------------------------------------------------- shared pieces


def test_checkpoint_is_atomic_and_keeps_last_k(tmp_path):
    for step in (1, 2, 3, 4):
        common.save_checkpoint(common.checkpoint_path(tmp_path, step), {"step": step})
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files
    removed = common.prune_checkpoints(tmp_path, keep_last=2)
    assert [p.name for p in removed] == ["step_00000001.pt", "step_00000002.pt"]
    assert common.latest_checkpoint(tmp_path).name == "step_00000004.pt"
    assert common.load_checkpoint(common.latest_checkpoint(tmp_path)) == {"step": 4}


def test_load_checkpoint_errors(tmp_path):
    with pytest.raises(common.TTSError, match="checkpoint not found"):
        common.load_checkpoint(tmp_path / "nope.pt")
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(common.TTSError, match="cannot read checkpoint"):
        common.load_checkpoint(bad)


def test_rng_state_round_trip(tmp_path):
    import random

    state = common.rng_state()
    expected = (random.random(), np.random.rand(), torch.rand(3).tolist())
    common.save_checkpoint(tmp_path / "rng.pt", {"rng": state})
    common.set_rng_state(common.load_checkpoint(tmp_path / "rng.pt")["rng"])
    assert (random.random(), np.random.rand(), torch.rand(3).tolist()) == expected


def test_bucket_sampler_covers_data_and_splits_between_ranks():
    lengths = list(range(50, 0, -1))
    ranks = [LengthBucketBatchSampler(lengths, 4, num_replicas=2, rank=r, seed=3) for r in (0, 1)]
    batches = [b for s in ranks for b in s]
    assert len(ranks[0]) == len(ranks[1]) == len(list(ranks[0])) == 7
    assert set(i for b in batches for i in b) == set(range(50))
    assert all(max(b) - min(b) <= 4 for b in batches if len(b) == 4)  # similar lengths together
    s = ranks[0]
    s.set_epoch(1)
    epoch1 = list(s)
    assert epoch1 != list(ranks[1]) and epoch1 == s.epoch_batches()
    s.set_epoch(1, skip=3)
    assert list(s) == epoch1[3:]


def test_dataset_and_collate(dump):
    ds = PhonemeMelDataset(dump, "train")
    batch = collate_phoneme_mel([ds[0], ds[1], ds[2]])
    lengths = batch["input_lengths"]
    assert batch["phoneme_ids"].shape == (3, int(lengths.max()))
    assert batch["mels"].shape == (3, 80, int(batch["mel_lengths"].max()))
    for i in range(3):
        assert (batch["phoneme_ids"][i, lengths[i]:] == 0).all()
        assert torch.equal(batch["mels"][i, :, :batch["mel_lengths"][i]], ds[i]["mel"])


def test_dataset_rejects_unknown_phoneme(dump):
    path = dump / "train.jsonl"
    lines = path.read_text().splitlines()
    item = json.loads(lines[0])
    item["phonemes"] = "k xx9 #4 <eos>"
    path.write_text("\n".join([json.dumps(item)] + lines[1:]) + "\n")
    with pytest.raises(common.TTSError, match="unknown phoneme 'xx9'"):
        PhonemeMelDataset(dump, "train")


# --------------------------------------------------------------------------- training


def test_debug_training_writes_checkpoints_tensorboard_and_loads(dump, tmp_path):
    exp = tmp_path / "exp"
    history = train(DEBUG_CONFIG, dump, exp, show_progress=False)
    assert [s for s, _ in history] == list(range(1, 11))
    assert all(np.isfinite(loss) for _, loss in history)
    names = [p.name for p in common.list_checkpoints(exp / "checkpoints")]
    assert names == ["step_00000005.pt", "step_00000010.pt"]
    assert any((exp / "tb").iterdir())
    state = common.load_checkpoint(exp / "checkpoints" / "step_00000010.pt")
    assert state["step"] == 10 and state["code_version"].startswith("0.")
    model = Tacotron2.from_checkpoint(exp / "checkpoints" / "step_00000010.pt")
    assert model.speakers == ["csmsc"] and not model.training
    stats = json.loads((dump / "stats.json").read_text())
    assert torch.allclose(model.mel_mean, torch.tensor(stats["mel_mean"]))
    # a second run into the same folder without --resume refuses to overwrite
    with pytest.raises(common.TTSError, match="--resume"):
        train(DEBUG_CONFIG, dump, exp, show_progress=False)


def test_resume_gives_the_same_next_loss(dump, tmp_path):
    full = train(DEBUG_CONFIG, dump, tmp_path / "full", max_steps=7, show_progress=False)
    # "killed" after the step-5 checkpoint: a run stopped at 6 leaves step 5 as newest, then
    # the checkpoint of step 6 (written because it was the last step) is removed
    exp = tmp_path / "killed"
    train(DEBUG_CONFIG, dump, exp, max_steps=6, show_progress=False)
    (exp / "checkpoints" / "step_00000006.pt").unlink()
    resumed = train(DEBUG_CONFIG, dump, exp, resume=True, max_steps=7, show_progress=False)
    assert [s for s, _ in resumed] == [6, 7]
    assert resumed[0][1] == pytest.approx(full[5][1], rel=1e-5)
    assert resumed[1][1] == pytest.approx(full[6][1], rel=1e-5)



def test_self_feed_trains_and_feeds_the_models_own_frames(dump, tmp_path):
    from tts.train.tacotron2 import _self_feed

    config = tmp_path / "self_feed.yaml"
    config.write_text(re.sub(r"^train:.*\n", lambda m: m.group() + "  self_feed: 0.5\n",
                             DEBUG_CONFIG.read_text(), count=1, flags=re.M))
    history = train(config, dump, tmp_path / "exp", max_steps=3, show_progress=False)
    assert [s for s, _ in history] == [1, 2, 3] and all(np.isfinite(l) for _, l in history)
    plain = train(DEBUG_CONFIG, dump, tmp_path / "plain", max_steps=3, show_progress=False)
    assert history[1][1] != plain[1][1]  # the fed frames change the loss
    # the feed mixes the recording's frames and the model's predictions, whole frames at a time
    model = Tacotron2.from_checkpoint(tmp_path / "exp" / "checkpoints" / "step_00000003.pt")
    items = PhonemeMelDataset(dump, "train", speakers=["csmsc"], n_mels=80)
    b = collate_phoneme_mel([items[0], items[1]])
    target = model.normalize(b["mels"])
    for fraction, expect in ((0.0, "all target"), (1.0, "no target")):
        feed = _self_feed(model, b, fraction)
        same = (feed == target).all(1)  # (B, T): frames left as recorded
        assert same.all() if expect == "all target" else not same.any()


def test_init_from_copies_fp16_weights_and_starts_a_new_run(dump, tmp_path):
    train(DEBUG_CONFIG, dump, tmp_path / "first", max_steps=5, show_progress=False)
    state = common.load_checkpoint(tmp_path / "first" / "checkpoints" / "step_00000005.pt")
    # an exported voice keeps fp16 weights and no optimiser: make one the same way
    voice = {k: v for k, v in state.items() if k not in ("optimizer", "scheduler", "rng")}
    voice["model"] = {k: v.half() if v.is_floating_point() else v
                      for k, v in state["model"].items()}
    torch.save(voice, tmp_path / "acoustic.pt")

    exp = tmp_path / "second"
    history = train(DEBUG_CONFIG, dump, exp, max_steps=2, show_progress=False,
                    init_from=tmp_path / "acoustic.pt")
    assert [s for s, _ in history] == [1, 2]  # a new run: its own step count and schedule
    # its first loss is the trained model's, far below a fresh model's first loss
    fresh = train(DEBUG_CONFIG, dump, tmp_path / "fresh", max_steps=1, show_progress=False)
    assert history[0][1] < fresh[0][1]
    # the weights it started from are the fp16 ones, widened to fp32
    from tts.models.tacotron2 import Tacotron2 as T2
    from tts.train.tacotron2 import _load_initial_weights, load_experiment_config

    cfg = load_experiment_config(DEBUG_CONFIG)
    model = T2(cfg.model, speakers=["csmsc"])
    _load_initial_weights(model, tmp_path / "acoustic.pt", cfg)
    for name, value in model.state_dict().items():
        assert value.dtype == state["model"][name].dtype
        assert torch.equal(value, voice["model"][name].to(value.dtype)), name


def test_init_from_refuses_another_network_and_resume(dump, tmp_path):
    train(DEBUG_CONFIG, dump, tmp_path / "first", max_steps=1, show_progress=False)
    ckpt = tmp_path / "first" / "checkpoints" / "step_00000001.pt"
    other = tmp_path / "other.yaml"
    other.write_text(DEBUG_CONFIG.read_text().replace("  reduction_factor: 3",
                                                     "  reduction_factor: 2"))
    with pytest.raises(common.TTSError, match="--init-from needs the same network"):
        train(other, dump, tmp_path / "x", max_steps=1, show_progress=False, init_from=ckpt)
    with pytest.raises(common.TTSError, match="exclude each other"):
        train(DEBUG_CONFIG, dump, tmp_path / "first", resume=True, show_progress=False,
              init_from=ckpt)
    with pytest.raises(common.TTSError, match="checkpoint not found"):
        train(DEBUG_CONFIG, dump, tmp_path / "y", show_progress=False,
              init_from=tmp_path / "missing.pt")


@pytest.mark.slow
def test_resume_after_a_real_kill(dump, tmp_path):
    """SIGKILL a training process after its first checkpoint; resuming matches a clean run."""
    exp = tmp_path / "killed"
    cmd = [sys.executable, "-m", "tts.cli", "train", str(DEBUG_CONFIG), "--data", str(dump),
           "--exp-dir", str(exp), "--max-steps", "1000", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=dict(os.environ, OMP_NUM_THREADS="1"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while common.latest_checkpoint(exp / "checkpoints") is None:
            assert proc.poll() is None, "training stopped before its first checkpoint"
            assert time.monotonic() < deadline, "no checkpoint within 120 s"
            time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait()
    last = int(common.latest_checkpoint(exp / "checkpoints").name[5:13])
    resumed = train(DEBUG_CONFIG, dump, exp, resume=True, max_steps=last + 2,
                    show_progress=False)
    clean = train(DEBUG_CONFIG, dump, tmp_path / "clean", max_steps=last + 2,
                  show_progress=False)
    assert [s for s, _ in resumed] == [last + 1, last + 2]
    assert [loss for _, loss in resumed] == pytest.approx([l for _, l in clean[-2:]], rel=1e-5)

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_ddp_two_gloo_processes(dump, tmp_path):
    exp = tmp_path / "ddp"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2",
           "--master_addr=127.0.0.1", f"--master_port={_free_port()}",
           "-m", "tts.cli", "train", str(DEBUG_CONFIG), "--data", str(dump), "--exp-dir", str(exp),
           "--max-steps", "2", "--no-progress"]
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    state = common.load_checkpoint(exp / "checkpoints" / "step_00000002.pt")
    assert state["step"] == 2
    assert len(state["rng"]) == 2  # one RNG state per process
    assert not torch.equal(state["rng"][0]["torch"], state["rng"][1]["torch"])


# --------------------------------------------------------------------------- command line


def test_cli_missing_dump(tmp_path, capsys):
    code = cli_main(["train", str(DEBUG_CONFIG), "--data", str(tmp_path / "nodump"),
                     "--exp-dir", str(tmp_path / "exp")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "data folder not found" in err


def test_cli_missing_config(dump, tmp_path, capsys):
    code = cli_main(["train", str(tmp_path / "missing.yaml"), "--data", str(dump),
                     "--exp-dir", str(tmp_path / "exp")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "config file not found" in err


def test_cli_unknown_config_key(dump, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEBUG_CONFIG.read_text().replace("  reduction_factor: 3",
                                                   "  reduction_factr: 3"))
    code = cli_main(["train", str(bad), "--data", str(dump), "--exp-dir", str(tmp_path / "exp")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "unknown key 'reduction_factr'" in err


def test_cli_trains_and_resumes(dump, tmp_path, capsys):
    exp = tmp_path / "exp"
    args = ["train", str(DEBUG_CONFIG), "--data", str(dump), "--exp-dir", str(exp),
            "--no-progress"]
    assert cli_main(args + ["--max-steps", "3"]) == 0
    assert cli_main(args + ["--max-steps", "4", "--resume"]) == 0
    out = capsys.readouterr().out
    assert "trained to step 3" in out and "trained to step 4" in out
    assert common.latest_checkpoint(exp / "checkpoints").name == "step_00000004.pt"


def test_cli_init_from(dump, tmp_path, capsys):
    exp = tmp_path / "exp"
    args = ["train", str(DEBUG_CONFIG), "--data", str(dump), "--no-progress", "--max-steps", "2"]
    assert cli_main(args + ["--exp-dir", str(exp)]) == 0
    ckpt = str(exp / "checkpoints" / "step_00000002.pt")
    assert cli_main(args + ["--exp-dir", str(tmp_path / "b"), "--init-from", ckpt]) == 0
    assert f"starting from the weights of {ckpt}" in capsys.readouterr().out
    code = cli_main(args + ["--exp-dir", str(tmp_path / "c"), "--init-from", str(DEBUG_CONFIG)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "cannot read checkpoint" in err
