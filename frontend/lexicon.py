"""User control over readings: a lexicon file and an inline override. Both win over every model
and over tone sandhi (what the user writes is what is said).

User lexicon file (UTF-8), one entry a line, '#' starts a comment line:

    银行<TAB>yin2 hang2<TAB>n
    重庆<TAB>chong2 qing4

word, TAB, numbered pinyin with one syllable per character (spaces between), and an optional
jieba POS tag. Give it as `Frontend(lexicon="my.tsv")`, `tts frontend --lexicon my.tsv`, or in the
environment variable `TTS_LEXICON` (read when a `Frontend` is made without `lexicon`). Its words
are added to the segmenter so they stay whole.

Inline override, for one-off fixes inside the text: `{TEXT|PINYIN}` with one syllable per
character of TEXT, e.g. `他在{银行|yin2 hang2}工作`, `{行|xing2}不行`. The braces and the pinyin
are removed before anything else runs; `pinyin()` then gives one entry per character of the
remaining text. Syllables are checked against the phone set; a bad one raises FrontendError.
"""

import os
import re
from pathlib import Path

from frontend.errors import FrontendError

LEXICON_ENV = "TTS_LEXICON"
OVERRIDE_RE = re.compile(r"\{([^{}|]+)\|([^{}|]*)\}")


def check_syllable(syllable, where):
    from frontend.symbols import PinyinError, split_syllable

    s = syllable.lower().replace("ü", "v").replace("u:", "v")
    if not s[-1:].isdigit():
        raise FrontendError(f"{where}: {syllable!r} has no tone number (write e.g. 'hang2')")
    try:
        split_syllable(s)
    except PinyinError:
        raise FrontendError(f"{where}: {syllable!r} is not a Mandarin pinyin syllable") from None
    return s


def _syllables(text, pinyin, where):
    syls = pinyin.split()
    if len(syls) != len(text):
        raise FrontendError(f"{where}: {len(text)} characters in {text!r} but {len(syls)} "
                            f"syllables in {pinyin!r}; give one syllable per character")
    return [check_syllable(s, where) for s in syls]


def load_lexicon(path):
    """{word: (readings, pos or None)} from a user lexicon file."""
    path = Path(path)
    if not path.is_file():
        raise FrontendError(f"user lexicon {str(path)!r} not found")
    entries = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\r").split("\t")
        if len(parts) not in (2, 3) or not parts[0].strip():
            raise FrontendError(f"{path}:{n}: expected WORD<TAB>PINYIN[<TAB>POS], got {line!r}")
        word = parts[0].strip()
        readings = _syllables(word, parts[1], f"{path}:{n}")
        pos = parts[2].strip() if len(parts) == 3 and parts[2].strip() else None
        entries[word] = (readings, pos)
    return entries


def default_lexicon_path():
    return os.environ.get(LEXICON_ENV) or None


def parse_overrides(text):
    """Text with `{TEXT|PINYIN}` overrides -> (plain text, {char index: reading})."""
    forced = {}
    pieces = []
    length = 0
    last = 0
    for m in OVERRIDE_RE.finditer(text):
        pieces.append(text[last:m.start()])
        length += m.start() - last
        body, pinyin = m.group(1), m.group(2)
        for k, r in enumerate(_syllables(body, pinyin, f"override {m.group(0)!r}")):
            forced[length + k] = r
        pieces.append(body)
        length += len(body)
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), forced


def split_overrides(text):
    """[(piece, forced readings or None)]: plain pieces (for TN) and override pieces."""
    out, last = [], 0
    for m in OVERRIDE_RE.finditer(text):
        if m.start() > last:
            out.append((text[last:m.start()], None))
        body = m.group(1)
        out.append((body, _syllables(body, m.group(2), f"override {m.group(0)!r}")))
        last = m.end()
    if last < len(text):
        out.append((text[last:], None))
    return out
