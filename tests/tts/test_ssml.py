import numpy as np
import pytest
import soundfile
import torch

from frontend.errors import FrontendError
from frontend.ssml import Break, Span, parse_ssml, spoken_length
from tts.cli import main
from tts.models.tacotron2 import Tacotron2
from tts.synthesizer import PAUSES, Synthesizer
from tts.vocoders import GriffinLim


def speak(body):
    return f"<speak>{body}</speak>"


# --- parsing: every element ---------------------------------------------------------------------

def test_plain_text_is_one_span():
    assert parse_ssml(speak("今天天气很好。")) == [Span("今天天气很好。", 1.0)]


def test_namespace_and_lang_attributes_are_accepted():
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<speak version="1.1" '
           'xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="zh-CN">\n  你好。\n</speak>')
    assert parse_ssml(doc) == [Span("你好。", 1.0)]


@pytest.mark.parametrize("tag, seconds", [
    ('<break time="500ms"/>', 0.5), ('<break time="1.5s"/>', 1.5), ('<break time="0ms"/>', 0.0),
    ('<break strength="none"/>', 0.0), ('<break strength="x-strong"/>', 0.8),
    ('<break/>', 0.2), ('<break strength="weak"></break>', 0.1),
])
def test_break(tag, seconds):
    assert parse_ssml(speak(f"你好{tag}世界")) == [Span("你好"), Break(seconds), Span("世界")]


def test_phoneme_becomes_an_inline_override():
    items = parse_ssml(speak('他在<phoneme alphabet="pinyin" ph="yin2 hang2">银行</phoneme>工作'))
    assert items == [Span("他在{银行|yin2 hang2}工作")]


@pytest.mark.parametrize("kind, text, said", [
    ("cardinal", "1234", "一千二百三十四"),
    ("cardinal", "-5", "负五"),
    ("cardinal", "3.14", "三点一四"),
    ("cardinal", "1,000,000", "一百万"),
    ("cardinal", "２０", "二十"),  # full-width digits
    ("digits", "2024", "二零二四"),
    ("digits", "10 086", "一零零八六"),
    ("telephone", "13800138000", "幺三八零零幺三八零零零"),
    ("telephone", "+86 010-6275", "加八六，零幺零，六二七五"),
    ("date", "2024-03-05", "二零二四年三月五日"),
    ("date", "2024/3", "二零二四年三月"),
    ("date", "12.25", "十二月二十五日"),
    ("date", "1999", "一九九九年"),
])
def test_say_as(kind, text, said):
    assert parse_ssml(speak(f'<say-as interpret-as="{kind}">{text}</say-as>')) == [Span(said)]


@pytest.mark.parametrize("fmt, text, said", [
    ("dmy", "05/03/2024", "二零二四年三月五日"),
    ("mdy", "3-5-2024", "二零二四年三月五日"),
    ("dm", "25.12", "十二月二十五日"),
])
def test_say_as_date_format(fmt, text, said):
    doc = speak(f'<say-as interpret-as="date" format="{fmt}">{text}</say-as>')
    assert parse_ssml(doc) == [Span(said)]


@pytest.mark.parametrize("rate, value", [
    ("x-slow", 0.5), ("slow", 0.75), ("medium", 1.0), ("fast", 1.5), ("x-fast", 2.0),
    ("150%", 1.5), ("80%", 0.8), ("+50%", 1.5), ("-20%", 0.8), ("2", 2.0),
])
def test_prosody_rate(rate, value):
    items = parse_ssml(speak(f'请<prosody rate="{rate}">慢慢说</prosody>。'))
    if value == 1.0:  # the same rate as around it: one span
        assert items == [Span("请慢慢说。", 1.0)]
    else:
        assert items == [Span("请", 1.0), Span("慢慢说", value), Span("。", 1.0)]


# --- nesting ------------------------------------------------------------------------------------

def test_nesting_keeps_order_and_rates():
    doc = speak('开始<prosody rate="50%">慢<prosody rate="+100%">正常'
                '<say-as interpret-as="digits">12</say-as><break time="1s"/>'
                '<phoneme alphabet="pinyin" ph="xing2">行</phoneme></prosody>慢</prosody>结束')
    assert parse_ssml(doc) == [
        Span("开始", 1.0), Span("慢", 0.5), Span("正常一二", 1.0), Break(1.0),
        Span("{行|xing2}", 1.0), Span("慢", 0.5), Span("结束", 1.0),
    ]


