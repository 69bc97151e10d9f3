"""Word segmentation and part-of-speech tags with jieba's dictionary, shared by the whole front end.

`segment(text, hmm)` returns (word, POS) pairs whose words, joined, give `text` back exactly
(punctuation and spaces included: tagged 'x'), the same pairs as `jieba.posseg.cut(text, HMM=hmm)`
gives, without starting jieba:

- Starting jieba costs 0.8-1.2 s on the development box (unmarshalling its 600,000-entry prefix
  dictionary, then re-reading `dict.txt` for the POS tags), and `jieba.posseg` adds its HMM tables
  at import (0.5-0.6 s): together more than half the front end's whole start-up budget (issue 4:
  1.5 s). `PosDictionary` holds the same words, counts and tags split by first character in one
  cache file, and unmarshals a character's part only when a text needs it; the cut (DAG of
  dictionary words, best route by log counts, runs of single letters/digits joined) follows
  jieba 0.42's `posseg` step by step.
- hmm=True (the prosody model, trained with it) also runs posseg's HMM over the runs of
  characters the dictionary leaves single and does not know as a whole (new words, names):
  `PosHMM`, the same 256 (B/M/E/S, POS) states, start, transition and emission log
  probabilities as `jieba.posseg`, cached the same way (emissions by character), and the same
  Viterbi search with the same tie-breaking, so that the floating-point sums and choices are
  jieba's own.
- hmm=False (the pinyin path) skips that step: ~50,000 against ~5,000 characters/s for runs of
  unknown characters, and it changes almost no reading.

`tests/frontend/test_segment.py` checks that both agree with jieba on the 9,000 CSMSC sentences,
on names and rare characters, and on random strings, user words included.

The caches (about 13 MB for the dictionary, 2 MB for the HMM) are built from jieba's files on
first use (1-2 s each, once) into `$XDG_CACHE_HOME/zhtts` (default `~/.cache/zhtts`), else the
temporary directory; their names carry the size and time of jieba's file, so a new jieba builds
new ones.

`add_word(word, pos=None, freq=None)` keeps a word whole (user lexicon entries) with jieba's own
frequency rule.
"""

import ast
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
# and those of posseg's HMM step
_HAN = re.compile("([\u4E00-\u9FD5]+)")
_NUM_OR_ENG = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
MIN_LOG_PROB = -3.14e100  # posseg's log probability of what its tables leave out

_lock = threading.Lock()
_dictionary = None  # PosDictionary, made on first use
_hmm = None  # PosHMM, made on first use of hmm=True
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
        total, index, data = _open_cache(name, lambda: _parse_jieba_dict(dict_path))
        return cls(total, index, data)

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

    def cut(self, text, hmm=False):
        """(word, POS) pairs: `jieba.posseg.cut(text, HMM=hmm)`."""
        out = []
        for block in _POSSEG_BLOCK.split(text):
            if _POSSEG_BLOCK.match(block):
                if hmm:
                    self._cut_block_hmm(block, out)
                    continue
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

    def _cut_block_hmm(self, block, out):
        """posseg's HMM=True cut of one block: dictionary words of two or more characters as
        they are, and each run of single characters between them as one unknown word (left to
        the HMM) unless it is itself a dictionary word (then split into characters)."""
        route = self._route(block)
        x, run = 0, ""
        while x < len(block):
            y = route[x][1] + 1
            if y - x == 1:
                run += block[x]
            else:
                if run:
                    self._cut_run(run, out)
                    run = ""
                word = block[x:y]
                out.append((word, self.tag(word)))
            x = y
        if run:
            self._cut_run(run, out)

    def _cut_run(self, run, out):
        if len(run) == 1:
            out.append((run, self.tag(run)))
        elif self.freqs(run[0]).get(run):
            out.extend((ch, self.tag(ch)) for ch in run)
        else:
            for part in _HAN.split(run):
                if _HAN.match(part):
                    out.extend(get_hmm().cut(part))
                else:
                    out.extend((piece, "m" if _NUM.match(piece) else "eng" if _ENG.match(piece)
                                else "x") for piece in _NUM_OR_ENG.split(part) if piece)

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


