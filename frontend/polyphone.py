"""Polyphone disambiguation: pick the reading of each polyphonic character in context.

Two data files ship in `frontend/data/`, both rebuilt by `python -m frontend.train_polyphone`:

- `csmsc_words.tsv`: word<TAB>readings. Readings of whole words as the CSMSC annotators wrote
  them (neutral tones, erhua, polyphone choices), with tone sandhi undone; used in place of
  pypinyin's reading for those words (the sandhi rules still run on top); the classifier does
  not overrule them, except words of one character. Without sandhi (`citation_tones`), their
  neutral tones go back to the dictionary's full tones.
- `polyphone.pt`: a small classifier. For every character with several standard Mainland
  readings (`polyphone_candidates.tsv`: the CPP set's 623 characters and their readings) it
  sees the sentence's characters, each character's place in its jieba word (B/M/E/S) and the
  word's POS through a BiLSTM, and the dictionary's own guess for the target; it scores the
  candidates only; trained as the student of an ensemble of three such models
  (`frontend.train_polyphone`), the ensemble being training-only. `polyphone.npz` holds the same
  weights exported for numpy (`frontend.numpy_bilstm`): the front end runs that copy, so it never
  imports torch; the torch model (`torch.load(weights_only=True)`) is the training and reference
  path, and the tests check that both give the same readings.

Readings fixed by the user (lexicon, inline override) are never changed.
"""

import math
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
WEIGHTS = DATA_DIR / "polyphone.pt"
WEIGHTS_NPZ = DATA_DIR / "polyphone.npz"  # the same weights for numpy inference (no torch)
CANDIDATES = DATA_DIR / "polyphone_candidates.tsv"
WORD_TABLE = DATA_DIR / "csmsc_words.tsv"
CHECKPOINT_FORMAT = 1
BMES = {"B": 1, "M": 2, "E": 3, "S": 4}  # 0 is padding


@dataclass
class PolyphoneConfig:
    char_dim: int = 64  # ~5,000 characters; small enough for a ~2 MB file
    tag_dim: int = 16  # BMES and ~55 POS tags
    hidden: int = 96  # per direction; the data (~40k labelled characters) does not carry more
    reading_dim: int = 32  # embedding of the dictionary's guess
    dropout: float = 0.3  # few examples per character: strong regularisation
    members: int = 1  # >1: seeds averaged (probabilities); the training teacher, never shipped


@lru_cache(maxsize=1)
def candidates():
    """{char: [readings]} of the polyphonic characters the model decides."""
    table = {}
    for line in CANDIDATES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            ch, readings = line.split("\t")
            table[ch] = readings.split()
    return table


@lru_cache(maxsize=1)
def word_table():
    """{word: readings tuple} learnt from CSMSC (None for a merged erhua 儿)."""
    table = {}
    if not WORD_TABLE.is_file():
        return table
    for line in WORD_TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            word, readings = line.split("\t")
            table[word] = tuple(None if r == "-" else r for r in readings.split())
    return table


def char_features(words, vocab):
    """Per-character ids (chars, bmes, pos) of a sentence given as sandhi.Word list."""
    chars, bmes, pos = [], [], []
    char_index, pos_index = vocab["chars"], vocab["pos"]
    for w in words:
        n = len(w.text)
        for i, ch in enumerate(w.text):
            chars.append(char_index.get(ch, 1))
            bmes.append(BMES["S" if n == 1 else "B" if i == 0 else "E" if i == n - 1 else "M"])
            pos.append(pos_index.get(w.pos, 1))
    return chars, bmes, pos


def run_lstm(lstm, x, lengths):
    """Bidirectional LSTM over (B, T, C) padded input -> (B, T, 2H). Packing is skipped when
    no sequence is padded (one sentence: the usual case at inference), which halves the time."""
    from torch import nn

    if bool((lengths == x.shape[1]).all()):
        return lstm(x)[0]
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True,
                                               enforce_sorted=False)
    h, _ = lstm(packed)
    return nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])[0]


