"""SSML input: a documented subset of W3C SSML 1.1, turned into what the synthesizer reads.

    <speak>
      他在<phoneme alphabet="pinyin" ph="yin2 hang2">银行</phoneme>工作。
      <break time="500ms"/>
      电话<say-as interpret-as="telephone">010-6275 1234</say-as>，
      <prosody rate="slow">请慢慢说。</prosody>
    </speak>

Elements (anything else is an error that names it):

- `<speak>`: the root, exactly once. `version`, `xml:lang` and `xmlns*` attributes are accepted.
- `<break time="500ms|1.5s"/>` or `<break strength="none|x-weak|weak|medium|strong|x-strong"/>`:
  a pause of that length (at most `MAX_BREAK` seconds); a bare `<break/>` is `medium`.
- `<phoneme alphabet="pinyin" ph="hang2">行</phoneme>`: numbered pinyin, one syllable per
  character; it becomes the front end's inline override `{行|hang2}` and wins over every model.
- `<say-as interpret-as="...">`: `cardinal` (1234 -> 一千二百三十四, also -5, 3.14, 1,000),
  `digits` (2024 -> 二零二四), `telephone` (+86 10-6275 -> 加八六，幺零，六二七五: 幺 for 1, a
  short pause at each separator), `date` (2024-03-05, 2024/3/5, 3-5; `format` ymd, dmy, mdy, ym,
  my, md, dm or y gives the order of the fields, default by their count: ymd, ym or md, y).
- `<prosody rate="...">`: `x-slow|slow|medium|fast|x-fast|default`, `150%` (of the voice's
  rate), `+20%` / `-20%` (relative to the enclosing rate) or a multiplier `1.5`; 0.25-4.0 in
  the end. Other prosody attributes (pitch, volume) are not supported and are an error.

Text outside those elements goes through the front end as usual (normalisation, polyphones,
breaks). Safety: the document is parsed with expat, and any DOCTYPE or entity declaration is
refused before it can expand, so a "billion laughs" document costs nothing; only the five
predefined entities and character references (&#20013;) are understood.

`parse_ssml(text)` returns a list of `Span` (text at one rate) and `Break` (silence) items, in
order. A break or a change of rate starts a new span; phoneme and say-as stay inside theirs.
"""

import re
import unicodedata
from dataclasses import dataclass
from xml.parsers import expat

from frontend.errors import FrontendError
from frontend.lexicon import check_syllable
from frontend.tn.numbers import cardinal, decimal, digits

MAX_BREAK = 10.0  # seconds: a longer break is refused (a request must not ask for hours of silence)
# Pause lengths of break strengths, in seconds. `medium` is the sentence-internal pause of a
# comma (#3 in the synthesizer), `strong` a sentence end, `x-strong` a paragraph.
BREAK_STRENGTHS = {"none": 0.0, "x-weak": 0.05, "weak": 0.1, "medium": 0.2, "strong": 0.4,
                   "x-strong": 0.8}
# Speaking-rate labels as multipliers of the voice's rate.
RATE_LABELS = {"x-slow": 0.5, "slow": 0.75, "medium": 1.0, "default": 1.0, "fast": 1.5,
               "x-fast": 2.0}
MIN_RATE, MAX_RATE = 0.25, 4.0  # as the synthesizer's `speed`
SAY_AS = ("cardinal", "digits", "telephone", "date")
DATE_FORMATS = ("ymd", "dmy", "mdy", "ym", "my", "md", "dm", "y")


@dataclass
class Span:
    text: str  # front-end input: text with `{字|pinyin}` overrides
    rate: float = 1.0  # speaking rate, a multiplier of the voice's own


@dataclass
class Break:
    seconds: float


@dataclass
class _Element:
    tag: str
    attrs: dict
    line: int
    children: list  # _Element or str


def _where(element):
    return f"<{element.tag}> on line {element.line}"


def _parse_xml(ssml):
    """SSML string -> root _Element, with DOCTYPE and entity declarations refused."""
    parser = expat.ParserCreate()
    stack = [_Element("", {}, 0, [])]

    def refuse(*_):
        raise FrontendError(f"SSML line {parser.CurrentLineNumber}: DOCTYPE and entity "
                            f"declarations are not allowed")

    def start(tag, attrs):
        element = _Element(tag, attrs, parser.CurrentLineNumber, [])
        stack[-1].children.append(element)
        stack.append(element)

    def end(tag):
        stack.pop()

    def text(data):
        children = stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(ssml, True)
    except expat.ExpatError as err:
        raise FrontendError(f"malformed SSML: {expat.ErrorString(err.code)} (line {err.lineno}, "
                            f"column {err.offset + 1})") from None
    elements = [c for c in stack[0].children if isinstance(c, _Element)]
    return elements[0]  # expat guarantees exactly one root element


