"""End to end, as CI runs it: a 20-utterance synthetic CSMSC through the CSMSC recipe.

render (recipes/synthetic/run.sh --limit 20) -> stage 0-1 (data prep, features) -> stage 2
(Tacotron2 with conf/tacotron2_debug.yaml, 5 steps) -> stage 2 again, which resumes from the
step-5 checkpoint and continues to step 10 -> stage 3 (HiFi-GAN, conf/hifigan_v1_debug.yaml,
2 steps) -> stage 4 (export) -> `tts synth` with the exported voice. About 30 s on 2 CPU cores,
so it runs in the default suite: the recipe is the product's training path.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import soundfile as sf

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO.parent / "shared" / "data" / "csmsc" / "000001-009000.txt"
RECIPES = REPO / "recipes"


pytestmark = [
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"),
    pytest.mark.skipif(not LABELS.is_file(), reason="../shared/data/csmsc is not available"),
]


def run(script, *args, cwd, timeout=600):
    result = subprocess.run(
        ["bash", str(RECIPES / script), *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
    )
    assert result.returncode == 0, f"{script} {' '.join(args)} failed:\n{result.stderr[-3000:]}"
    return result


def test_csmsc_recipe_on_20_synthetic_utterances(tmp_path):
    corpus = tmp_path / "BZNSYP"
    run("synthetic/run.sh", "--limit", "20", "--out", str(corpus), "--jobs", "2", cwd=tmp_path)
    assert len(list((corpus / "Wave").glob("*.wav"))) == 20

    common = ["--data-dir", str(tmp_path / "data"), "--dump-dir", str(tmp_path / "dump"),
              "--exp-dir", str(tmp_path / "exp"), "--n-dev", "2", "--n-test", "2"]
    run("csmsc/run.sh", "--corpus", str(corpus), "--stage", "0", "--stop-stage", "1", *common,
        cwd=tmp_path)
    dump = tmp_path / "dump"
    sizes = [len((dump / f"{s}.jsonl").read_text().splitlines()) for s in ("train", "dev", "test")]
    assert sizes == [16, 2, 2]
    assert json.loads((dump / "speakers.json").read_text()) == ["csmsc"]

    config = RECIPES / "csmsc" / "conf" / "tacotron2_debug.yaml"
    assert config.is_file(), f"{config} is missing"
    train = ["--stage", "2", "--stop-stage", "2", "--acoustic-config", str(config), *common]
    run("csmsc/run.sh", *train, "--max-steps", "5", cwd=tmp_path)
    checkpoints = tmp_path / "exp" / "tacotron2" / "checkpoints"
    assert (checkpoints / "step_00000005.pt").is_file()

    resumed = run("csmsc/run.sh", *train, "--max-steps", "10", cwd=tmp_path)
    assert "at step 5" in resumed.stdout + resumed.stderr
    assert (checkpoints / "step_00000010.pt").is_file()

    vocoder = RECIPES / "csmsc" / "conf" / "hifigan_v1_debug.yaml"
    assert vocoder.is_file(), f"{vocoder} is missing"
    run("csmsc/run.sh", "--stage", "3", "--vocoder-config", str(vocoder), "--max-steps", "2",
        *common, cwd=tmp_path)
    assert (tmp_path / "exp" / "hifigan_v1_debug" / "checkpoints" / "step_00000002.pt").is_file()

    run("csmsc/run.sh", "--stage", "4", "--vocoder-config", str(vocoder), *common, cwd=tmp_path)
    voice = tmp_path / "exp" / "voice"
    assert (voice / "acoustic.pt").is_file() and (voice / "vocoder.pt").is_file()
    out = tmp_path / "out.wav"
    synth = subprocess.run(["tts", "synth", "你好。", "--model", str(voice), "-o", str(out)],
                           capture_output=True, text=True, timeout=300)
    assert synth.returncode == 0, synth.stderr
    assert sf.info(out).samplerate == 22050
