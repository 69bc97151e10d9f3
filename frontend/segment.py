"""Word segmentation and part-of-speech tags with jieba's dictionary, shared by the whole front end.

`segment(text, hmm)` returns (word, POS) pairs whose words, joined, give `text` back exactly
(punctuation and spaces included: tagged 'x').

- hmm=True (the prosody model, trained with it) is `jieba.posseg.cut(text, HMM=True)` itself.
- hmm=False (the pinyin path) gives exactly what `jieba.posseg.cut(text, HMM=False)` gives, from
  `PosDictionary` below instead of jieba's own objects. Starting jieba costs 0.8-1.2 s on the
  development box (unmarshalling its 600,000-entry prefix dictionary, then re-reading `dict.txt`
  for the POS tags, plus the HMM tables that `jieba.posseg` loads at import), more than half the
  front end's whole start-up budget (issue 4: 1.5 s). `PosDictionary` holds the same words,
  counts and tags split by first character in one cache file, and unmarshals a character's part
  only when a text needs it; the cut (DAG of dictionary words, best route by log counts, runs of
  single letters/digits joined) follows jieba 0.42's `posseg` step by step.
  `tests/frontend/test_segment.py` checks that both agree on the CSMSC and CPP sentences and on
  random strings, user words included.

The cache (about 10 MB) is built from jieba's `dict.txt` on first use (about 1 s) into
`$XDG_CACHE_HOME/zhtts` (default `~/.cache/zhtts`), else the temporary directory; its name
carries the size and time of `dict.txt`, so a new jieba builds a new one.

`add_word(word, pos=None, freq=None)` keeps a word whole (user lexicon entries) in both, in the
same order, with jieba's own frequency rule.
"""

import logging
import marshal
import math
import mmap
import os
import re
import tempfile
import threading
from importlib.util import find_spec
from pathlib import Path