def build_model(cfg, num_chars, num_pos, num_readings):
    import torch
    from torch import nn

    class PolyphoneModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.char = nn.Embedding(num_chars, cfg.char_dim, padding_idx=0)
            self.bmes = nn.Embedding(len(BMES) + 1, cfg.tag_dim, padding_idx=0)
            self.pos = nn.Embedding(num_pos, cfg.tag_dim, padding_idx=0)
            self.lstm = nn.LSTM(cfg.char_dim + 2 * cfg.tag_dim, cfg.hidden, batch_first=True,
                                bidirectional=True)
            self.guess = nn.Embedding(num_readings, cfg.reading_dim)
            self.drop = nn.Dropout(cfg.dropout)
            self.out = nn.Linear(2 * cfg.hidden + cfg.reading_dim + cfg.char_dim, num_readings)

        def forward(self, chars, bmes, pos, lengths, rows, cols, guess, mask):
            """chars/bmes/pos: (B, T); rows/cols: (N,) targets; guess: (N,); mask: (N, R) True
            for the target's candidates. Returns (N, R) logits, -inf off the candidates."""
            x = torch.cat([self.char(chars), self.bmes(bmes), self.pos(pos)], dim=-1)  # (B, T, C)
            h = run_lstm(self.lstm, self.drop(x), lengths)  # (B, T, 2H)
            target = h[rows, cols]  # (N, 2H)
            feats = torch.cat([target, self.guess(guess), self.char(chars[rows, cols])], -1)
            logits = self.out(self.drop(feats))  # (N, R)
            return logits.masked_fill(~mask, float("-inf"))

    class PolyphoneEnsemble(nn.Module):
        def __init__(self):
            super().__init__()
            self.members = nn.ModuleList(PolyphoneModel() for _ in range(cfg.members))

        def forward(self, *batch):
            """Log of the members' mean probability, (N, R); -inf off the candidates."""
            logp = torch.stack([m(*batch).log_softmax(-1) for m in self.members])  # (M, N, R)
            return torch.logsumexp(logp, 0) - math.log(len(self.members))

    return PolyphoneModel() if cfg.members == 1 else PolyphoneEnsemble()


def make_batch(sentences, vocab):
    """sentences: [(words, [(char position, dictionary guess, candidates)])] -> tensors."""
    import torch

    reading_index = vocab["readings"]
    feats = [char_features(words, vocab) for words, _ in sentences]
    lengths = torch.tensor([len(f[0]) for f in feats])
    T = int(lengths.max())
    chars = torch.zeros(len(feats), T, dtype=torch.long)
    bmes = torch.zeros_like(chars)
    pos = torch.zeros_like(chars)
    for b, (c, m, p) in enumerate(feats):
        chars[b, :len(c)] = torch.tensor(c)
        bmes[b, :len(m)] = torch.tensor(m)
        pos[b, :len(p)] = torch.tensor(p)
    rows, cols, guess, mask_rows = [], [], [], []
    for b, (_, targets) in enumerate(sentences):
        for col, g, cands in targets:
            rows.append(b)
            cols.append(col)
            guess.append(reading_index.get(g, 0))
            mask_rows.append([reading_index[r] for r in cands if r in reading_index])
    mask = torch.zeros(len(rows), len(reading_index), dtype=torch.bool)
    for n, idx in enumerate(mask_rows):
        mask[n, idx] = True
    return (chars, bmes, pos, lengths, torch.tensor(rows, dtype=torch.long),
            torch.tensor(cols, dtype=torch.long), torch.tensor(guess, dtype=torch.long), mask)