class PosHMM:
    """jieba.posseg's HMM over (B/M/E/S, POS) states: tags and cuts a run of Chinese characters
    that the dictionary does not know.

    The tables are jieba's own (`jieba/posseg/prob_*.py`, `char_state_tab.py`), the states
    numbered in the order of their (place, POS) tuples so that comparing numbers compares the
    tuples as jieba's `max` does on ties. The start and transition log probabilities are read
    at once (256 states, 5,218 transitions); the emissions and the states a character may take
    are kept by character and read when a text holds it.
    """

    def __init__(self, fields, index, data):
        self.states, self.start, self.trans = fields  # (place, POS) by id; lists by id
        self._index = index  # character -> (offset, size) of its part of `data`
        self._data = data
        self._chars = {}  # character -> (its possible states or None for all, {state: log p})
        self.all_states = range(len(self.states))
        self.preds = [[] for _ in self.states]  # to -> [(from, log p)], from ascending
        for y0, row in enumerate(self.trans):
            for y, logp in row.items():
                self.preds[y].append((y0, logp))

    @classmethod
    def open(cls, folder=None):
        folder = Path(folder or jieba_dict_path().parent / "posseg")
        stat = (folder / "prob_emit.py").stat()
        name = f"jieba-hmm-{CACHE_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
        return cls(*_open_cache(name, lambda: _parse_jieba_hmm(folder)))

    def _char(self, ch):
        part = self._chars.get(ch)
        if part is None:
            where = self._index.get(ch)
            if where is None:
                part = (None, {})
            else:
                off, n = where
                part = marshal.loads(self._data[off:off + n])
            part = self._chars.setdefault(ch, part)
        return part

    def best_states(self, text):
        """The most likely state of each character of `text`: jieba.posseg's `viterbi`, with
        its rules: a character's states are those it was seen with (all, if never seen), cut to
        those the previous step can reach (unless none is left); an emission not in the table
        scores MIN_LOG_PROB; ties go to the larger state tuple."""
        states, preds, neg_inf = self.trans, self.preds, float("-inf")
        allowed, emit = self._char(text[0])
        score = {y: self.start[y] + emit.get(y, MIN_LOG_PROB)
                 for y in (self.all_states if allowed is None else allowed)}
        back = []
        for ch in text[1:]:
            allowed, emit = self._char(ch)
            live = [y0 for y0 in score if states[y0]]  # states that lead somewhere
            reachable = set()
            for y0 in live:
                reachable.update(states[y0])
            here = reachable.intersection(self.all_states if allowed is None else allowed)
            here = here or reachable or set(self.all_states)
            step, came_from = {}, {}
            for y in here:
                e = emit.get(y, MIN_LOG_PROB)
                best, arg = neg_inf, -1
                for y0, logp in preds[y]:
                    s = score.get(y0)
                    if s is not None:
                        value = s + logp + e  # jieba's order of the sums
                        if value > best or (value == best and y0 > arg):
                            best, arg = value, y0
                if arg < 0 or best == neg_inf:  # nothing leads here: jieba's -inf tie
                    best, arg = neg_inf, max(live)
                step[y], came_from[y] = best, arg
            score = step
            back.append(came_from)
        y = max((value, y) for y, value in score.items())[1]
        path = [y]
        for came_from in reversed(back):
            y = came_from[y]
            path.append(y)
        path.reverse()
        return path

    def cut(self, text):
        """(word, POS) pairs of a run of Chinese characters: a word ends at each E or S state
        (posseg's `__cut`, also for the odd paths that lack a B)."""
        path = [self.states[y] for y in self.best_states(text)]
        out, begin, done = [], 0, 0
        for i, (place, tag) in enumerate(path):
            if place == "B":
                begin = i
            elif place == "E":
                out.append((text[begin:i + 1], tag))
                done = i + 1
            elif place == "S":
                out.append((text[i], tag))
                done = i + 1
        if done < len(text):
            out.append((text[done:], path[done][1]))
        return out