CACHE_FORMAT = 1
# jieba 0.42's patterns: posseg's blocks, and the plain tokenizer's (used by `suggest_freq`)
_POSSEG_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_PLAIN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile(r"(\r\n|\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile(r"[\.0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$")

_lock = threading.Lock()
_dictionary = None  # PosDictionary, made on first use
_tokenizer = None  # jieba.posseg.POSTokenizer, made on first use of hmm=True
_user_words = []  # (word, pos, freq) in the order given, applied to each when it starts


def jieba_dict_path():
    """jieba's main dictionary, found without importing jieba."""
    spec = find_spec("jieba")
    return Path(spec.submodule_search_locations[0]) / "dict.txt"


class PosDictionary:
    """jieba's word counts (every prefix of a word counted 0, as jieba keeps them), their total
    and the POS tags, split by first character and loaded one character at a time."""

    def __init__(self, total, index, data):
        self.total = total
        self._index = index  # first character -> (offset, size) of its part of `data`
        self._data = data  # bytes or mmap
        self._parts = {}  # first character -> ({fragment: count}, {word: POS}), once loaded

    @classmethod
    def open(cls, dict_path=None):
        dict_path = Path(dict_path or jieba_dict_path())
        stat = dict_path.stat()
        name = f"jieba-pos-{CACHE_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
        for folder in _cache_dirs():
            path = folder / name
            if path.is_file():
                try:
                    return cls._read(path)
                except (OSError, ValueError, EOFError, TypeError):
                    pass  # damaged or foreign: rebuild below
        total, parts = _parse_jieba_dict(dict_path)
        index, blobs, offset = {}, [], 0
        for ch, part in parts.items():
            blob = marshal.dumps(part)
            index[ch] = (offset, len(blob))
            blobs.append(blob)
            offset += len(blob)
        header = marshal.dumps((CACHE_FORMAT, total, index))
        data = b"".join(blobs)
        for folder in _cache_dirs():
            tmp = None
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=".jieba-pos-")
                with os.fdopen(fd, "wb") as f:
                    f.write(len(header).to_bytes(8, "little") + header + data)
                os.replace(tmp, folder / name)  # atomic: a reader never sees half a file
                break
            except OSError:  # read-only: try the next place, or keep it in memory only
                if tmp is not None and os.path.exists(tmp):
                    os.remove(tmp)
        return cls(total, index, data)

    @classmethod
    def _read(cls, path):
        with open(path, "rb") as f:
            size = int.from_bytes(f.read(8), "little")
            fmt, total, index = marshal.loads(f.read(size))
            if fmt != CACHE_FORMAT:
                raise ValueError(f"{path}: cache format {fmt}")
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # stays valid after close
        start = 8 + size
        return cls(total, {ch: (start + off, n) for ch, (off, n) in index.items()}, data)

    def _part(self, ch):
        part = self._parts.get(ch)
        if part is None:
            where = self._index.get(ch)
            if where is None:
                part = ({}, {})
            else:
                off, n = where
                part = marshal.loads(self._data[off:off + n])
            part = self._parts.setdefault(ch, part)  # another thread may have been first
        return part

    def freqs(self, ch):
        """{fragment: count} of the words that start with `ch` (empty when none)."""
        return self._part(ch)[0]

    def tag(self, word):
        return self._part(word[0])[1].get(word, "x")

    def add_word(self, word, freq, tag=None):
        """jieba's `Tokenizer.add_word` with a given count (tag: jieba's user tag)."""
        freqs, tags = self._part(word[0])
        freqs[word] = freq
        self.total += freq
        for k in range(1, len(word)):
            freqs.setdefault(word[:k], 0)
        if tag:
            tags[word] = tag

    def suggest_freq(self, word):
        """jieba's `suggest_freq(word)`: the least count that keeps `word` whole."""
        freq = 1.0
        for seg in self._plain_cut(word):
            freq *= self.freqs(seg[0]).get(seg, 1) / float(self.total)
        return max(int(freq * self.total) + 1, self.freqs(word[0]).get(word, 1))

    def _route(self, text):
        """jieba's DAG and best route: route[k] = (log score, end of the word that starts at k)."""
        n = len(text)
        log, log_total = math.log, math.log(self.total)
        route = [None] * n + [(0, 0)]
        parts = [self._part(ch)[0] for ch in text]
        dag = []
        for k in range(n):
            freqs = parts[k]
            ends = []
            i, frag = k, text[k]
            while i < n and frag in freqs:
                if freqs[frag]:
                    ends.append(i)
                i += 1
                frag = text[k:i + 1]
            dag.append(ends or [k])
        for k in range(n - 1, -1, -1):
            freqs, ends = parts[k], dag[k]
            if len(ends) == 1:  # the max of one candidate, without the generator
                x = ends[0]
                route[k] = (log(freqs.get(text[k:x + 1]) or 1) - log_total + route[x + 1][0], x)
            else:
                route[k] = max((log(freqs.get(text[k:x + 1]) or 1) - log_total + route[x + 1][0],
                                x) for x in ends)
        return route

    def cut(self, text):
        """(word, POS) pairs: `jieba.posseg.cut(text, HMM=False)`."""
        out = []
        for block in _POSSEG_BLOCK.split(text):
            if _POSSEG_BLOCK.match(block):
                route = self._route(block)
                x, buf = 0, ""
                while x < len(block):
                    y = route[x][1] + 1
                    word = block[x:y]
                    if _ENG1.match(word):
                        buf += word
                    else:
                        if buf:
                            out.append((buf, "eng"))
                            buf = ""
                        out.append((word, self.tag(word)))
                    x = y
                if buf:
                    out.append((buf, "eng"))
            else:
                for part in _SKIP.split(block):
                    if _SKIP.match(part):
                        out.append((part, "x"))
                    else:
                        for ch in part:
                            out.append((ch, "m" if _NUM.match(ch) else
                                        "eng" if _ENG.match(part) else "x"))
        return out

    def _plain_cut(self, text):
        """Words of jieba's plain `Tokenizer.cut(text, HMM=False)` (what `suggest_freq` uses)."""
        out = []
        for block in _PLAIN_BLOCK.split(text):
            if not block:
                continue
            if _PLAIN_BLOCK.match(block):
                route = self._route(block)
                x, buf = 0, ""
                while x < len(block):
                    y = route[x][1] + 1
                    word = block[x:y]
                    if y - x == 1 and _ENG.match(word):
                        buf += word
                    else:
                        if buf:
                            out.append(buf)
                            buf = ""
                        out.append(word)
                    x = y
                if buf:
                    out.append(buf)
            else:
                for part in _SKIP.split(block):
                    out.extend([part] if _SKIP.match(part) else list(part))
        return out


def _parse_jieba_dict(path):
    """`dict.txt` ('word count tag' lines) -> (total, {first char: ({fragment: count},
    {word: tag})}) with jieba's rules: a later line wins, every prefix of a word is counted 0
    unless listed itself, the total adds every line's count."""
    parts, total = {}, 0
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip().decode("utf-8")
            if not line:
                continue
            fields = line.split(" ")
            if len(fields) != 3:
                raise ValueError(f"{path}:{lineno}: expected 'word count tag', got {line!r}")
            word, count, tag = fields[0], int(fields[1]), fields[2]
            part = parts.get(word[0])
            if part is None:
                part = parts[word[0]] = ({}, {})
            freqs, tags = part
            freqs[word] = count
            total += count
            for k in range(1, len(word)):
                freqs.setdefault(word[:k], 0)
            tags[word] = tag
    return total, parts


def _cache_dirs():
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return [Path(xdg) / "zhtts", Path(tempfile.gettempdir()) / "zhtts"]


def _apply(target, word, pos, freq):
    """One user word, jieba's way, on a PosDictionary or on jieba's POSTokenizer."""
    if isinstance(target, PosDictionary):
        if freq is None:
            # jieba's add_word(word, tag) then suggest_freq(word, tune=True): two additions
            target.add_word(word, target.suggest_freq(word), pos)
            target.add_word(word, target.suggest_freq(word), pos)
        else:
            target.add_word(word, freq, pos)
        return
    if freq is None:
        # suggest_freq(tune=True) raises the count just enough for jieba to keep the word whole
        target.tokenizer.add_word(word, tag=pos)
        target.tokenizer.suggest_freq(word, tune=True)
    else:
        target.tokenizer.add_word(word, freq=freq, tag=pos)
    if pos:
        target.word_tag_tab[word] = pos


def get_dictionary():
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                d = PosDictionary.open()
                for word, pos, freq in _user_words:
                    _apply(d, word, pos, freq)
                _dictionary = d
    return _dictionary


def _get_tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.initialize()
                tok = jieba.posseg.dt
                for word, pos, freq in _user_words:
                    _apply(tok, word, pos, freq)
                _tokenizer = tok
    return _tokenizer


def add_word(word, pos=None, freq=None):
    """Make the segmenter keep `word` whole (with POS tag `pos` when given)."""
    if not word:
        return
    with _lock:
        _user_words.append((word, pos, freq))
        for target in (_dictionary, _tokenizer):
            if target is not None:
                _apply(target, word, pos, freq)


def segment(text, hmm=True):
    """(word, POS) pairs covering `text` exactly.

    hmm: let jieba's HMM join characters that its dictionary does not know into new words (names).
    It costs ~90% of the time (posseg's HMM runs over every POS state: ~5,000 against ~50,000
    characters/s); the pinyin path runs without it, the prosody model (trained with it) with it.

    >>> segment("我们去银行。")
    [('我们', 'r'), ('去', 'v'), ('银行', 'n'), ('。', 'x')]
    """
    if not text:
        return []
    if hmm:
        pairs = [(p.word, p.flag) for p in _get_tokenizer().cut(text, HMM=True)]
    else:
        pairs = get_dictionary().cut(text)
    if "".join(w for w, _ in pairs) != text:  # never expected; keep the contract regardless
        return [(ch, "x") for ch in text]
    return pairs