class PolyphoneClassifier:
    """The trained model with its vocabularies (all inside the checkpoint)."""

    def __init__(self, model, vocab, cfg):
        self.model, self.vocab, self.cfg = model, vocab, cfg
        self.readings = sorted(vocab["readings"], key=vocab["readings"].get)

    @classmethod
    def load(cls, path=WEIGHTS):
        import torch

        from frontend.errors import FrontendError

        if not Path(path).is_file():
            raise FrontendError(f"polyphone model not found at {path}: run "
                                f"`python -m frontend.train_polyphone`")
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
        if ckpt.get("format") != CHECKPOINT_FORMAT:
            raise FrontendError(f"{path}: unsupported polyphone checkpoint format")
        cfg = PolyphoneConfig(**ckpt["config"])
        vocab = ckpt["vocab"]
        model = build_model(cfg, len(vocab["chars"]) + 2, len(vocab["pos"]) + 2,
                            len(vocab["readings"]))
        model.load_state_dict(ckpt["model"])
        model.eval()
        return cls(model, vocab, cfg)

    def save(self, path, extra=None):
        import torch

        torch.save({"format": CHECKPOINT_FORMAT, "config": asdict(self.cfg), "vocab": self.vocab,
                    "model": self.model.state_dict(), **(extra or {})}, path)

    def predict(self, sentences):
        """Chosen reading per target, sentence by sentence (see `make_batch`)."""
        import torch

        if not any(targets for _, targets in sentences):
            return [[] for _ in sentences]
        with torch.inference_mode():
            logits = self.model(*make_batch(sentences, self.vocab))
        best = logits.argmax(-1).tolist()
        out, k = [], 0
        for _, targets in sentences:
            out.append([self.readings[i] for i in best[k:k + len(targets)]])
            k += len(targets)
        return out


class NumpyPolyphoneClassifier:
    """`PolyphoneClassifier.predict` in numpy (`frontend.numpy_bilstm`), from `polyphone.npz`:
    the same choices without importing torch."""

    def __init__(self, arrays, vocab):
        from frontend.numpy_bilstm import BiLSTM

        self.vocab = vocab
        self.readings = sorted(vocab["readings"], key=vocab["readings"].get)
        self.char, self.bmes, self.pos, self.guess = (
            arrays[f"{name}.weight"].astype("float32") for name in ("char", "bmes", "pos", "guess"))
        self.lstm = BiLSTM(arrays, "lstm.")
        self.tables = self.lstm.input_tables([self.char, self.bmes, self.pos])
        self.out_w = arrays["out.weight"].T.astype("float32")  # (2H + reading_dim + char_dim, R)
        self.out_b = arrays["out.bias"].astype("float32")
        # candidates -> (their reading ids ascending: torch's tie order, out weights, bias)
        self._columns = {}

    @classmethod
    def load(cls, path=WEIGHTS_NPZ):
        from frontend.errors import FrontendError
        from frontend.numpy_bilstm import load_npz

        if not Path(path).is_file():
            raise FrontendError(f"polyphone model not found at {path}: run "
                                f"`python -m frontend.numpy_bilstm`")
        arrays, meta = load_npz(path)
        if meta.get("format") != CHECKPOINT_FORMAT:
            raise FrontendError(f"{path}: unsupported polyphone checkpoint format")
        return cls(arrays, meta["vocab"])

    def inputs(self, feats):
        """Per-sentence (chars, bmes, pos) id lists -> ((chars, bmes, pos) (B, T) each, lengths)."""
        from frontend.numpy_bilstm import pad_ids

        ids, lengths = pad_ids(*zip(*feats))
        return list(ids), lengths

    def choose(self, h, chars, targets):
        """LSTM states h (B, T, 2H) and the targets of each sentence -> chosen readings."""
        import numpy as np

        rows = [b for b, found in enumerate(targets) for _ in found]
        if not rows:
            return [[] for _ in targets]
        cols = [col for found in targets for col, _, _ in found]
        index = self.vocab["readings"]
        guess = [index.get(g, 0) for found in targets for _, g, _ in found]
        target_feats = np.concatenate(
            [h[rows, cols], self.guess[guess], self.char[chars[rows, cols]]], -1)  # (N, F)
        out, n = [], 0
        for found in targets:
            chosen = []
            for _, _, cands in found:
                # only the candidates' logits: the others are -inf in the torch model
                columns = self._columns.get(tuple(cands))
                if columns is None:
                    ids = sorted(index[r] for r in cands if r in index)
                    columns = (ids, self.out_w[:, ids].copy(), self.out_b[ids])
                    self._columns[tuple(cands)] = columns
                ids, w, b = columns
                chosen.append(self.readings[ids[int(np.argmax(target_feats[n] @ w + b))]])
                n += 1
            out.append(chosen)
        return out

    def predict(self, sentences):
        """Chosen reading per target, sentence by sentence (see `make_batch`)."""
        if not any(targets for _, targets in sentences):
            return [[] for _ in sentences]
        ids, lengths = self.inputs([char_features(words, self.vocab) for words, _ in sentences])
        h = self.lstm.from_ids(self.tables, ids, lengths)  # (B, T, 2H)
        return self.choose(h, ids[0], [targets for _, targets in sentences])


