import csv
import json
import shutil

import pytest

from frontend.symbols import syllables_to_phonemes
from tts.cli import main

pytest.importorskip("pysptk")
pytest.importorskip("pyworld")


@pytest.fixture
def text_test_set(tmp_path, espeak_wav):
    folder = tmp_path / "testset"
    (folder / "wavs").mkdir(parents=True)
    shutil.copy(espeak_wav, folder / "wavs" / "u1.wav")
    (folder / "metadata.csv").write_text("u1|卡尔普陪外孙玩滑梯。\n", encoding="utf-8")
    return folder


@pytest.fixture
def dump_test_set(tmp_path, espeak_wav):
    folder = tmp_path / "dump"
    (folder / "wavs").mkdir(parents=True)
    shutil.copy(espeak_wav, folder / "wavs" / "u2.wav")
    phonemes = " ".join(syllables_to_phonemes(["ka2", "er2", "pu3"], [0, 0, 4]))
    item = {"id": "u2", "speaker": "csmsc", "text": "卡尔普", "phonemes": phonemes,
            "mel": "mels/u2.npy", "audio": "wavs/u2.wav", "frames": 10}
    (folder / "test.jsonl").write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("which", ["text_test_set", "dump_test_set"])
def test_eval_acoustic_writes_csv_summary_and_report(which, request, checkpoint, tmp_path, capsys):
    test_set = request.getfixturevalue(which)
    out = tmp_path / "eval"
    report = tmp_path / "report.html"
    assert main(["eval", "acoustic", "--model", str(checkpoint), "--test-set", str(test_set),
                 "--out-dir", str(out), "--report", str(report)]) == 0
    rows = list(csv.DictReader(open(out / "utterances.csv", encoding="utf-8")))
    assert len(rows) == 1 and float(rows[0]["mcd_db"]) > 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["utterances"] == 1
    assert summary["alignment_failures"] == sum(1 for r in rows if r["flags"])
    assert set(rows[0]) >= {"log_f0_rmse", "duration_ratio", "focus_rate", "monotonicity", "stop_fired"}
    assert report.is_file() and "<audio" in report.read_text(encoding="utf-8")
    assert '"mcd_db_mean"' in capsys.readouterr().out
    assert summary["silence_gate"] == 2.5


def test_eval_without_the_silence_gate_says_so(dump_test_set, checkpoint, tmp_path):
    out = tmp_path / "eval"
    assert main(["eval", "acoustic", "--model", str(checkpoint), "--test-set", str(dump_test_set),
                 "--out-dir", str(out), "--no-silence-gate"]) == 0
    assert json.loads((out / "summary.json").read_text())["silence_gate"] is None


def test_eval_rejects_unknown_test_set(tmp_path, checkpoint, capsys):
    assert main(["eval", "acoustic", "--model", str(checkpoint), "--test-set", str(tmp_path)]) == 1
    assert "is not a test set" in capsys.readouterr().err
