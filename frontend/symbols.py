"""The phoneme set: pinyin syllables -> initials and tonal finals, plus break and silence tokens.

This table is versioned. An acoustic model stores `SYMBOLS` and `SYMBOL_SET_VERSION` in its
checkpoint; changing the list (even its order) means a new version, because token ids change.

Conventions (the usual Mandarin TTS phone set, as in CSMSC-trained systems):
- A syllable is an optional initial plus a final carrying the tone 1-5 (5 = neutral): 'zhang1'
  -> ['zh', 'ang1']; 'an4' -> ['an4'] (a zero initial is no token, always).
- y/w are spelling, not sounds: 'yi' -> 'i', 'ya' -> 'ia', 'wu' -> 'u', 'wei' -> 'uei', 'yu' -> 'v';
  after j/q/x the 'u' is 'v' (ju -> j v); iu/ui/un are written out (iou, uei, uen).
- zi/ci/si have the apical final 'ii', zhi/chi/shi/ri the retroflex 'iii'.
- Erhua ('wanr2') is the final followed by the toneless token 'rr': ['w', 'uan2', 'rr'].
- Breaks after a syllable: '#1' prosodic word, '#2' prosodic phrase, '#3' intonational phrase,
  '#4' sentence end. An utterance ends with '#4' then '<eos>'.
"""

from functools import lru_cache

SYMBOL_SET_VERSION = "zh-v1"

INITIALS = [
    "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
    "j", "q", "x", "zh", "ch", "sh", "r", "z", "c", "s",
]

FINALS = [
    "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er",
    "i", "ia", "ie", "iao", "iou", "ian", "in", "iang", "ing", "iong",
    "u", "ua", "uo", "uai", "uei", "uan", "uen", "uang", "ueng",
    "v", "ve", "van", "vn",
    "ii", "iii",
    "m", "n", "ng", "ê",  # interjections: 呣 m2, 嗯 n2 / ng2, 欸 ê
]

TONES = ["1", "2", "3", "4", "5"]

PAD, UNK, EOS = "<pad>", "<unk>", "<eos>"
ERHUA = "rr"
BREAKS = ["#1", "#2", "#3", "#4"]
SILENCE = "sil"  # a pause that no break level describes (e.g. an inline <break> or a long gap)

SYMBOLS = (
    [PAD, UNK, EOS, SILENCE]
    + BREAKS
    + [ERHUA]
    + INITIALS
    + [final + tone for final in dict.fromkeys(FINALS) for tone in TONES]
)
SYMBOL_TO_ID = {s: i for i, s in enumerate(SYMBOLS)}

_INITIALS_LONGEST_FIRST = sorted(INITIALS, key=len, reverse=True)

# Zero-initial spellings -> finals. Checked longest first.
_ZERO_INITIAL = {
    "yuan": "van", "yue": "ve", "yun": "vn", "yu": "v",
    "yong": "iong", "ying": "ing", "yang": "iang", "yan": "ian", "yao": "iao",
    "you": "iou", "yin": "in", "ye": "ie", "ya": "ia", "yo": "iou", "yi": "i",
    "wang": "uang", "weng": "ueng", "wan": "uan", "wai": "uai", "wei": "uei",
    "wen": "uen", "wa": "ua", "wo": "uo", "wu": "u",
}
# Syllabic nasals and ê of interjections (呣 m2, 嗯 n2/ng2, 哼 hng, 欸 ê).
_INTERJECTIONS = {"m": "m", "hm": "m", "n": "n", "ng": "ng", "hng": "ng", "ê": "ê"}

# Written finals that abbreviate the full form.
_ABBREVIATED = {"iu": "iou", "ui": "uei", "un": "uen"}


class PinyinError(ValueError):
    pass


@lru_cache(maxsize=8192)  # ~1,700 syllables x tones x erhua: every analysed syllable comes here
def split_syllable(syllable):
    """'zhang1' -> ('zh', 'ang', '1', False); 'wanr2' -> ('', 'uan', '2', True).

    Accepts numbered-tone pinyin in lower case with 'v' (or 'ü') for ü; a missing tone is 5.
    Raises PinyinError for something that is not a Mandarin syllable.
    """
    s = syllable.strip().lower().replace("ü", "v").replace("u:", "v")
    tone = "5"
    if s and s[-1] in "012345":
        tone = "5" if s[-1] == "0" else s[-1]
        s = s[:-1]
    erhua = False
    if s.endswith("r") and s not in ("er", "r"):
        erhua = True
        s = s[:-1]
    if not s or not s.isalpha():
        raise PinyinError(f"not a pinyin syllable: {syllable!r}")
    if s in _ZERO_INITIAL:
        return "", _ZERO_INITIAL[s], tone, erhua
    if s in _INTERJECTIONS:
        return "", _INTERJECTIONS[s], tone, erhua
    initial, rest = "", s
    for candidate in _INITIALS_LONGEST_FIRST:
        if s.startswith(candidate) and len(s) > len(candidate):
            initial, rest = candidate, s[len(candidate):]
            break
    if initial in ("j", "q", "x") and rest.startswith("u"):
        rest = "v" + rest[1:]
    rest = _ABBREVIATED.get(rest, rest)
    if rest == "i" and initial in ("z", "c", "s"):
        rest = "ii"
    elif rest == "i" and initial in ("zh", "ch", "sh", "r"):
        rest = "iii"
    if rest not in FINALS or not _combines(initial, rest):
        raise PinyinError(f"not a pinyin syllable: {syllable!r}")
    return initial, rest, tone, erhua


def _combines(initial, final):
    """Phonotactics that spelling alone does not enforce (catches 'qa', 'gi', 'zhv')."""
    if final in ("ii", "iii"):
        return initial in (("z", "c", "s") if final == "ii" else ("zh", "ch", "sh", "r"))
    if initial in ("j", "q", "x"):
        return final[0] in "iv"
    if final[0] == "v":
        return initial in ("n", "l")
    if final[0] == "i":
        return initial in ("", "b", "p", "m", "d", "t", "n", "l")
    return True


def syllable_to_phonemes(syllable):
    """'zhang1' -> ['zh', 'ang1']; 'an4' -> ['an4']; 'wanr2' -> ['uan2', 'rr']."""
    initial, final, tone, erhua = split_syllable(syllable)
    phones = [initial] if initial else []
    phones.append(final + tone)
    if erhua:
        phones.append(ERHUA)
    return phones


def syllables_to_phonemes(syllables, breaks=None):
    """Phoneme sequence of an utterance.

    `syllables`: numbered pinyin per syllable. `breaks`: the break level 0-4 after each syllable
    (same length), or None for no breaks but the final one. The sequence always ends with
    '#4', '<eos>' so that training labels and front-end output agree.
    """
    if breaks is None:
        breaks = [0] * len(syllables)
    if len(breaks) != len(syllables):
        raise ValueError(f"{len(syllables)} syllables but {len(breaks)} break levels")
    phones = []
    for i, (syllable, level) in enumerate(zip(syllables, breaks)):
        phones.extend(syllable_to_phonemes(syllable))
        if i == len(syllables) - 1:
            break
        if level:
            phones.append(BREAKS[min(int(level), 4) - 1])
    phones.extend(["#4", EOS])
    return phones


def phonemes_to_ids(phones):
    """Token ids; unknown symbols map to <unk>."""
    unk = SYMBOL_TO_ID[UNK]
    return [SYMBOL_TO_ID.get(p, unk) for p in phones]