_CLASSIFIER = None


def get_classifier():
    """The shipped classifier: the numpy one when `polyphone.npz` is there (torch is then never
    imported), else the torch one."""
    global _CLASSIFIER
    if _CLASSIFIER is None:
        if WEIGHTS_NPZ.is_file():
            _CLASSIFIER = NumpyPolyphoneClassifier.load()
        else:
            import torch

            torch.set_num_threads(1)  # tiny model: threads cost more than they give
            _CLASSIFIER = PolyphoneClassifier.load()
    return _CLASSIFIER


def apply_word_table(words):
    """Replace dictionary readings with the CSMSC-learnt ones (not where the user fixed them)."""
    table = word_table()
    for w in words:
        readings = table.get(w.text)
        if readings is not None and not any(w.locked):
            w.readings = list(readings)
            w.learnt = True


def citation_tones(words):
    """Undo neutral tones that are spoken, not lexical, in place (`Frontend.pinyin(sandhi=False)`
    gives citation readings, the CPP convention):
    - the word table's: where a learnt word has tone 5 and the dictionary a full tone of the
      same syllable (父亲 qin5 -> qin1, 衣服 fu5 -> fu2), the dictionary's;
    - pypinyin's phrase dictionary's, for a polyphonic character whose standard readings have
      no tone 5 of that syllable but one full tone of it (弟弟 di5 -> di4).
    Not where the neutral syllable is one of the character's own readings (变得 de5, a lexical
    neutral tone). A neutral tone is otherwise a spoken tone, like sandhi."""
    from frontend.pinyin import word_pinyin

    cands = candidates()
    for w in words:
        if not (w.learnt or w.in_dict) or len(w.text) < 2:
            continue  # a learnt single character is the classifier's choice
        dictionary = word_pinyin(w.text) if w.learnt else w.readings
        for i, (r, d) in enumerate(zip(w.readings, dictionary)):
            if r is None or w.locked[i] or r[-1] != "5" or r in cands.get(w.text[i], ()):
                continue
            if w.learnt and d and d[-1] != "5" and d[:-1] == r[:-1]:
                w.readings[i] = d
                continue
            full = [c for c in cands.get(w.text[i], ()) if c[:-1] == r[:-1]]
            if len(full) == 1:
                w.readings[i] = full[0]
    return words


def targets(words):
    """[(char position, dictionary guess, candidates)] of the characters the model decides: those
    not fixed by the user nor in a learnt or pypinyin phrase-dictionary word of two or more
    characters."""
    cands = candidates()
    out, k = [], 0
    for w in words:
        # pypinyin's phrase dictionary is mostly right for the words it lists (人行道, 银行); with
        # today's model, trusting it gave the same CPP accuracy as letting the model overrule it
        # (1,812 of 1,879 both, over the validation split and 10% of the training part held out)
        # and fewer reruns of the rules. A learnt single character (得 de5, 为 wei2, 调 tiao2) is
        # only the reading CSMSC uses most: the model decides it, from that guess.
        trusted = len(w.text) > 1 and (w.learnt or w.in_dict)
        for i, ch in enumerate(w.text):
            if ch in cands and not w.locked[i] and not trusted and w.readings[i] is not None:
                out.append((k + i, w.readings[i], cands[ch]))
        k += len(w.text)
    return out


def disambiguate(words, model=True):
    """Set the reading of each polyphonic character of one sentence (list of sandhi.Word)."""
    return disambiguate_many([words], model)[0]


def disambiguate_many(sentences, model=True, batch_size=64):
    """`disambiguate` for many sentences, the model run over batches of them."""
    for words in sentences:
        apply_word_table(words)
    if not model:
        return sentences
    found = [targets(words) for words in sentences]
    todo = [n for n, f in enumerate(found) if f]
    for start in range(0, len(todo), batch_size):
        chunk = todo[start:start + batch_size]
        chosen = get_classifier().predict([(sentences[n], found[n]) for n in chunk])
        for n, readings in zip(chunk, chosen):
            _set_choices(sentences[n], found[n], readings)
    return sentences


