"""`tts train-vocoder` end to end on a tiny fake DUMP: runs, checkpoints, resumes exactly,
fine-tunes on GTA mels, and refuses bad input with one-line errors."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from tts.audio import MelConfig, load_audio, mel_spectrogram, save_audio
from tts.cli import main
from tts.config import to_dict
from tts.errors import TTSError
from tts.train.vocoder import AudioMelSegments, load_experiment
from tts.vocoders import HiFiGAN, ISTFTVocoder, load_vocoder

CONF = Path(__file__).resolve().parents[2] / "recipes" / "csmsc" / "conf"
MEL = MelConfig()


def make_dump(root, n=4, seconds=0.5):
    """A DUMP of `n` tones with noise, per the contract: wavs, mels, manifests, stats."""
    root = Path(root)
    (root / "mels").mkdir(parents=True)
    (root / "wavs").mkdir()
    rng = np.random.default_rng(0)
    items = []
    for i in range(n):
        t = np.arange(int((seconds + 0.1 * i) * MEL.sample_rate)) / MEL.sample_rate
        audio = 0.3 * np.sin(2 * np.pi * (150 + 40 * i) * t) + 0.01 * rng.standard_normal(len(t))
        uid = f"{i:06d}"
        save_audio(root / "wavs" / f"{uid}.wav", audio.astype(np.float32), MEL.sample_rate)
        audio, _ = load_audio(root / "wavs" / f"{uid}.wav")  # the 16-bit audio, as the contract
        mel = mel_spectrogram(torch.from_numpy(audio), MEL)[0].numpy()
        np.save(root / "mels" / f"{uid}.npy", mel)
        items.append({"id": uid, "speaker": "s", "text": "", "phonemes": "a1 #4 <eos>",
                      "mel": f"mels/{uid}.npy", "audio": f"wavs/{uid}.wav",
                      "frames": int(mel.shape[1])})
    for split, part in (("train", items[:3]), ("dev", items[3:]), ("test", items[3:])):
        (root / f"{split}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in part))
    (root / "stats.json").write_text(json.dumps({
        "mel_mean": [0.0] * MEL.n_mels, "mel_std": [1.0] * MEL.n_mels,
        "mel_config": to_dict(MEL), "num_utterances": 3}))
    (root / "speakers.json").write_text('["s"]')
    return root


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    return make_dump(tmp_path_factory.mktemp("vocoder") / "dump")


def train(config, dump, exp, *extra):
    return main(["train-vocoder", str(config), "--data", str(dump), "--exp-dir", str(exp),
                 "--quiet", *extra])


@pytest.mark.parametrize("name, cls", [("hifigan_v1_debug", HiFiGAN),
                                       ("istft_debug", ISTFTVocoder)])
def test_train_vocoder_runs_and_resumes_exactly(dump, tmp_path, name, cls):
    config = CONF / f"{name}.yaml"
    assert train(config, dump, tmp_path / "a", "--max-steps", "2") == 0
    assert sorted(p.name for p in (tmp_path / "a" / "checkpoints").iterdir()) == [
        "step_00000002.pt"]
    assert (tmp_path / "a" / "tb").is_dir() and any((tmp_path / "a" / "tb").iterdir())
    assert train(config, dump, tmp_path / "a", "--resume") == 0  # debug max_steps is 3
    assert sorted(p.name for p in (tmp_path / "a" / "checkpoints").iterdir()) == [
        "step_00000002.pt", "step_00000003.pt"]
    assert train(config, dump, tmp_path / "b") == 0  # the same 3 steps in one go
    resumed = torch.load(tmp_path / "a" / "checkpoints" / "step_00000003.pt", weights_only=True)
    straight = torch.load(tmp_path / "b" / "checkpoints" / "step_00000003.pt", weights_only=True)
    assert resumed["step"] == 3 and resumed["kind"] == straight["kind"]
    for key in ("generator", "discriminator"):
        for k, v in straight[key].items():
            torch.testing.assert_close(resumed[key][k], v, rtol=0, atol=0, msg=f"{key}.{k}")
    # the run's outputs load as vocoders: the exported generator and the run folder
    for source in (tmp_path / "a" / "generator.pt", tmp_path / "a"):
        vocoder = load_vocoder(source)
        assert isinstance(vocoder, cls)
        assert vocoder.vocode(torch.zeros(MEL.n_mels, 5) - 5).shape == (1, 5 * MEL.hop_length)


def test_train_vocoder_user_errors(dump, tmp_path, capsys):
    config = CONF / "istft_debug.yaml"
    assert train(config, dump, tmp_path / "e", "--resume") == 1
    assert "--resume: no checkpoint in" in capsys.readouterr().err
    assert train(config, dump, tmp_path / "e", "--max-steps", "1") == 0
    assert train(config, dump, tmp_path / "e", "--max-steps", "1") == 1
    assert "already holds checkpoints" in capsys.readouterr().err
    assert train(config, tmp_path / "no_dump", tmp_path / "f") == 1
    assert "data folder not found" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text(config.read_text().replace("num_layers:", "num_layer:"))
    assert train(bad, dump, tmp_path / "g") == 1
    assert "unknown key 'num_layer'" in capsys.readouterr().err
    bad.write_text(config.read_text().replace("model: istft", "model: wavenet"))
    assert train(bad, dump, tmp_path / "g") == 1
    assert "'model' must be one of hifigan, istft" in capsys.readouterr().err


def test_debug_configs_match_the_full_structure():
    for full, debug in (("hifigan_v1", "hifigan_v1_debug"), ("hifigan_v3", "hifigan_v3_debug"),
                        ("istft", "istft_debug"), ("istft", "istft_cpu")):
        a, b = load_experiment(CONF / f"{full}.yaml"), load_experiment(CONF / f"{debug}.yaml")
        assert a.model == b.model
        if a.model == "hifigan":
            assert a.generator.upsample_rates == b.generator.upsample_rates
            assert a.generator.resblock == b.generator.resblock
    assert load_experiment(CONF / "hifigan_v3_debug.yaml").train.max_steps <= 10


def test_gta_mels_replace_the_inputs_but_not_the_targets(dump, tmp_path):
    gta = tmp_path / "gta"
    gta.mkdir()
    items = [json.loads(line) for split in ("train", "dev")
             for line in (dump / f"{split}.jsonl").read_text().splitlines()]
    for item in items:
        mel = np.load(dump / item["mel"])
        np.save(gta / f"{item['id']}.npy", (mel + 1.0).astype(np.float32))  # a shifted "GTA" mel
    dataset = AudioMelSegments(dump, items, MEL, segment_frames=8, gta_dir=gta)
    real = AudioMelSegments(dump, items, MEL, segment_frames=8)
    mel, audio = dataset.utterance(0)
    real_mel, real_audio = real.utterance(0)
    torch.testing.assert_close(mel, real_mel + 1.0)
    torch.testing.assert_close(audio, real_audio)  # the target is still the recording
    segment_mel, segment_audio = dataset[0]
    assert segment_mel.shape == (MEL.n_mels, 8) and segment_audio.shape == (8 * MEL.hop_length,)

    config = tmp_path / "gta.yaml"
    config.write_text((CONF / "istft_debug.yaml").read_text().replace(
        "gta_mels: null", f"gta_mels: {gta}"))
    assert train(config, dump, tmp_path / "exp", "--max-steps", "1") == 0

    (gta / f"{items[0]['id']}.npy").unlink()
    with pytest.raises(TTSError, match=f"lacks 1 utterance.*{items[0]['id']}.npy"):
        AudioMelSegments(dump, items, MEL, segment_frames=8, gta_dir=gta)


def test_short_utterances_are_padded_to_a_segment(dump):
    items = [json.loads(line) for line in (dump / "train.jsonl").read_text().splitlines()]
    dataset = AudioMelSegments(dump, items, MEL, segment_frames=200)  # longer than any utterance
    mel, audio = dataset[0]
    frames = items[0]["frames"]
    assert mel.shape == (MEL.n_mels, 200) and audio.shape == (200 * MEL.hop_length,)
    assert torch.all(mel[:, frames:] == MEL.log_min)
    assert torch.all(audio[frames * MEL.hop_length:] == 0)


def test_gta_mels_from_a_teacher_forced_tacotron2(dump, tmp_path):
    from tts.models.tacotron2 import Tacotron2
    from tts.train.gta_mels import main as gta_main
    from tts.train.tacotron2 import load_experiment_config

    torch.manual_seed(0)
    config = load_experiment_config(CONF / "tacotron2_debug.yaml").model
    model = Tacotron2(config, mel_config=MEL)
    checkpoint = tmp_path / "tacotron2.pt"
    torch.save(model.checkpoint_state(), checkpoint)
    out = tmp_path / "gta"
    assert gta_main([str(checkpoint), "--data", str(dump), "--out", str(out)]) == 0
    items = [json.loads(line) for split in ("train", "dev")
             for line in (dump / f"{split}.jsonl").read_text().splitlines()]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{it['id']}.npy" for it in items)
    for item in items:
        gta = np.load(out / f"{item['id']}.npy")
        assert gta.dtype == np.float32 and gta.shape == (MEL.n_mels, item["frames"])
        assert not np.allclose(gta, np.load(dump / item["mel"]))  # the model's, not the dump's
    # the vocoder trains on them (they are what gta_mels points at)
    vocoder_config = tmp_path / "gta.yaml"
    vocoder_config.write_text((CONF / "istft_debug.yaml").read_text().replace(
        "gta_mels: null", f"gta_mels: {out}"))
    assert train(vocoder_config, dump, tmp_path / "exp", "--max-steps", "1") == 0
    assert gta_main([str(tmp_path / "missing.pt"), "--data", str(dump), "--out", str(out)]) == 1
    # run again: what exists is kept (an interrupted run resumes), --overwrite rewrites it
    first = items[0]["id"]
    marker = np.zeros((MEL.n_mels, 1), np.float32)
    np.save(out / f"{first}.npy", marker)
    assert gta_main([str(checkpoint), "--data", str(dump), "--out", str(out)]) == 0
    assert np.load(out / f"{first}.npy").shape == marker.shape  # kept
    (out / f"{items[-1]['id']}.npy").unlink()
    assert gta_main([str(checkpoint), "--data", str(dump), "--out", str(out)]) == 0
    assert (out / f"{items[-1]['id']}.npy").exists()
    assert not list(out.glob("*.part"))
    assert gta_main([str(checkpoint), "--data", str(dump), "--out", str(out), "--overwrite"]) == 0
    assert np.load(out / f"{first}.npy").shape == (MEL.n_mels, items[0]["frames"])


@pytest.mark.slow
def test_train_vocoder_under_torchrun_with_two_cpu_processes(dump, tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, OMP_NUM_THREADS="1")
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone",
               "--nproc_per_node", "2", "-m", "tts.cli", "train-vocoder",
               str(CONF / "istft_debug.yaml"), "--data", str(dump), "--exp-dir",
               str(tmp_path / "ddp"), "--quiet"]
    done = subprocess.run(command + ["--max-steps", "2"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("step 2:") == 1  # only rank 0 reports
    done = subprocess.run(command + ["--resume"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    state = torch.load(tmp_path / "ddp" / "checkpoints" / "step_00000003.pt", weights_only=True)
    assert state["step"] == 3
