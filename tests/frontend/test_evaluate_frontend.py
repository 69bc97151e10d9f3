import json

import pytest

from frontend import Frontend
from frontend.evaluate import edit_distance, eval_csmsc, eval_polyphones, eval_tn
from frontend.errors import FrontendError
from tts.cli import main


@pytest.fixture(scope="module")
def fe():
    return Frontend()


def test_edit_distance():
    assert edit_distance([], []) == 0
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance(["a1", "b2"], ["a1", "b2", "c3"]) == 1


def test_tn_scores_exact_match_ignoring_punctuation(fe, tmp_path):
    tsv = tmp_path / "tn.tsv"
    tsv.write_text("# comment\nnum\t我有3个苹果。\t我有三个苹果\nnum\t第2名\t第十名\ndate\t5月2日\t五月二日。\n",
                   encoding="utf-8")
    result = eval_tn(fe, tsv)
    assert result["cases"] == 3 and result["exact"] == pytest.approx(2 / 3)
    assert result["by_category"] == {"date": 1.0, "num": 0.5}
    assert result["failures"] == [{"input": "第2名", "expected": "第十名", "got": "第二名"}]
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one column\n", encoding="utf-8")
    with pytest.raises(FrontendError, match="bad.tsv:1"):
        eval_tn(fe, bad)


def test_polyphones_in_cpp_format(fe, tmp_path):
    (tmp_path / "s").write_text("他在▁银▁行工作。\n我们▁长▁大了。\n", encoding="utf-8")
    (tmp_path / "l").write_text("yin2\nzhang3\n", encoding="utf-8")
    assert eval_polyphones(fe, tmp_path / "s", tmp_path / "l") == {"sentences": 2, "accuracy": 1.0}
    (tmp_path / "l").write_text("yin2\n", encoding="utf-8")
    with pytest.raises(FrontendError, match="lines"):
        eval_polyphones(fe, tmp_path / "s", tmp_path / "l")


def test_csmsc_scores_against_own_output(fe, tmp_path):
    # labels made from the front end's own output, with one syllable changed: SER is exactly
    # 1 / syllables and every prosody F1 is 1.
    texts = ["今天天气很好，我们去公园散步。", "他把书放在桌子上。"]
    lines = []
    total = 0
    for i, text in enumerate(texts, 1):
        syllables = [s for s in fe.pinyin(text) if s]
        total += len(syllables)
        if i == 1:
            syllables[0] = "ma1"
        lines += [f"{i:06d}\t{fe.prosody(text)}", "\t" + " ".join(syllables)]
    path = tmp_path / "labels.txt"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = eval_csmsc(fe, path)
    assert result["syllable_error_rate"] == pytest.approx(1 / total)
    assert result["PW_f1"] == pytest.approx(1.0) and result["IPH_f1"] == pytest.approx(1.0)
    # PPH is 1 too, unless the front end put no #2 in these sentences (then nothing is scored)
    assert result["PPH_f1"] == pytest.approx(1.0) or result["PPH_recall"] == result["PPH_precision"] == 0


def test_cli(tmp_path, capsys):
    tsv = tmp_path / "tn.tsv"
    tsv.write_text("我有3个苹果。\t我有三个苹果。\n", encoding="utf-8")
    assert main(["eval", "frontend", "--tn", str(tsv)]) == 0
    assert json.loads(capsys.readouterr().out)["tn"]["exact"] == 1.0
    assert main(["eval", "frontend"]) == 1
    assert "give at least one of" in capsys.readouterr().err
    assert main(["eval", "frontend", "--tn", str(tmp_path / "missing.tsv")]) == 1
    assert "file not found" in capsys.readouterr().err