# --- tone correction: CSMSC's neutral tones and third-tone sandhi as spoken ---------------------
#
# The rules of `frontend.sandhi` are right for most syllables, but speakers (and the CSMSC
# annotators) neutralise more syllables than any rule lists (东西 dong1 xi5, 这个 ge5) and carry
# third-tone sandhi over some word boundaries but not others. A second small BiLSTM reads the
# sentence (characters, B/M/E/S, POS) with the rules' tone of every syllable and gives the tone
# as spoken (1-5); the syllable itself never changes. Weights: `tone.pt` (torch), `tone.npz` (the
# numpy copy the front end runs).

TONE_WEIGHTS = DATA_DIR / "tone.pt"
TONE_WEIGHTS_NPZ = DATA_DIR / "tone.npz"


def build_tone_model(cfg, num_chars, num_pos):
    import torch
    from torch import nn

    class ToneModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.char = nn.Embedding(num_chars, cfg.char_dim, padding_idx=0)
            self.bmes = nn.Embedding(len(BMES) + 1, cfg.tag_dim, padding_idx=0)
            self.pos = nn.Embedding(num_pos, cfg.tag_dim, padding_idx=0)
            self.tone = nn.Embedding(7, cfg.tag_dim, padding_idx=0)  # 1-5, 6 no syllable
            self.lstm = nn.LSTM(cfg.char_dim + 3 * cfg.tag_dim, cfg.hidden, batch_first=True,
                                bidirectional=True)
            self.drop = nn.Dropout(cfg.dropout)
            self.out = nn.Linear(2 * cfg.hidden + cfg.tag_dim, 6)  # tone 1-5 (0 unused)

        def forward(self, chars, bmes, pos, tones, lengths):
            """(B, T) ids each -> (B, T, 6) logits of the spoken tone."""
            t = self.tone(tones)
            x = torch.cat([self.char(chars), self.bmes(bmes), self.pos(pos), t], dim=-1)
            h = run_lstm(self.lstm, self.drop(x), lengths)  # (B, T, 2H)
            logits = self.out(torch.cat([self.drop(h), t], -1))
            return logits.masked_fill(
                torch.arange(6, device=logits.device) == 0, float("-inf"))

    return ToneModel()


def tone_batch(sentences, vocab):
    """sentences: lists of sandhi.Word (after the rules) -> (chars, bmes, pos, tones, lengths)."""
    import torch

    feats = [char_features(words, vocab) for words in sentences]
    tones = [tone_codes(words) for words in sentences]
    lengths = torch.tensor([len(f[0]) for f in feats])
    T = int(lengths.max())
    out = [torch.zeros(len(feats), T, dtype=torch.long) for _ in range(4)]
    for b, (c, m, p) in enumerate(feats):
        for tensor, values in zip(out, (c, m, p, tones[b])):
            tensor[b, :len(values)] = torch.tensor(values)
    return (*out, lengths)


class ToneCorrector:
    def __init__(self, model, vocab, cfg):
        self.model, self.vocab, self.cfg = model, vocab, cfg

    @classmethod
    def load(cls, path=TONE_WEIGHTS):
        import torch

        from frontend.errors import FrontendError

        if not Path(path).is_file():
            raise FrontendError(f"tone model not found at {path}: run "
                                f"`python -m frontend.train_polyphone`")
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
        if ckpt.get("format") != CHECKPOINT_FORMAT:
            raise FrontendError(f"{path}: unsupported tone checkpoint format")
        cfg = PolyphoneConfig(**ckpt["config"])
        vocab = ckpt["vocab"]
        model = build_tone_model(cfg, len(vocab["chars"]) + 2, len(vocab["pos"]) + 2)
        model.load_state_dict(ckpt["model"])
        model.eval()
        return cls(model, vocab, cfg)

    def save(self, path, extra=None):
        import torch

        torch.save({"format": CHECKPOINT_FORMAT, "config": asdict(self.cfg), "vocab": self.vocab,
                    "model": self.model.state_dict(), **(extra or {})}, path)

    def predict(self, sentences):
        """Spoken tone (1-5) per character of each sentence (lists of sandhi.Word)."""
        import torch

        with torch.inference_mode():
            logits = self.model(*tone_batch(sentences, self.vocab))
        best = logits.argmax(-1).tolist()
        return [row[:sum(len(w.text) for w in words)] for row, words in zip(best, sentences)]


