"""`Frontend`: the text front end's one public object. Text -> what to say and how.

    >>> from frontend.frontend import Frontend
    >>> fe = Frontend()
    >>> fe.pinyin("我们去银行。")
    ['wo3', 'men5', 'qu4', 'yin2', 'hang2', None]
    >>> print(fe.analyze("他在2024年去了银行。"))

Steps of `analyze`: text normalisation (`frontend.tn`) -> sentences -> words and POS (jieba,
`frontend.segment`) -> dictionary readings (pypinyin) -> polyphone model (`frontend.polyphone`)
-> tone sandhi, neutral tone, erhua (`frontend.sandhi`) -> the tone corrector that learnt how
CSMSC speakers apply them (`frontend.polyphone`) -> prosodic breaks (`frontend.prosody`) ->
phonemes (`frontend.symbols.syllables_to_phonemes`, the same function that makes the
training labels).

User control (documented in `frontend/lexicon.py`): a user lexicon file (`Frontend(lexicon=...)`
or `TTS_LEXICON`) and inline overrides `{银行|yin2 hang2}`; both win over every model and over
sandhi.

Latin letters left after normalisation are spelt out with the Mandarin letter names of
`LETTERS` (A -> ei1, B -> bi4, W -> da1 bu5 liu5); a digit left over is read as a Chinese digit.
`pinyin()` gives None for them (they are not Chinese characters); `analyze()` speaks them, the
@ the normaliser keeps in an email address or before a mention (艾特), and an address's dots (点).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from frontend.errors import FrontendError
from frontend.lexicon import default_lexicon_path, load_lexicon, parse_overrides, split_overrides
from frontend.pinyin import in_phrase_dict, word_pinyin
from frontend.sandhi import Word, apply_sandhi
from frontend.segment import add_word, segment

# How Mandarin speakers name Latin letters, in syllables of the phone set. The one table used for
# letters in `analyze`.
LETTERS = {
    "a": ["ei1"], "b": ["bi4"], "c": ["xi1"], "d": ["di4"], "e": ["yi4"],
    "f": ["ai2", "fu5"], "g": ["ji4"], "h": ["ai1", "qi1"], "i": ["ai4"], "j": ["jie4"],
    "k": ["kei4"], "l": ["ai2", "lu5"], "m": ["ai2", "mu5"], "n": ["en1"], "o": ["ou1"],
    "p": ["pi4"], "q": ["qiu1"], "r": ["a4", "er5"], "s": ["ai2", "si5"], "t": ["ti4"],
    "u": ["you1"], "v": ["wei1"], "w": ["da1", "bu5", "liu5"], "x": ["ai2", "ke4", "si5"],
    "y": ["wai4"], "z": ["zei4"],
}
# Greek letters as they are named in Chinese maths and science classes (α 阿尔法, θ 西塔, Δ 德尔塔);
# the normaliser keeps them as letters, like Latin ones.
GREEK = {
    "α": ["a1", "er3", "fa3"], "β": ["bei4", "ta3"], "γ": ["ga1", "ma3"], "δ": ["de2", "er3", "ta3"],
    "ε": ["ai4", "pu3", "xi1", "long2"], "ζ": ["ze2", "ta3"], "η": ["yi1", "ta3"], "θ": ["xi1", "ta3"],
    "ι": ["yue1", "ta3"], "κ": ["ka3", "pa4"], "λ": ["lan2", "mu3", "da2"], "μ": ["miu4"],
    "ν": ["niu3"], "ξ": ["ke4", "xi1"], "ο": ["ou4", "mi4", "ke4", "rong2"], "π": ["pai4"],
    "ρ": ["rou4"], "σ": ["xi1", "ge2", "ma3"], "ς": ["xi1", "ge2", "ma3"], "τ": ["tao4"],
    "υ": ["yu3", "pu3", "xi1", "long2"], "φ": ["fei4"], "χ": ["kai3"], "ψ": ["pu3", "xi1"],
    "ω": ["ou1", "mi3", "ga1"],
}
DIGITS = dict(zip("0123456789", "ling2 yi1 er4 san1 si4 wu3 liu4 qi1 ba1 jiu3".split()))
# The characters of an email address as the normaliser leaves it (its digits read already).
_EMAIL_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-@零一二三四五六七八九")

SENTENCE_END = "。！？!?；;…"
_SENTENCE_RE = re.compile(r"[^%s]*[%s]+[”’」』）)]*|[^%s]+$" % ((SENTENCE_END,) * 3))


@dataclass
class Syllable:
    char: str  # the character it is read from ('儿' of erhua belongs to the syllable before)
    pinyin: str  # numbered pinyin, as spoken
    phonemes: list
    break_after: int = 0  # 0 none, 1-4 CSMSC break level

    def __str__(self):
        mark = f"#{self.break_after}" if self.break_after else ""
        return f"{self.pinyin}{mark}"


@dataclass
class AnalyzedWord:
    text: str
    pos: str
    syllables: list = field(default_factory=list)

    def __str__(self):
        return f"{self.text}/{self.pos}[{' '.join(str(s) for s in self.syllables)}]"


@dataclass
class Sentence:
    text: str  # normalised text of the sentence
    words: list  # AnalyzedWord
    pinyin: list  # one entry per character of `text` (None: no syllable)
    breaks: list  # break level after each character of `text`
    phonemes: list  # symbols of `frontend.symbols`, ending '#4', '<eos>'

    @property
    def syllables(self):
        return [s for w in self.words for s in w.syllables]

    def prosody_text(self):
        return "".join(ch + (f"#{b}" if b else "") for ch, b in zip(self.text, self.breaks))

    def __str__(self):
        return (f"text:     {self.text}\n"
                f"words:    {' '.join(f'{w.text}/{w.pos}' for w in self.words)}\n"
                f"pinyin:   {' '.join(s.pinyin for s in self.syllables)}\n"
                f"prosody:  {self.prosody_text()}\n"
                f"phonemes: {' '.join(self.phonemes)}")


@dataclass
class Analysis:
    text: str  # as given
    normalized: str
    sentences: list  # Sentence

    @property
    def phonemes(self):
        return [p for s in self.sentences for p in s.phonemes]

    def __str__(self):
        head = f"input:      {self.text}\nnormalized: {self.normalized}"
        return "\n\n".join([head] + [str(s) for s in self.sentences])


def split_sentences(text):
    """Sentences, each with its closing punctuation (and closing quotes)."""
    return [s for s in _SENTENCE_RE.findall(text) if s]


class Frontend:
    """Text -> pinyin, prosody and phonemes. See the module docstring."""

    def __init__(self, lexicon=None, polyphone_model=True):
        """lexicon: path of a user lexicon (default: $TTS_LEXICON, else none).
        polyphone_model: use the trained models, the polyphone classifier and the tone corrector
        (False: pypinyin's dictionary, the learnt CSMSC word table and the sandhi rules only;
        torch is then never imported)."""
        path = lexicon if lexicon is not None else default_lexicon_path()
        self.lexicon = load_lexicon(path) if path else {}
        for word, (_, pos) in self.lexicon.items():
            add_word(word, pos)
        self.use_polyphone_model = polyphone_model

    # --- single steps ------------------------------------------------------------------------

    def normalize(self, text):
        """Text normalisation: numbers, dates, units, symbols -> Chinese characters."""
        from frontend.tn import normalize

        return normalize(text)

    def pinyin(self, text, sandhi=True):
        """One entry per character of `text` (after removing `{..|..}` overrides): lower-case
        numbered pinyin ('zhong1', neutral 5, ü as v), None for characters with no syllable and
        for an erhua 儿 (the previous syllable carries the r: 'wanr2'). sandhi=False gives the
        dictionary reading after the polyphone choice (and the learnt word table, without its
        neutral tones), before the sandhi rules and the tone corrector. The text is taken as
        given: no normalisation."""
        if not isinstance(text, str):
            raise FrontendError(f"text must be a string, got {type(text).__name__}")
        plain, forced = parse_overrides(text)
        if not sandhi:
            from frontend.polyphone import citation_tones

            words = citation_tones(self._words(plain, segment(plain, hmm=False), forced))
        else:
            words = self._words(plain, segment(plain, hmm=False), forced, model=False)
            self._resolve([words], [None])
        return [r for w in words for r in w.readings]

    def prosody(self, text):
        """The text with CSMSC break marks #1-#4 inserted (`frontend.prosody`)."""
        from frontend.prosody import prosody_text

        return prosody_text(text, segment(text))

    # --- the whole front end -----------------------------------------------------------------

    def analyze(self, text, prosody=True):
        """TN -> sentences -> words/POS -> pinyin -> breaks -> phonemes, as an `Analysis`."""
        if not isinstance(text, str):
            raise FrontendError(f"text must be a string, got {type(text).__name__}")
        # Overrides are taken out before TN so that TN cannot touch them.
        plain_parts, forced = [], {}
        for piece, readings in split_overrides(text):
            start = sum(len(p) for p in plain_parts)
            if readings is None:
                piece = self.normalize(piece)
            else:
                forced.update({start + k: r for k, r in enumerate(readings)})
            plain_parts.append(piece)
        normalized = "".join(plain_parts)
        sentences = []
        offset = 0
        for sent_text in split_sentences(normalized):
            local = {i - offset: r for i, r in forced.items()
                     if offset <= i < offset + len(sent_text)}
            # jieba's HMM (new words) only when the prosody model, trained with it, runs: it is
            # 90% of the time and changes almost no reading
            sentences.append((sent_text, segment(sent_text, hmm=prosody), local))
            offset += len(sent_text)
        breaks = [None] * len(sentences)
        if prosody and sentences:
            from frontend.prosody import predict_breaks

            breaks = predict_breaks([pairs for _, pairs, _ in sentences])
        # the models run once over all sentences (batched), the rules sentence by sentence
        words = [self._words(t, pairs, local, model=False) for t, pairs, local in sentences]
        self._resolve(words, breaks)
        out = [self._sentence(t, w, b) for (t, _, _), w, b in zip(sentences, words, breaks)]
        return Analysis(text=text, normalized=normalized, sentences=[s for s in out if s])

    # --- internals ---------------------------------------------------------------------------

    def _words(self, text, pairs, forced, model=True):
        """(word, POS) pairs -> sandhi.Word list with dictionary + model readings."""
        words = []
        start = 0
        for word, pos in pairs:
            entry = self.lexicon.get(word)
            if entry is not None:
                w = Word(word, entry[1] or pos, list(entry[0]), [True] * len(word), True)
            else:
                w = Word(word, pos, list(word_pinyin(word)), None, in_phrase_dict(word))
            if forced:
                for k in range(len(word)):
                    if start + k in forced:
                        w.readings[k] = forced[start + k]
                        w.locked[k] = True
            words.append(w)
            start += len(word)
        from frontend.polyphone import disambiguate

        disambiguate(words, model=model and self.use_polyphone_model)
        return words

    def _resolve(self, sentences, breaks):
        """Dictionary readings -> spoken readings, in place: polyphone classifier, sandhi rules
        (cut at the breaks), tone corrector; the rules alone without the models."""
        if self.use_polyphone_model:
            from frontend.polyphone import resolve_many

            resolve_many(sentences, breaks)
        else:
            for words, b in zip(sentences, breaks):
                apply_sandhi(words, b)

    def _sentence(self, text, words, breaks):
        """Words with their spoken readings -> Sentence (syllables, breaks, phonemes)."""
        if breaks is None:  # no prosody model: a #4 at the end only
            breaks = [0] * len(text)
        breaks = list(breaks)
        analyzed, syllables, levels, pinyin = [], [], [], []
        k = 0
        for w in words:
            aw = AnalyzedWord(w.text, w.pos)
            for ch, r in zip(w.text, w.readings):
                pinyin.append(r)
                level = breaks[k]
                k += 1
                spoken = [r] if r is not None else _spell(ch, text, k - 1)
                if r is None and ch in "@." and spoken:
                    # an @ (a mention or an address) or an address's dot: no phrase break around it
                    level = min(level, 1)
                    if syllables:
                        syllables[-1].break_after = min(syllables[-1].break_after, 1)
                if r is None and ch == "儿" and aw.syllables and level:
                    aw.syllables[-1].break_after = max(aw.syllables[-1].break_after, level)
                elif r is None and not spoken and level and syllables:
                    syllables[-1].break_after = max(syllables[-1].break_after, level)
                for j, syl in enumerate(spoken):
                    s = Syllable(ch, syl, [], level if j == len(spoken) - 1 else 0)
                    aw.syllables.append(s)
                    syllables.append(s)
            analyzed.append(aw)
        if not syllables:
            return None
        from frontend.symbols import syllable_to_phonemes, syllables_to_phonemes

        for s in syllables:
            s.phonemes = syllable_to_phonemes(s.pinyin)
        levels = [s.break_after for s in syllables]
        phonemes = syllables_to_phonemes([s.pinyin for s in syllables], levels)
        return Sentence(text, analyzed, pinyin, breaks, phonemes)


def _spell(ch, text="", i=0):
    """Syllables for a non-Chinese character that can be said: a Latin or Greek letter or a digit,
    @ 艾特 (the normaliser keeps it in an email address and before a mention, @所有人), and,
    inside an email address, . 点."""
    if ch == "@":
        return ["ai4", "te4"]
    if ch == "." and _in_email(text, i):
        return ["dian3"]
    c = unicodedata.normalize("NFKC", ch).lower()
    if c in LETTERS:
        return LETTERS[c]
    if c in GREEK:
        return GREEK[c]
    if c in DIGITS:
        return [DIGITS[c]]
    return []


def _in_email(text, i):
    """Whether text[i], an @ or a dot, is inside an address like name@host.cn, between two of
    its letters or digits."""
    if not (0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()):
        return False
    start, end = i, i + 1
    while start > 0 and text[start - 1] in _EMAIL_CHARS and i - start < 80:
        start -= 1
    while end < len(text) and text[end] in _EMAIL_CHARS and end - i < 600:
        end += 1
    token = text[start:end]
    return token.count("@") == 1 and "." in token.split("@")[1]


__all__ = ["Frontend", "Analysis", "Sentence", "AnalyzedWord", "Syllable", "LETTERS", "GREEK",
           "split_sentences"]