def _check_attrs(element, allowed):
    for name in element.attrs:
        if name not in allowed:
            known = ", ".join(allowed) or "none"
            raise FrontendError(f"SSML {_where(element)}: unsupported attribute {name!r} "
                                f"(supported: {known})")


def _plain_text(element):
    """The text inside an element that may hold text only."""
    for child in element.children:
        if isinstance(child, _Element):
            raise FrontendError(f"SSML {_where(element)}: may contain text only, found <{child.tag}>")
    text = " ".join("".join(element.children).split())
    if not text:
        raise FrontendError(f"SSML {_where(element)}: is empty")
    return text


def parse_break(element):
    _check_attrs(element, ("time", "strength"))
    if element.children:
        raise FrontendError(f"SSML {_where(element)}: must be empty (<break time=\"500ms\"/>)")
    if "time" in element.attrs:
        m = re.fullmatch(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s)\s*", element.attrs["time"])
        if not m:
            raise FrontendError(f"SSML {_where(element)}: time {element.attrs['time']!r} is not "
                                f"a duration like '500ms' or '1.5s'")
        seconds = float(m.group(1)) / (1000.0 if m.group(2) == "ms" else 1.0)
        if seconds > MAX_BREAK:
            raise FrontendError(f"SSML {_where(element)}: a break is at most {MAX_BREAK:g} s, "
                                f"got {element.attrs['time']!r}")
        return seconds
    strength = element.attrs.get("strength", "medium")
    if strength not in BREAK_STRENGTHS:
        raise FrontendError(f"SSML {_where(element)}: strength {strength!r} is not one of "
                            f"{', '.join(BREAK_STRENGTHS)}")
    return BREAK_STRENGTHS[strength]


def parse_rate(value, enclosing, where="<prosody>"):
    """A prosody rate attribute -> multiplier of the voice's rate."""
    v = value.strip()
    if v in RATE_LABELS:
        rate = RATE_LABELS[v]
    elif re.fullmatch(r"[+-]\d+(?:\.\d+)?%", v):
        rate = enclosing * (1.0 + float(v[:-1]) / 100.0)
    elif re.fullmatch(r"\d+(?:\.\d+)?%", v):
        rate = float(v[:-1]) / 100.0
    elif re.fullmatch(r"\d+(?:\.\d+)?", v):
        rate = float(v)
    else:
        raise FrontendError(f"SSML {where}: rate {value!r} is not a label "
                            f"({', '.join(RATE_LABELS)}), a percentage or a number")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise FrontendError(f"SSML {where}: rate {value!r} gives {rate:g} times the voice's rate; "
                            f"it must be between {MIN_RATE} and {MAX_RATE}")
    return rate


def phoneme_text(element):
    """<phoneme alphabet="pinyin" ph=".."> -> the front end's override `{TEXT|PINYIN}`."""
    _check_attrs(element, ("alphabet", "ph"))
    if element.attrs.get("alphabet") != "pinyin":
        raise FrontendError(f"SSML {_where(element)}: only alphabet=\"pinyin\" is supported, got "
                            f"{element.attrs.get('alphabet')!r}")
    text = _plain_text(element).replace(" ", "")
    syllables = element.attrs.get("ph", "").split()
    if any(c in "{}|" for c in text):
        raise FrontendError(f"SSML {_where(element)}: the text may not contain {{, }} or |")
    if len(syllables) != len(text):
        raise FrontendError(f"SSML {_where(element)}: {len(text)} characters in {text!r} but "
                            f"{len(syllables)} syllables in ph={element.attrs.get('ph', '')!r}; "
                            f"give one numbered pinyin syllable per character")
    readings = [check_syllable(s, f"SSML {_where(element)}") for s in syllables]
    return "{" + text + "|" + " ".join(readings) + "}"