class NumpyToneCorrector:
    """`ToneCorrector.predict` in numpy, from `tone.npz`."""

    def __init__(self, arrays, vocab):
        from frontend.numpy_bilstm import BiLSTM

        self.vocab = vocab
        self.char, self.bmes, self.pos, self.tone = (
            arrays[f"{name}.weight"].astype("float32") for name in ("char", "bmes", "pos", "tone"))
        self.lstm = BiLSTM(arrays, "lstm.")
        self.tables = self.lstm.input_tables([self.char, self.bmes, self.pos, self.tone])
        # column 0 (no tone) is never chosen: the torch model fills it with -inf
        self.out_w = arrays["out.weight"][1:].T.astype("float32")  # (2H + tag_dim, 5)
        self.out_b = arrays["out.bias"][1:].astype("float32")

    @classmethod
    def load(cls, path=TONE_WEIGHTS_NPZ):
        from frontend.errors import FrontendError
        from frontend.numpy_bilstm import load_npz

        if not Path(path).is_file():
            raise FrontendError(f"tone model not found at {path}: run "
                                f"`python -m frontend.numpy_bilstm`")
        arrays, meta = load_npz(path)
        if meta.get("format") != CHECKPOINT_FORMAT:
            raise FrontendError(f"{path}: unsupported tone checkpoint format")
        return cls(arrays, meta["vocab"])

    def inputs(self, feats, tones):
        """Per-sentence (chars, bmes, pos) id lists and tone codes -> ((chars, bmes, pos, tones)
        (B, T) each, lengths)."""
        from frontend.numpy_bilstm import pad_ids

        ids, lengths = pad_ids(*zip(*feats), tones)
        return list(ids), lengths

    def tones(self, h, tones, lengths):
        """LSTM states h (B, T, 2H), tone codes (B, T) -> spoken tone (1-5) per character."""
        import numpy as np

        logits = np.concatenate([h, self.tone[tones]], -1) @ self.out_w + self.out_b  # (B, T, 5)
        best = (logits.argmax(-1) + 1).tolist()
        return [row[:n] for row, n in zip(best, lengths.tolist())]

    def predict(self, sentences):
        """Spoken tone (1-5) per character of each sentence (lists of sandhi.Word)."""
        ids, lengths = self.inputs([char_features(words, self.vocab) for words in sentences],
                                   [tone_codes(words) for words in sentences])
        return self.tones(self.lstm.from_ids(self.tables, ids, lengths), ids[3], lengths)


def tone_codes(words):
    """The tone model's input per character: the rules' tone 1-5, 6 where there is no syllable."""
    return [int(r[-1]) if r else 6 for w in words for r in w.readings]


_TONE = None


def get_tone_corrector():
    """The shipped tone corrector: numpy when `tone.npz` is there, else torch."""
    global _TONE
    if _TONE is None:
        if TONE_WEIGHTS_NPZ.is_file():
            _TONE = NumpyToneCorrector.load()
        else:
            import torch

            torch.set_num_threads(1)
            _TONE = ToneCorrector.load()
    return _TONE


def correct_tones(words):
    """Set the spoken tone of each syllable of one sentence (after `sandhi.apply_sandhi`);
    readings the user fixed are kept."""
    return correct_tones_many([words])[0]


def correct_tones_many(sentences, batch_size=64):
    """`correct_tones` for many sentences, the model run over batches of them."""
    todo = [words for words in sentences if any(r for w in words for r in w.readings)]
    for start in range(0, len(todo), batch_size):
        chunk = todo[start:start + batch_size]
        for words, tones in zip(chunk, get_tone_corrector().predict(chunk)):
            _set_tones(words, tones)
    return sentences


