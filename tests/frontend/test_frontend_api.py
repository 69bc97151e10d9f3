"""The `Frontend` contract: analyze() dataclasses, phonemes as in training labels, letters,
sentences, and the `tts frontend` command."""

import pytest

from frontend import prosody
from frontend.frontend import LETTERS, Analysis, Frontend, Sentence, split_sentences
from frontend.symbols import SYMBOL_TO_ID, syllables_to_phonemes
from tts.cli import main

needs_prosody = pytest.mark.skipif(not prosody.DEFAULT_CHECKPOINT.is_file(),
                                   reason="frontend/data/prosody.pt not built")


@pytest.fixture(scope="module")
def fe():
    return Frontend(lexicon="", polyphone_model=False)


def test_split_sentences():
    assert split_sentences("你好。我很好！“真的？”是的") == ["你好。", "我很好！", "“真的？”", "是的"]
    assert split_sentences("") == []


def test_analyze_structure_and_phonemes(fe):
    a = fe.analyze("我们去银行。你好！", prosody=False)
    assert isinstance(a, Analysis) and len(a.sentences) == 2
    s = a.sentences[0]
    assert isinstance(s, Sentence)
    assert s.text == "我们去银行。"
    assert [w.text for w in s.words] == ["我们", "去", "银行", "。"]
    assert [x.pinyin for x in s.syllables] == ["wo3", "men5", "qu4", "yin2", "hang2"]
    assert s.pinyin == ["wo3", "men5", "qu4", "yin2", "hang2", None]
    # the same function as the training labels, with the breaks carried by the syllables
    levels = [x.break_after for x in s.syllables]
    assert s.phonemes == syllables_to_phonemes([x.pinyin for x in s.syllables], levels)
    assert s.phonemes == ["uo3", "m", "en5", "q", "v4", "in2", "h", "ang2", "#4", "<eos>"]
    assert all(p in SYMBOL_TO_ID for p in a.phonemes)
    assert "我们/r" in str(a) and "yin2 hang2" in str(a)


def test_analyze_normalizes_text(fe):
    a = fe.analyze("我有3个苹果。", prosody=False)
    assert a.normalized == "我有三个苹果。"
    assert [x.pinyin for x in a.sentences[0].syllables][2] == "san1"


def test_letters_are_spoken(fe):
    assert {len(v) for v in LETTERS.values()} <= {1, 2, 3} and len(LETTERS) == 26
    s = fe.analyze("{AB|ei1 bi4}好", prosody=False).sentences[0]
    assert [x.pinyin for x in s.syllables] == ["ei1", "bi4", "hao3"]
    s = fe.analyze("我要W。", prosody=False).sentences[0]
    assert [x.pinyin for x in s.syllables][-3:] == ["da1", "bu5", "liu5"]


def test_email_address_is_spoken_with_at_and_dots(fe):
    # the normaliser keeps the address; analyze says its @ and dots, without a phrase break
    s = fe.analyze("发至a.b@qq.com。", prosody=True).sentences[0]
    said = [x.pinyin for x in s.syllables]
    assert said == ["fa1", "zhi4", "ei1", "dian3", "bi4", "ai4", "te4", "qiu1", "qiu1", "dian3",
                    "xi1", "ou1", "ai2", "mu5"]
    assert all(x.break_after <= 1 for x in s.syllables[2:-1])
    # a dot or an @ elsewhere is no part of an address and is not said
    s = fe.analyze("他说.好", prosody=False).sentences[0]
    assert [x.pinyin for x in s.syllables] == ["ta1", "shuo1", "hao3"]


def test_greek_letters_are_spoken(fe):
    # the normaliser keeps Greek letters, as it keeps Latin ones; the front end names them
    s = fe.analyze("若sin α=0.6，判别式Δ>0", prosody=False).sentences[0]
    pinyin = [x.pinyin for x in s.syllables]
    assert pinyin[5:8] == ["a1", "er3", "fa3"]  # 若, then ai2 si5 ai4 en1 for sin
    assert "de2 er3 ta3 da4 yu2 ling2" in " ".join(pinyin)
    assert all(p in SYMBOL_TO_ID for p in s.phonemes)


def test_erhua_in_phonemes(fe):
    s = fe.analyze("我们去玩儿。", prosody=False).sentences[0]
    assert [x.pinyin for x in s.syllables][-1] == "wanr2"
    assert s.phonemes[-4:] == ["uan2", "rr", "#4", "<eos>"]


def test_override_survives_normalization(fe):
    a = fe.analyze("{行|hang2}有3个", prosody=False)
    assert a.normalized == "行有三个"
    assert a.sentences[0].syllables[0].pinyin == "hang2"


def test_empty_and_punctuation_only(fe):
    assert fe.analyze("", prosody=False).sentences == []
    assert fe.analyze("。！", prosody=False).sentences == []


@needs_prosody
def test_analyze_with_prosody_carries_breaks(fe):
    s = fe.analyze("卡尔普陪外孙玩滑梯。").sentences[0]
    assert s.prosody_text().replace("#1", "").replace("#2", "").replace("#3", "") \
        .replace("#4", "") == "卡尔普陪外孙玩滑梯。"
    assert s.syllables[-1].break_after == 4
    assert fe.prosody("卡尔普陪外孙玩滑梯。").endswith("#4。")


def test_cli_frontend_prints_table(capsys):
    assert main(["frontend", "我们去银行。", "--no-prosody"]) == 0
    out = capsys.readouterr().out
    assert "normalized: 我们去银行。" in out
    assert "银行" in out and "yin2 hang2" in out and "phonemes:" in out
    assert "h ang2" in out


def test_cli_frontend_user_error_exits_1(capsys):
    assert main(["frontend", "{银行|yin2}", "--no-prosody"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tts frontend: error:") and "one syllable per character" in err


def test_compatibility_ideograph_reads_as_its_character(fe):
    # U+F900 is a compatibility form of 豈; pypinyin does not know it and once gave '-5'
    from frontend.pinyin import word_pinyin

    assert word_pinyin("\uf900") == ("qi3",) == word_pinyin("豈")
    assert fe.pinyin("\uf900") == ["qi3"]
    assert word_pinyin("\U000e0100") == (None,)  # a variation selector: no syllable, no junk
