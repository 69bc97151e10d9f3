"""Dictionary readings (pypinyin) per word, numbered-tone pinyin helpers, and the CSMSC label
parser that aligns surface pinyin to characters.

Readings are lower-case numbered pinyin: 'zhong1', neutral tone 5, ü written 'v' ('lv4').
A character without a syllable (punctuation, Latin letters, digits) reads None.
"""

import re
import unicodedata
from functools import lru_cache

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Sandhi forms that pypinyin's phrase dictionary bakes into some words ('一个' yi2 ge4); the
# dictionary reading (sandhi=False) undoes them and the sandhi rules redo them in context.
_CITATION = {"一": "yi1", "不": "bu4"}


def is_han(ch):
    return bool(_HAN_RE.match(ch))


def _tone3(word):
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=False,
                       errors=lambda s: ["-"] * len(s))


def _is_syllable(r):
    """pypinyin's TONE3 answer is a syllable ('zhong1'), not an error mark ('-', or '-5')."""
    base = r[:-1].replace("ü", "v") if r else ""
    return bool(base) and r[-1].isdigit() and base.isascii() and base.isalpha()


@lru_cache(maxsize=200_000)
def word_pinyin(word):
    """Dictionary reading of one word (a tuple, one entry per character), from pypinyin's phrase
    and character dictionaries; 一/不 in their citation tone."""
    readings = _tone3(word)
    if len(readings) != len(word):  # pypinyin merges runs of non-Han characters
        readings = [r for ch in word for r in _tone3(ch)]
    out = []
    for ch, r in zip(word, readings):
        if is_han(ch) and not _is_syllable(r):
            # compatibility ideographs (U+F900 豈) are not in pypinyin's tables: read the
            # character they stand for
            canonical = unicodedata.normalize("NFKC", ch)
            r = _tone3(canonical)[0] if canonical != ch and len(canonical) == 1 else None
        if not _is_syllable(r) or not is_han(ch):
            out.append(None)
        elif ch in _CITATION and not r.endswith("5"):  # keep 对不起's bu5, undo yi2/bu2
            out.append(_CITATION[ch])
        else:
            out.append(r.replace("ü", "v"))
    return tuple(out)


@lru_cache(maxsize=50_000)
def in_phrase_dict(word):
    from pypinyin.constants import PHRASES_DICT

    return word in PHRASES_DICT


def tone(syllable):
    return syllable[-1]


def with_tone(syllable, t):
    return syllable[:-1] + str(t)


def is_erhua(syllable):
    """'wanr2' is erhua; 'er2' is the syllable er."""
    return syllable is not None and syllable[:-1].endswith("r") and syllable[:-1] != "er"


# --- CSMSC labels -------------------------------------------------------------------------

def read_csmsc(path):
    """[(utt_id, text with #1-#4, surface syllables)] from the CSMSC prosody label file."""
    lines = [ln.rstrip("\r\n") for ln in open(path, encoding="utf-8")]
    lines = [ln for ln in lines if ln.strip()]
    out = []
    for i in range(0, len(lines) - 1, 2):
        utt, _, labelled = lines[i].partition("\t")
        out.append((utt.strip(), labelled.strip(), lines[i + 1].split()))
    return out


def align_surface(text, syllables):
    """Surface syllable per character of `text` (None where a character has none; an erhua 儿
    is None and its syllable sits on the previous character), or None when the label cannot be
    aligned (non-Chinese tokens, count mismatch)."""
    han = [i for i, ch in enumerate(text) if is_han(ch)]
    if any(ch.isascii() and ch.isalnum() for ch in text):
        return None
    extra = len(han) - len(syllables)  # how many 儿 are merged
    out = [None] * len(text)
    j = 0
    for k, i in enumerate(han):
        ch = text[i]
        if (ch == "儿" and extra > 0 and k > 0 and han[k - 1] == i - 1
                and is_erhua(out[i - 1])):
            extra -= 1
            continue
        if j >= len(syllables):
            return None
        out[i] = syllables[j].lower().replace("ü", "v")
        j += 1
    if j != len(syllables) or extra != 0:
        return None
    return out