def _open_cache(name, build):
    """(fields, index, data) of the cache file `name` in the first cache folder that has it;
    otherwise `build()` -> (fields, {key: part}) is run and written there for next time.

    The file is an 8-byte header size, the marshalled header (CACHE_FORMAT, fields, index) and
    the marshalled parts one after the other; index maps each key to (offset, size) of its part
    in `data` (bytes, or an mmap of the file), which `marshal.loads` reads when it is needed."""
    for folder in _cache_dirs():
        path = folder / name
        if path.is_file():
            try:
                return _read_cache(path)
            except (OSError, ValueError, EOFError, TypeError):
                pass  # damaged or foreign: rebuild below
    fields, parts = build()
    index, blobs, offset = {}, [], 0
    for key, part in parts.items():
        blob = marshal.dumps(part)
        index[key] = (offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    header = marshal.dumps((CACHE_FORMAT, fields, index))
    data = b"".join(blobs)
    for folder in _cache_dirs():
        tmp = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".jieba-")
            with os.fdopen(fd, "wb") as f:
                f.write(len(header).to_bytes(8, "little") + header + data)
            os.replace(tmp, folder / name)  # atomic: a reader never sees half a file
            break
        except OSError:  # read-only: try the next place, or keep it in memory only
            if tmp is not None and os.path.exists(tmp):
                os.remove(tmp)
    return fields, index, data


def _read_cache(path):
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        fmt, fields, index = marshal.loads(f.read(size))
        if fmt != CACHE_FORMAT:
            raise ValueError(f"{path}: cache format {fmt}")
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # stays valid after close
    start = 8 + size
    return fields, {key: (start + off, n) for key, (off, n) in index.items()}, data


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


def _parse_jieba_hmm(folder):
    """jieba's posseg tables (Python files holding one dict literal `P`, read as literals: no
    code runs) -> ((states, start, trans), {char: (its states or None, {state: log p})})."""
    tables = {}
    for stem in ("prob_start", "prob_trans", "prob_emit", "char_state_tab"):
        tree = ast.parse((folder / f"{stem}.py").read_text(encoding="utf-8"))
        assign = next(node for node in tree.body if isinstance(node, ast.Assign)
                      and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["P"])
        tables[stem] = ast.literal_eval(assign.value)
    states = sorted(tables["prob_trans"])
    ids = {state: i for i, state in enumerate(states)}
    start = [tables["prob_start"][state] for state in states]
    trans = [{ids[y]: p for y, p in tables["prob_trans"][state].items()} for state in states]
    chars = {}
    for ch, seen in tables["char_state_tab"].items():
        chars[ch] = (tuple(ids[state] for state in seen), {})
    for state, row in tables["prob_emit"].items():
        for ch, p in row.items():
            chars.setdefault(ch, (None, {}))[1][ids[state]] = p
    return (states, start, trans), chars


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


def get_hmm():
    global _hmm
    if _hmm is None:
        with _lock:
            if _hmm is None:
                _hmm = PosHMM.open()
    return _hmm


def add_word(word, pos=None, freq=None):
    """Make the segmenter keep `word` whole (with POS tag `pos` when given)."""
    if not word:
        return
    with _lock:
        _user_words.append((word, pos, freq))
        if _dictionary is not None:
            _apply(_dictionary, word, pos, freq)


def segment(text, hmm=True):
    """(word, POS) pairs covering `text` exactly: `jieba.posseg.cut(text, HMM=hmm)`.

    hmm: let posseg's HMM join characters that the dictionary does not know into new words
    (names). It costs most of the time where such runs occur; the pinyin path runs without it,
    the prosody model (trained with it) with it.

    >>> segment("我们去银行。")
    [('我们', 'r'), ('去', 'v'), ('银行', 'n'), ('。', 'x')]
    """
    if not text:
        return []
    pairs = get_dictionary().cut(text, hmm=hmm)
    if "".join(w for w, _ in pairs) != text:  # never expected; keep the contract regardless
        return [(ch, "x") for ch in text]
    return pairs