def test_whitespace_is_collapsed_and_does_not_split_spans():
    doc = '<speak>\n  <prosody rate="slow">一</prosody>\n  <prosody rate="slow">二</prosody>\n</speak>'
    assert parse_ssml(doc) == [Span("一 二", 0.75)]


def test_entities_and_character_references():
    assert parse_ssml(speak("A&amp;B &#20013;&#x6587;")) == [Span("A&B 中文")]
    assert spoken_length(parse_ssml(speak("你好<break/>世界"))) == 4


# --- malformed input and unsupported features ----------------------------------------------------

@pytest.mark.parametrize("doc, message", [
    ("<speak>你好", "malformed SSML: no element found"),
    ("<speak>你好</spek>", "malformed SSML: mismatched tag"),
    ("你好", "malformed SSML: syntax error"),
    ("", "malformed SSML"),
    ("<speak>a &nbsp; b</speak>", "malformed SSML: undefined entity"),
    ("<voice>你好</voice>", "root element must be <speak>"),
    (speak("<speak>你好</speak>"), "only once"),
    (speak("<emphasis>你好</emphasis>"), "<emphasis> on line 1: unsupported element"),
    (speak('<break time="forever"/>'), "not a duration"),
    (speak('<break time="11s"/>'), "at most 10 s"),
    (speak('<break strength="loud"/>'), "strength 'loud'"),
    (speak('<break time="1s">x</break>'), "must be empty"),
    (speak('<phoneme alphabet="ipa" ph="xaŋ">行</phoneme>'), 'only alphabet="pinyin"'),
    (speak('<phoneme alphabet="pinyin" ph="yin2">银行</phoneme>'), "2 characters"),
    (speak('<phoneme alphabet="pinyin" ph="hang">行</phoneme>'), "no tone number"),
    (speak('<phoneme alphabet="pinyin" ph="xx9">行</phoneme>'), "xx9"),
    (speak('<phoneme alphabet="pinyin" ph="a1"><break/></phoneme>'), "text only"),
    (speak('<say-as interpret-as="ordinal">3</say-as>'), "interpret-as 'ordinal'"),
    (speak('<say-as interpret-as="cardinal">abc</say-as>'), "cardinal expects a number"),
    (speak('<say-as interpret-as="digits">12a</say-as>'), "digits expects only digits"),
    (speak('<say-as interpret-as="telephone">call me</say-as>'), "telephone expects"),
    (speak('<say-as interpret-as="date">2024-13-01</say-as>'), "month 13"),
    (speak('<say-as interpret-as="date" format="ymd">2024-03</say-as>'), "needs 3 fields"),
    (speak('<say-as interpret-as="digits" format="ymd">12</say-as>'), "format is only"),
    (speak('<say-as interpret-as="digits"></say-as>'), "is empty"),
    (speak('<prosody rate="warp">快</prosody>'), "rate 'warp'"),
    (speak('<prosody rate="1000%">快</prosody>'), "between 0.25 and 4.0"),
    (speak('<prosody pitch="high">高</prosody>'), "unsupported attribute 'pitch'"),
    (speak('<break/>'), "nothing to say"),
])
def test_malformed_ssml_is_a_clear_error(doc, message):
    with pytest.raises(FrontendError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_ssml(doc)


def test_error_names_the_line():
    with pytest.raises(FrontendError, match="line 3"):
        parse_ssml("<speak>\n一\n<bold>二</bold></speak>")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE speak [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<speak>&lol9;</speak>"""


def test_entity_expansion_attack_is_rejected():
    with pytest.raises(FrontendError, match="DOCTYPE and entity declarations are not allowed"):
        parse_ssml(BILLION_LAUGHS)


@pytest.mark.parametrize("doc", [
    '<!DOCTYPE speak SYSTEM "file:///etc/passwd"><speak>你好</speak>',
    '<!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak>&x;</speak>',
    '<!DOCTYPE speak><speak>你好</speak>',
])
def test_any_doctype_is_rejected(doc):
    with pytest.raises(FrontendError, match="DOCTYPE"):
        parse_ssml(doc)


# --- through the synthesizer and the CLI ------------------------------------------------------

@pytest.fixture(scope="module")
def synth(checkpoint):
    model = Tacotron2.from_checkpoint(checkpoint)
    synth = Synthesizer(model, GriffinLim(model.mel_config, n_iter=2))
    synth.frontend.analyze("你好。")  # load the front end's models now: loading draws random numbers
    return synth


def _seeded(synth, **kwargs):
    torch.manual_seed(3)  # the prenet's dropout stays on at inference
    return synth.synthesize(**kwargs)


def test_ssml_and_text_give_the_same_audio(synth):
    plain = _seeded(synth, text="你好。")
    marked = _seeded(synth, ssml=speak("你好。"))
    np.testing.assert_array_equal(plain.audio, marked.audio)


def test_break_sets_the_pause_exactly(synth):
    short = _seeded(synth, ssml=speak('你好<break time="100ms"/>世界'))
    long = _seeded(synth, ssml=speak('你好<break time="1s"/>世界'))
    assert [p.pause_after for p in long.pieces] == [1.0, 0.0]
    assert len(long.audio) - len(short.audio) == round(0.9 * synth.sample_rate)


def test_leading_and_trailing_breaks_are_silence(synth):
    result = _seeded(synth, ssml=speak('<break time="200ms"/>你好<break time="300ms"/><break time="200ms"/>'))
    sr = synth.sample_rate
    assert result.pieces[0].pause_before == pytest.approx(0.2)
    assert result.pieces[-1].pause_after == pytest.approx(0.5)  # consecutive breaks add
    assert not result.audio[:int(0.2 * sr)].any() and not result.audio[-int(0.5 * sr):].any()


def test_span_boundary_pause_follows_punctuation(synth):
    result = _seeded(synth, ssml=speak('一。<prosody rate="fast">二，</prosody>三<prosody rate="slow">四</prosody>五'))
    assert [p.pause_after for p in result.pieces] == [PAUSES["#4"], PAUSES["#3"], PAUSES["#2"], PAUSES["#2"], 0.0]


def test_prosody_rate_changes_duration(synth):
    normal = _seeded(synth, ssml=speak("你好。")).pieces[0].mel.shape[1]
    fast = _seeded(synth, ssml=speak('<prosody rate="200%">你好。</prosody>')).pieces[0]
    assert fast.rate == 2.0 and fast.mel.shape[1] == round(normal / 2)
    both = _seeded(synth, ssml=speak('<prosody rate="200%">你好。</prosody>'), speed=0.5)
    assert both.pieces[0].mel.shape[1] == normal  # the span's rate times the call's speed


def test_phoneme_reaches_the_phonemes(synth):
    result = synth.synthesize(ssml=speak('<phoneme alphabet="pinyin" ph="hang2">行</phoneme>不行'))
    assert result.analysis[0].sentences[0].pinyin[0] == "hang2"
    plain = synth.synthesize("行不行")
    assert plain.analysis.sentences[0].pinyin[0] != "hang2"


def test_stream_matches_synth_for_ssml(synth):
    doc = speak('<break time="100ms"/>你好<break time="250ms"/>世界')
    torch.manual_seed(4)
    streamed = np.concatenate(list(synth.stream(ssml=doc)))
    torch.manual_seed(4)
    whole, _ = synth.synth(ssml=doc)
    assert len(streamed) == len(whole)
    assert not streamed[:int(0.1 * synth.sample_rate)].any()


def test_text_and_ssml_together_is_an_error(synth):
    from tts.errors import TTSError

    with pytest.raises(TTSError, match="not both"):
        synth.synth("你好", ssml=speak("你好"))


def test_cli_ssml(checkpoint, tmp_path, capsys):
    out = tmp_path / "out.wav"
    doc = speak('你好<break time="500ms"/><say-as interpret-as="digits">12</say-as>')
    assert main(["synth", "--ssml", doc, "-o", str(out), "--model", str(checkpoint)]) == 0
    audio, sr = soundfile.read(out)
    assert sr == 22050 and len(audio) > 0.5 * sr


def test_cli_malformed_ssml_is_one_line(checkpoint, tmp_path, capsys):
    code = main(["synth", "--ssml", "<speak>你好</spek>", "-o", str(tmp_path / "x.wav"),
                 "--model", str(checkpoint)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("tts synth: error: malformed SSML: mismatched tag (line 1")