def say_as_text(element):
    """<say-as interpret-as=".."> -> Chinese characters, as a Mandarin speaker reads it."""
    _check_attrs(element, ("interpret-as", "format"))
    kind = element.attrs.get("interpret-as")
    if kind not in SAY_AS:
        raise FrontendError(f"SSML {_where(element)}: interpret-as {kind!r} is not supported "
                            f"(supported: {', '.join(SAY_AS)})")
    if "format" in element.attrs and kind != "date":
        raise FrontendError(f"SSML {_where(element)}: format is only for interpret-as=\"date\"")
    text = unicodedata.normalize("NFKC", _plain_text(element))
    if kind == "digits":
        value = text.replace(" ", "")
        if not re.fullmatch(r"\d+", value, re.ASCII):
            raise FrontendError(f"SSML {_where(element)}: digits expects only digits, got {text!r}")
        return digits(value)
    if kind == "cardinal":
        m = re.fullmatch(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?", text.replace(" ", ""), re.ASCII)
        if not m:
            raise FrontendError(f"SSML {_where(element)}: cardinal expects a number like 1234, "
                                f"-5 or 3.14, got {text!r}")
        sign = "负" if m.group(1) == "-" else ""
        return sign + decimal(m.group(2).replace(",", ""), m.group(3) or "")
    if kind == "telephone":
        if not re.fullmatch(r"\+?[\d\s()\-.]*\d[\d\s()\-.]*", text, re.ASCII):
            raise FrontendError(f"SSML {_where(element)}: telephone expects digits with optional "
                                f"+, spaces, dashes or brackets, got {text!r}")
        groups = re.findall(r"\d+", text)
        spoken = "，".join(digits(g).replace("一", "幺") for g in groups)
        return ("加" if text.startswith("+") else "") + spoken
    return _date(element, text)


def _date(element, text):
    fields = re.split(r"[-/.]", text.replace(" ", ""))
    if not all(re.fullmatch(r"\d+", f, re.ASCII) for f in fields) or len(fields) > 3:
        raise FrontendError(f"SSML {_where(element)}: date expects numbers separated by -, / or "
                            f"., like 2024-03-05, got {text!r}")
    fmt = element.attrs.get("format")
    if fmt is None:
        fmt = {3: "ymd", 2: "ym" if len(fields[0]) == 4 else "md", 1: "y"}[len(fields)]
    if fmt not in DATE_FORMATS:
        raise FrontendError(f"SSML {_where(element)}: date format {fmt!r} is not one of "
                            f"{', '.join(DATE_FORMATS)}")
    if len(fmt) != len(fields):
        raise FrontendError(f"SSML {_where(element)}: format {fmt!r} needs {len(fmt)} fields, "
                            f"{text!r} has {len(fields)}")
    value = dict(zip(fmt, fields))
    out = ""
    if "y" in value:
        out += digits(value["y"]) + "年"
    if "m" in value:
        if not 1 <= int(value["m"]) <= 12:
            raise FrontendError(f"SSML {_where(element)}: month {value['m']} is not 1-12")
        out += cardinal(value["m"], liang=False) + "月"
    if "d" in value:
        if not 1 <= int(value["d"]) <= 31:
            raise FrontendError(f"SSML {_where(element)}: day {value['d']} is not 1-31")
        out += cardinal(value["d"], liang=False) + "日"
    return out


def parse_ssml(ssml):
    """An SSML document -> [Span | Break] in order (see the module docstring).

    Raises FrontendError naming the problem for malformed XML, a DOCTYPE or entity declaration,
    an unsupported element or attribute, or a bad value."""
    if not isinstance(ssml, str):
        raise FrontendError(f"SSML must be a string, got {type(ssml).__name__}")
    root = _parse_xml(ssml)
    if root.tag != "speak":
        raise FrontendError(f"SSML: the root element must be <speak>, got <{root.tag}>")
    for name in root.attrs:
        if not (name in ("version", "xml:lang") or name.startswith(("xmlns", "xsi:"))):
            raise FrontendError(f"SSML {_where(root)}: unsupported attribute {name!r}")
    items = []
    current = []  # text pieces of the span being built
    state = {"rate": 1.0}

    def close_span():
        text = " ".join("".join(current).split())
        if text:
            items.append(Span(text, state["rate"]))
        current.clear()

    def walk(element, rate):
        for child in element.children:
            if isinstance(child, str):
                if rate != state["rate"] and child.strip():
                    close_span()
                    state["rate"] = rate
                current.append(child)
            elif child.tag == "break":
                seconds = parse_break(child)
                close_span()
                items.append(Break(seconds))
            elif child.tag in ("phoneme", "say-as"):
                if rate != state["rate"]:
                    close_span()
                    state["rate"] = rate
                current.append(phoneme_text(child) if child.tag == "phoneme" else say_as_text(child))
            elif child.tag == "prosody":
                _check_attrs(child, ("rate",))
                inner = parse_rate(child.attrs["rate"], rate, _where(child)) if "rate" in child.attrs else rate
                walk(child, inner)
            elif child.tag == "speak":
                raise FrontendError(f"SSML {_where(child)}: <speak> may appear only once, as the root")
            else:
                raise FrontendError(f"SSML {_where(child)}: unsupported element (supported: speak, "
                                    f"break, phoneme, say-as, prosody)")

    walk(root, 1.0)
    close_span()
    if not any(isinstance(item, Span) for item in items):
        raise FrontendError("SSML: nothing to say (no text inside <speak>)")
    return items


def spoken_length(items):
    """Characters of text in parsed SSML (the server's length limit applies to this)."""
    return sum(len(item.text) for item in items if isinstance(item, Span))