# 一 and 不 that the sandhi rules made neutral (A一A 看一看, V不C 对不起 看不见): patterns that
# are rare or absent in CSMSC, where the tone model has nothing to learn from and once gave
# yi4/bu4. It keeps their neutral tone.
_RULE_NEUTRAL = frozenset("一不")


def _set_tones(words, tones):
    k = 0
    for w in words:
        for i, r in enumerate(w.readings):
            if (r is not None and not w.locked[i]
                    and not (r[-1] == "5" and w.text[i] in _RULE_NEUTRAL)):
                w.readings[i] = r[:-1] + str(tones[k])
            k += 1


def _set_choices(words, found, chosen):
    where = [(wi, i) for wi, w in enumerate(words) for i in range(len(w.text))]
    for (pos, _, _), reading in zip(found, chosen):
        wi, i = where[pos]
        words[wi].readings[i] = reading


@lru_cache(maxsize=4)
def _same_vocab(clf, corrector):
    """Both models index characters and POS tags alike (they do when trained together): their
    features are then computed once."""
    return (clf.vocab["chars"] == corrector.vocab["chars"]
            and clf.vocab["pos"] == corrector.vocab["pos"])


def resolve_many(sentences, breaks=None, batch_size=64):
    """The whole pinyin path after the dictionary, for many sentences (lists of sandhi.Word):
    `disambiguate_many`, then the sandhi rules (with each sentence's breaks, or None), then
    `correct_tones_many`; the same readings as running those three one after the other.

    With the numpy models it runs both LSTMs in one recurrence (`numpy_bilstm.run_together`),
    which needs the tone model's input before the classifier has chosen: the rules are applied
    first to the dictionary's guesses. Where the classifier then picks another reading (426 of
    the 9,000 CSMSC sentences) the rules run again on its choice, and where that changes a tone
    of the rules' output (353 of them) the tone model runs a second time."""
    from frontend.sandhi import apply_sandhi

    breaks = list(breaks) if breaks is not None else [None] * len(sentences)
    clf, corrector = get_classifier(), get_tone_corrector()
    if not (isinstance(clf, NumpyPolyphoneClassifier)
            and isinstance(corrector, NumpyToneCorrector)):
        disambiguate_many(sentences, batch_size=batch_size)  # the torch models: one by one
        for words, b in zip(sentences, breaks):
            apply_sandhi(words, b)
        return correct_tones_many(sentences, batch_size)
    from frontend.numpy_bilstm import run_together

    for words in sentences:
        apply_word_table(words)
    found = [targets(words) for words in sentences]
    dictionary = [[list(w.readings) for w in words] for words in sentences]
    for words, b in zip(sentences, breaks):
        apply_sandhi(words, b)
    todo = [n for n, words in enumerate(sentences) if any(r for w in words for r in w.readings)]
    again = []  # sentences whose tone model input changed with the classifier's choices
    same_vocab = _same_vocab(clf, corrector)
    for start in range(0, len(todo), batch_size):
        chunk = todo[start:start + batch_size]
        feats = [char_features(sentences[n], clf.vocab) for n in chunk]
        tone_feats = feats if same_vocab else [char_features(sentences[n], corrector.vocab)
                                               for n in chunk]
        codes = [tone_codes(sentences[n]) for n in chunk]
        ids, lengths = clf.inputs(feats)
        tone_ids, _ = corrector.inputs(tone_feats, codes)
        h, h_tone = run_together([clf.lstm, corrector.lstm], [clf.tables, corrector.tables],
                                 [ids, tone_ids], lengths)
        chosen = clf.choose(h, ids[0], [found[n] for n in chunk])
        for n, picks, tones, code in zip(chunk, chosen,
                                         corrector.tones(h_tone, tone_ids[3], lengths), codes):
            words = sentences[n]
            if any(p != g for p, (_, g, _) in zip(picks, found[n])):
                for w, readings in zip(words, dictionary[n]):
                    w.readings = list(readings)
                _set_choices(words, found[n], picks)
                apply_sandhi(words, breaks[n])
                if tone_codes(words) != code:
                    again.append(words)
                    continue
            _set_tones(words, tones)
    correct_tones_many(again, batch_size)
    return sentences
