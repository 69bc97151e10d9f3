"""The front end's segmenter (`frontend.segment`: PosDictionary, PosHMM) against jieba.posseg itself,
without (the pinyin path) and with (the prosody model) the HMM step."""

import logging
import re
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontend import segment as seg

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FIXED = [
    "我们去银行。", "他说：“我们去银行。”OK 12.5%", "iPhone 12 Pro 的价格是 5,999.00 元，AT&T 和 c# C++",
    "50% 3.14 x-ray  \r\n tab\t末尾", "ＡＢＣ１２３ abc123 Ⅻ ①②", "中华人民共和国国务院总理李克强",
    "结婚的和尚未结婚的", "南京市长江大桥", "a", "。", " ", "一九九八年", "王小明在北京大学读书",
]
ALPHABET = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"  # noqa: E501


@pytest.fixture(scope="module")
def jieba_posseg():
    """A fresh jieba: the shared `jieba.posseg.dt` holds whatever words other tests added."""
    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


@pytest.fixture(scope="module")
def ours():
    return seg.PosDictionary.open()


# Names and rare characters that the dictionary leaves single: the HMM's part
UNKNOWN = ["张晓飒和李郝婷去了呼和浩特的珐琅馆。", "峣岈嵖岈山，犇骉猋，龘靐齉。", "乌兰巴日嘎拉图和阿依古丽",
           "歘欻𠮷，丼丶丿乂乜，2B铅笔x光", "芈月传的芈姓，亓官、毌丘、甪里"]


def _jieba_cut(tok, text, hmm=False):
    return [(p.word, p.flag) for p in tok.cut(text, HMM=hmm)]


@pytest.mark.parametrize("hmm", [False, True], ids=["no-hmm", "hmm"])
@pytest.mark.parametrize("text", FIXED + UNKNOWN)
def test_same_as_jieba_on_fixed_sentences(jieba_posseg, ours, text, hmm):
    assert ours.cut(text, hmm=hmm) == _jieba_cut(jieba_posseg, text, hmm)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET + "abcXYZ019 .,%#&+_-。，！？“”\t\n峣岈犇骉龘芈亓"),
               max_size=40), st.booleans())
def test_same_as_jieba_on_random_strings(jieba_posseg, ours, text, hmm):
    assert ours.cut(text, hmm=hmm) == _jieba_cut(jieba_posseg, text, hmm)


@pytest.mark.skipif(not (DATA / "csmsc" / "000001-009000.txt").is_file(),
                    reason="shared CSMSC labels not here")
@pytest.mark.parametrize("hmm", [False, True], ids=["no-hmm", "hmm"])
def test_same_as_jieba_on_csmsc(jieba_posseg, ours, hmm):
    """All 9,000 sentences; with the HMM about 9 s for jieba, 3 s for ours."""
    lines = (DATA / "csmsc" / "000001-009000.txt").read_text(encoding="utf-8").splitlines()
    texts = [re.sub(r"#[1-4]", "", ln.split("\t")[1]) for ln in lines[0::2] if "\t" in ln]
    assert len(texts) > 8000
    differ = [t for t in texts if ours.cut(t, hmm=hmm) != _jieba_cut(jieba_posseg, t, hmm)]
    assert differ == []


def test_user_words_as_jieba_adds_them():
    """Fresh instances on both sides (the module's shared ones stay untouched)."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    ours = seg.PosDictionary.open()
    words = [("行长还", "n", None), ("张小行", "nr", None), ("银行行长", None, None),
             ("天安门广场", None, 5), ("重工业", "n", 1000)]
    text = "他说银行行长还没有来，张小行在天安门广场看重工业。"
    assert ours.cut(text) == _jieba_cut(tok, text)
    for word, pos, freq in words:
        seg._apply(tok, word, pos, freq)
        seg._apply(ours, word, pos, freq)
        assert ours.total == tok.tokenizer.total
        for hmm in (False, True):
            assert ours.cut(text, hmm=hmm) == _jieba_cut(tok, text, hmm)
    cut = ours.cut(text)
    assert ("张小行", "nr") in cut and "银行行长" in [w for w, _ in cut]  # the later word wins


def test_cache_is_rebuilt_when_missing_or_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(seg.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    built = seg.PosDictionary.open()
    files = list((tmp_path / "zhtts").glob("jieba-pos-*.marshal"))
    assert len(files) == 1
    files[0].write_bytes(b"\x00" * 16)  # damaged: rebuilt, not trusted
    again = seg.PosDictionary.open()
    assert again.total == built.total
    assert again.cut("南京市长江大桥") == built.cut("南京市长江大桥")
    assert files[0].stat().st_size > 1_000_000


def test_hmm_cache_is_rebuilt_and_read_lazily(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(seg.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    built = seg.PosHMM.open()
    files = list((tmp_path / "zhtts").glob("jieba-hmm-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 1_000_000
    read = seg.PosHMM.open()  # from the file now
    assert not read._chars  # no character's emissions read yet
    assert read.cut("李郝婷") == built.cut("李郝婷") == [("李郝婷", "nr")]
    assert set(read._chars) == set("李郝婷")
    files[0].write_bytes(b"\x00" * 16)
    assert seg.PosHMM.open().cut("李郝婷") == [("李郝婷", "nr")]


def test_segment_uses_both_paths():
    text = "王小明在北京大学读书。"
    assert "".join(w for w, _ in seg.segment(text, hmm=False)) == text
    assert "".join(w for w, _ in seg.segment(text, hmm=True)) == text
    assert seg.segment("", hmm=False) == []
