import pytest

from frontend.symbols import (
    EOS,
    SYMBOL_SET_VERSION,
    SYMBOLS,
    PinyinError,
    phonemes_to_ids,
    syllable_to_phonemes,
    syllables_to_phonemes,
)


@pytest.mark.parametrize(
    "syllable, phones",
    [
        ("zhang1", ["zh", "ang1"]), ("an4", ["an4"]), ("ka2", ["k", "a2"]),
        ("yi1", ["i1"]), ("ya1", ["ia1"]), ("you3", ["iou3"]), ("yong3", ["iong3"]),
        ("wu3", ["u3"]), ("wei4", ["uei4"]), ("wen2", ["uen2"]),
        ("yu2", ["v2"]), ("yue4", ["ve4"]), ("yuan2", ["van2"]), ("yun2", ["vn2"]),
        ("ju4", ["j", "v4"]), ("qun2", ["q", "vn2"]), ("xue2", ["x", "ve2"]),
        ("lv4", ["l", "v4"]), ("nve4", ["n", "ve4"]), ("lü4", ["l", "v4"]), ("lu:4", ["l", "v4"]),
        ("niu2", ["n", "iou2"]), ("gui4", ["g", "uei4"]), ("lun4", ["l", "uen4"]),
        ("zi5", ["z", "ii5"]), ("si1", ["s", "ii1"]), ("shi4", ["sh", "iii4"]), ("ri4", ["r", "iii4"]),
        ("er2", ["er2"]), ("wanr2", ["uan2", "rr"]), ("huar1", ["h", "ua1", "rr"]),
        ("zhir4", ["zh", "iii4", "rr"]), ("ng2", ["ng2"]), ("m2", ["m2"]), ("hm5", ["m5"]),
        ("de", ["d", "e5"]), ("ma0", ["m", "a5"]),
    ],
)
def test_syllable_to_phonemes(syllable, phones):
    assert syllable_to_phonemes(syllable) == phones


@pytest.mark.parametrize("bad", ["", "x", "qa1", "P", "IY1", "hello", "zh", "7"])
def test_not_a_syllable(bad):
    with pytest.raises(PinyinError):
        syllable_to_phonemes(bad)


def test_every_phone_is_a_symbol():
    for syllable in ["zhang1", "wanr2", "lv4", "ng2", "shi4", "yuan2"]:
        assert all(p in SYMBOLS for p in syllable_to_phonemes(syllable))


def test_utterance_with_breaks():
    phones = syllables_to_phonemes(["ka2", "er2", "pu3", "pei2"], [0, 0, 2, 4])
    assert phones == ["k", "a2", "er2", "p", "u3", "#2", "p", "ei2", "#4", EOS]
    with pytest.raises(ValueError):
        syllables_to_phonemes(["ka2"], [0, 1])


def test_table_is_stable():
    # The symbol table is versioned: changing it silently would break every trained checkpoint.
    assert SYMBOL_SET_VERSION == "zh-v1"
    assert len(SYMBOLS) == len(set(SYMBOLS)) == 240
    assert SYMBOLS[:9] == ["<pad>", "<unk>", "<eos>", "sil", "#1", "#2", "#3", "#4", "rr"]
    assert phonemes_to_ids(["<pad>", "k", "nonsense"]) == [0, SYMBOLS.index("k"), 1]
