"""Prosodic break prediction (CSMSC #1-#4) with a character BiLSTM-CRF.

After each character of a sentence the model predicts a break level: 0 none, 1 prosodic word,
2 prosodic phrase, 3 intonational phrase, 4 sentence end. CSMSC writes the mark after the last
character of a unit and before any punctuation (`卡尔普#2陪外孙#1玩滑梯#4。`), so the model runs
over the *tokens* of a sentence (letters and digits of any script, i.e. Chinese characters, Latin
letters, numbers) and sees punctuation only as features of its neighbouring tokens.

Features of each token: the character, its place in its jieba word (B/M/E/S), the word itself
and its POS tag, the punctuation right after it (first and last mark) and right before it, and
what jieba's dictionary says around it (`lexicon_features`: the longest dictionary word starting
at it, ending at it, spanning the boundary after it, and how common its own word is). These go
through a BiLSTM and a linear layer to emissions over the 5 levels, scored by a linear-chain CRF
(`frontend.crf`) and decoded from its marginals (`decode_levels`). The last token of a sentence
always gets #4, as in the corpus, and no break is placed inside a non-Chinese word or number
(`iPhone`, `3.11`).

The shipped model is an ensemble of two such taggers trained from different seeds; their
emission scores and CRF parameters are averaged (`ProsodyPredictor`). Its weights
(`frontend/data/prosody.pt`, built by `tts train-prosody`, see `frontend.train_prosody`) hold
the config, the vocabularies and every member's weights (under `members.{i}.` in one state
dict), so no side file is needed. torch is for training: the front end runs the same model in
numpy (`NumpyProsodyPredictor`: `frontend.numpy_bilstm`, `frontend.numpy_crf`) from
`prosody.npz`, the `.pt` exported by the training script (or `python -m frontend.numpy_bilstm`),
loaded on first use without pickle. Importing torch (1-2 s) and starting jieba.posseg (1 s) would
take most of the front end's start-up budget (issue 4: 1.5 s); the word features come from
`frontend.segment` (jieba's segmentation with its HMM, without jieba). Both paths give the same
breaks on all 9,000 CSMSC sentences (BENCHMARKS.md, "Prosody").
"""

import math
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from frontend.errors import FrontendError

DEFAULT_CHECKPOINT = Path(__file__).resolve().parent / "data" / "prosody.pt"
DEFAULT_NPZ = DEFAULT_CHECKPOINT.with_suffix(".npz")  # the same weights for numpy (no torch)
CHECKPOINT_FORMAT = 2  # 2: ensemble members in one state dict, lexicon features
NUM_LEVELS = 5  # 0 none, #1 .. #4
MARK_RE = re.compile(r"#([1-4])")

# Punctuation classes: the model only needs to know what kind of mark sits next to a token.
# 0 is padding, 1 "no punctuation here", 2 "sentence boundary (start/end of the text)".
_PUNCT_GROUPS = [
    "，,",  # comma
    "。.",  # full stop
    "？?",  # question
    "！!",  # exclamation
    "、",  # enumeration comma
    "：:",  # colon
    "；;",  # semicolon
    "“‘「『\"'",  # opening quote (ASCII quotes land here; they cannot be told apart)
    "”’」』",  # closing quote
    "…",  # ellipsis
    "—–-~～",  # dash
    "（([【《〈{",  # opening bracket
    "）)]】》〉}",  # closing bracket
]
PUNCT_NONE, PUNCT_EDGE, PUNCT_SPACE, PUNCT_OTHER = 1, 2, 3, 4
_PUNCT_CLASS = {ch: 5 + i for i, group in enumerate(_PUNCT_GROUPS) for ch in group}
NUM_PUNCT_CLASSES = 5 + len(_PUNCT_GROUPS)
BMES = {"B": 1, "M": 2, "E": 3, "S": 4}  # 0 is padding
# Lexicon features from jieba's dictionary (about 350,000 words, far more than the 8,100 training
# sentences show): the longest dictionary word of 2..MAX_LEX_LEN characters that starts at a
# token, ends at it, or spans the boundary after it; and the log count of the token's own word.
MAX_LEX_LEN = 6
NUM_LEX_IDS = MAX_LEX_LEN + 1  # 0 padding, 1 no such word, 2..MAX_LEX_LEN the length
NUM_FREQ_BUCKETS = 13  # 0 padding, 1 not in the dictionary, 2.. log4 of the count


@dataclass
class ProsodyConfig:
    char_dim: int = 96  # ~4,000 distinct characters in CSMSC; enough room without bloating the file
    bmes_dim: int = 8  # 4 values
    pos_dim: int = 16  # ~55 jieba POS tags
    word_dim: int = 32  # jieba words seen twice or more in training; 0 turns the feature off
    punct_dim: int = 16  # 18 punctuation classes, three features
    lex_dim: int = 8  # 7 dictionary-word lengths (3 features) and 13 count buckets; 0 = off
    hidden: int = 128  # per direction; keeps the file a few MB and inference > 5k chars/s
    layers: int = 2  # phrase breaks (#2) depend on context beyond the neighbouring words
    dropout: float = 0.3  # 8,100 training sentences overfit quickly without it


def is_token(ch):
    """True for characters that carry a break (letters and digits of any script)."""
    return unicodedata.category(ch)[0] in "LN"


def is_cjk(ch):
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def punct_class(ch):
    if ch.isspace():
        return PUNCT_SPACE
    return _PUNCT_CLASS.get(ch, PUNCT_OTHER)


def lexicon_features(text, positions, words):
    """jieba-dictionary features of the tokens at `positions` of `text` (see MAX_LEX_LEN):
    four id lists (begin, end, span, freq)."""
    from frontend.segment import get_dictionary

    lexicon = get_dictionary()
    n = len(text)
    begin, end, span = [1] * n, [1] * n, [1] * n
    for start in range(n):
        if not is_cjk(text[start]):
            continue
        freqs = lexicon.freqs(text[start])
        for stop in range(start + 2, min(start + MAX_LEX_LEN, n) + 1):
            count = freqs.get(text[start:stop])
            if count is None:
                break  # not even a prefix of a dictionary word
            if count:
                size = stop - start
                begin[start] = size  # lengths grow with `stop`: the last one is the longest
                end[stop - 1] = max(end[stop - 1], size)
                for i in range(start, stop - 1):
                    span[i] = max(span[i], size)
    freq = [0] * n
    offset = 0
    for word, _ in words:
        count = lexicon.freqs(word[0]).get(word, 0) if word else 0
        bucket = 1 if not count else min(2 + int(math.log(count, 4)), NUM_FREQ_BUCKETS - 1)
        freq[offset:offset + len(word)] = [bucket] * len(word)
        offset += len(word)
    return ([begin[p] for p in positions], [end[p] for p in positions],
            [span[p] for p in positions], [freq[p] for p in positions])


def strip_marks(text):
    """Remove #1-#4 marks: the inverse of `prosody_text` (for input without `#1`-`#4` itself)."""
    return MARK_RE.sub("", text)


def parse_labelled(labelled):
    """`卡尔普#2陪外孙#1玩滑梯#4。` -> (`卡尔普陪外孙玩滑梯。`, break level after each character).

    A mark belongs to the last token before it, also when punctuation stands in between (a few
    CSMSC lines put it after a closing quote); a mark before any token is dropped.
    """
    text, breaks, last_token = [], [], None
    pos = 0
    for match in MARK_RE.finditer(labelled):
        for ch in labelled[pos:match.start()]:
            if is_token(ch):
                last_token = len(text)
            text.append(ch)
            breaks.append(0)
        if last_token is not None:
            breaks[last_token] = max(breaks[last_token], int(match.group(1)))
        pos = match.end()
    for ch in labelled[pos:]:
        text.append(ch)
        breaks.append(0)
    return "".join(text), breaks


def segment_text(text):
    """(word, POS) pairs covering `text`: the front end's jieba.posseg segmentation, used for
    training and inference alike so that the word features agree."""
    from frontend.segment import segment

    return segment(text)


def sentence_features(words, char_index, pos_index, word_index=None):
    """Per-token feature ids of one sentence given as (word, POS) pairs.

    Returns (token positions in the sentence's text, dict of equal-length id lists).
    """
    text = "".join(w for w, _ in words)
    word_index = word_index or {}
    positions, chars, bmes, pos, word_ids, inner = [], [], [], [], [], []
    offset = 0
    for word, tag in words:
        inside = [i for i, ch in enumerate(word) if is_token(ch)]
        for k, i in enumerate(inside):
            positions.append(offset + i)
            chars.append(char_index.get(word[i], 1))
            if len(inside) == 1:
                bmes.append(BMES["S"])
            else:
                bmes.append(BMES["B"] if k == 0 else BMES["E"] if k == len(inside) - 1 else BMES["M"])
            pos.append(pos_index.get(tag, 1))
            word_ids.append(word_index.get(word, 1))
            # Latin words and numbers hardly occur in CSMSC: never break inside one
            inner.append(int(k < len(inside) - 1 and not is_cjk(word[i])))
        offset += len(word)
    next_first, next_last, prev_last = [], [], []
    for k, p in enumerate(positions):
        end = positions[k + 1] if k + 1 < len(positions) else len(text)
        gap = text[p + 1:end]
        if gap:
            next_first.append(punct_class(gap[0]))
            next_last.append(punct_class(gap[-1]))
        else:
            edge = k + 1 == len(positions)
            next_first.append(PUNCT_EDGE if edge else PUNCT_NONE)
            next_last.append(PUNCT_EDGE if edge else PUNCT_NONE)
        start = positions[k - 1] + 1 if k > 0 else 0
        gap = text[start:p]
        prev_last.append(punct_class(gap[-1]) if gap else PUNCT_EDGE if k == 0 else PUNCT_NONE)
    lex_begin, lex_end, lex_span, word_freq = lexicon_features(text, positions, words)
    feats = {"chars": chars, "bmes": bmes, "pos": pos, "words": word_ids,
             "next_first": next_first, "next_last": next_last, "prev_last": prev_last,
             "lex_begin": lex_begin, "lex_end": lex_end, "lex_span": lex_span,
             "word_freq": word_freq, "inner": inner}
    return positions, feats


FEATURE_NAMES = ["chars", "bmes", "pos", "words", "next_first", "next_last", "prev_last",
                 "lex_begin", "lex_end", "lex_span", "word_freq", "inner"]


def _build_model(cfg, num_chars, num_pos, num_words=2):
    import torch
    from torch import nn

    from frontend.crf import LinearChainCRF

    class ProsodyTagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.char_emb = nn.Embedding(num_chars, cfg.char_dim, padding_idx=0)
            self.bmes_emb = nn.Embedding(len(BMES) + 1, cfg.bmes_dim, padding_idx=0)
            self.pos_emb = nn.Embedding(num_pos, cfg.pos_dim, padding_idx=0)
            self.punct_emb = nn.Embedding(NUM_PUNCT_CLASSES, cfg.punct_dim, padding_idx=0)
            if cfg.word_dim:
                self.word_emb = nn.Embedding(num_words, cfg.word_dim, padding_idx=0)
            if cfg.lex_dim:
                self.lex_emb = nn.Embedding(NUM_LEX_IDS, cfg.lex_dim, padding_idx=0)
                self.freq_emb = nn.Embedding(NUM_FREQ_BUCKETS, cfg.lex_dim, padding_idx=0)
            in_dim = (cfg.char_dim + cfg.bmes_dim + cfg.pos_dim + cfg.word_dim + 3 * cfg.punct_dim
                      + 4 * cfg.lex_dim)
            self.dropout = nn.Dropout(cfg.dropout)
            self.lstm = nn.LSTM(in_dim, cfg.hidden, num_layers=cfg.layers, batch_first=True,
                                bidirectional=True, dropout=cfg.dropout if cfg.layers > 1 else 0.0)
            self.proj = nn.Linear(2 * cfg.hidden, NUM_LEVELS)
            self.crf = LinearChainCRF(NUM_LEVELS)

        def emissions(self, feats, lengths):
            """feats: name -> (B, T) long; lengths (B,) -> emissions (B, T, NUM_LEVELS)."""
            parts = [
                self.char_emb(feats["chars"]),
                self.bmes_emb(feats["bmes"]),
                self.pos_emb(feats["pos"]),
                self.punct_emb(feats["next_first"]),
                self.punct_emb(feats["next_last"]),
                self.punct_emb(feats["prev_last"]),
            ]
            if cfg.word_dim:
                parts.append(self.word_emb(feats["words"]))
            if cfg.lex_dim:
                for name in ("lex_begin", "lex_end", "lex_span"):
                    parts.append(self.lex_emb(feats[name]))
                parts.append(self.freq_emb(feats["word_freq"]))
            x = torch.cat(parts, dim=-1)  # (B, T, in_dim)
            x = self.dropout(x)
            # Packing keeps padding out of the backward direction: batched == one at a time.
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True,
                                                       enforce_sorted=False)
            out, _ = self.lstm(packed)
            out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True,
                                                      total_length=x.size(1))  # (B, T, 2H)
            return self.proj(self.dropout(out))  # (B, T, NUM_LEVELS)

        def loss(self, feats, lengths, labels, mask):
            em = self.emissions(feats, lengths)
            return -self.crf.log_likelihood(em, labels, mask).mean()

        def decode(self, feats, lengths, mask):
            return decode_levels(self.crf, self.emissions(feats, lengths), feats, lengths, mask)

    return ProsodyTagger()


def decode_levels(crf, em, feats, lengths, mask):
    """Emissions (B, T, NUM_LEVELS) -> break level of each token (B, T), 0 on padding.

    Each level is chosen from the CRF's marginals, not its single best sequence (Viterbi): the
    level is the highest k with p(level >= k) > 0.5, which makes the expected number of boundary
    errors at every threshold k as small as it can be, and the corpus is scored at those
    thresholds. The marginals of `>= k` fall as k grows, so the levels are consistent. On the
    validation split IPH F1 rose by up to 0.003 over Viterbi and fell for none of the 7 models
    compared; PW and PPH moved by 0.002 at most (BENCHMARKS.md).
    """
    import torch

    em = em.clone()
    # The corpus ends every sentence with #4: force it on the last token.
    last = (lengths - 1).clamp(min=0)
    force = torch.full((NUM_LEVELS,), -1e4, dtype=em.dtype)
    force[NUM_LEVELS - 1] = 0.0
    rows = torch.arange(em.size(0))
    em[rows, last] = em[rows, last] + force
    # no break inside a non-Chinese word (see `sentence_features`)
    em[..., 1:] = em[..., 1:] - 1e4 * feats["inner"].unsqueeze(-1).to(em.dtype)
    marginals = crf.marginals(em, mask)  # (B, T, NUM_LEVELS)
    at_least = marginals.flip(-1).cumsum(-1).flip(-1)  # p(level >= k), (B, T, NUM_LEVELS)
    return (at_least[..., 1:] > 0.5).long().sum(-1).masked_fill(~mask, 0)  # (B, T)


def pad_batch(feature_dicts):
    """List of per-sentence feature dicts (each non-empty) -> (feats (B, T), lengths, mask)."""
    import torch

    lengths = torch.tensor([len(f["chars"]) for f in feature_dicts])
    steps = int(lengths.max())
    feats = {}
    for name in FEATURE_NAMES:
        t = torch.zeros(len(feature_dicts), steps, dtype=torch.long)
        for b, f in enumerate(feature_dicts):
            t[b, :len(f[name])] = torch.tensor(f[name])
        feats[name] = t
    mask = torch.arange(steps)[None, :] < lengths[:, None]  # (B, T)
    return feats, lengths, mask


class ProsodyPredictor:
    """The trained tagger(s) plus their vocabularies; `predict` maps (word, POS) sentences to
    breaks.

    models: one tagger, or several trained alike from different seeds (an ensemble). An ensemble
    averages the members' emission scores and CRF parameters, i.e. it scores a label sequence by
    the mean of the members' scores; the seed-to-seed swing of the #2/#3 choice mostly cancels.
    """

    def __init__(self, models, chars, pos_tags, cfg, words=()):
        self.models = list(models) if isinstance(models, (list, tuple)) else [models]
        for model in self.models:
            model.eval()
        self.crf = self.models[0].crf if len(self.models) == 1 else _mean_crf(self.models)
        self.cfg = cfg
        self.char_index = {ch: i + 2 for i, ch in enumerate(chars)}  # 0 pad, 1 unknown
        self.pos_index = {tag: i + 2 for i, tag in enumerate(pos_tags)}
        self.word_index = {w: i + 2 for i, w in enumerate(words)}

    @classmethod
    def load(cls, path=DEFAULT_CHECKPOINT):
        import torch

        path = Path(path)
        if not path.is_file():
            raise FrontendError(f"prosody model not found at {path}: run `tts train-prosody`")
        try:
            ckpt = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as err:  # truncated zip, pickled code, not a torch file
            first = (str(err).strip().splitlines() or [type(err).__name__])[0]
            raise FrontendError(f"cannot read prosody model {path}: {first}") from None
        if not isinstance(ckpt, dict) or ckpt.get("format") != CHECKPOINT_FORMAT:
            raise FrontendError(f"{path} is not a prosody checkpoint of format {CHECKPOINT_FORMAT}"
                                " (rebuild it with `tts train-prosody`)")
        cfg = ProsodyConfig(**ckpt["config"])
        chars, pos_tags, words = ckpt["chars"], ckpt["pos_tags"], ckpt["words"]
        models = []
        for i in range(ckpt["members"]):
            prefix = f"members.{i}."
            model = _build_model(cfg, len(chars) + 2, len(pos_tags) + 2, len(words) + 2)
            try:
                model.load_state_dict({k[len(prefix):]: v.float() for k, v in ckpt["state_dict"].items()
                                       if k.startswith(prefix)})
            except RuntimeError as err:  # weights of another version of the model
                raise FrontendError(f"{path}: weights do not fit this version of the prosody model "
                                    f"({str(err).splitlines()[0]}); rebuild it with `tts train-prosody`") from None
            models.append(model)
        return cls(models, chars, pos_tags, cfg, words)

    def save(self, path, extra=None):
        import torch

        chars = sorted(self.char_index, key=self.char_index.get)
        pos_tags = sorted(self.pos_index, key=self.pos_index.get)
        words = sorted(self.word_index, key=self.word_index.get)
        ckpt = {
            "format": CHECKPOINT_FORMAT,
            "config": asdict(self.cfg),
            "chars": "".join(chars),
            "pos_tags": pos_tags,
            "words": words,
            "members": len(self.models),
            # one flat state dict, member i's tensors under `members.{i}.`; fp16 halves the
            # file, and the rounding changed no decoded break on the validation split
            "state_dict": {f"members.{i}.{k}": v.detach().half()
                           for i, model in enumerate(self.models)
                           for k, v in model.state_dict().items()},
        }
        ckpt.update(extra or {})
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        torch.save(ckpt, path)

    def predict(self, sentences, batch_size=256):
        """(word, POS) sentences -> break level after each character (see `predict_breaks`)."""
        import torch

        results = [[0] * sum(len(w) for w, _ in words) for words in sentences]
        items = []
        for i, words in enumerate(sentences):
            positions, feats = sentence_features(words, self.char_index, self.pos_index,
                                                 self.word_index)
            if positions:
                items.append((i, positions, feats))
        # Similar lengths together: less padding to run through the LSTM.
        items.sort(key=lambda item: len(item[1]))
        with torch.inference_mode():
            for start in range(0, len(items), batch_size):
                chunk = items[start:start + batch_size]
                feats, lengths, mask = pad_batch([f for _, _, f in chunk])
                em = self.models[0].emissions(feats, lengths)  # (B, T, NUM_LEVELS)
                for model in self.models[1:]:
                    em = em + model.emissions(feats, lengths)
                em = em / len(self.models)
                labels = decode_levels(self.crf, em, feats, lengths, mask).tolist()
                for (i, positions, _), row in zip(chunk, labels):
                    for p, level in zip(positions, row):
                        results[i][p] = level
        return results


class NumpyProsodyPredictor:
    """`ProsodyPredictor.predict` in numpy (`frontend.numpy_bilstm`, `frontend.numpy_crf`),
    from the `.npz` export of the checkpoint: the same breaks without importing torch."""

    def __init__(self, arrays, meta):
        from frontend.numpy_bilstm import BiLSTM

        self.cfg = cfg = ProsodyConfig(**meta["config"])
        self.char_index = {ch: i + 2 for i, ch in enumerate(meta["chars"])}  # 0 pad, 1 unknown
        self.pos_index = {tag: i + 2 for i, tag in enumerate(meta["pos_tags"])}
        self.word_index = {w: i + 2 for i, w in enumerate(meta["words"])}
        self.members = []  # (BiLSTM, embeddings, proj weight (2H, L), proj bias (L,))
        crfs = []
        for i in range(meta["members"]):
            def weight(name):
                return arrays[f"members.{i}.{name}"].astype(np.float32)  # fp16 -> fp32 exactly

            lstm = BiLSTM(arrays, f"members.{i}.lstm.", layers=cfg.layers)
            punct = weight("punct_emb.weight")
            # in the order in which the torch model's `emissions` joins them
            embeddings = [weight("char_emb.weight"), weight("bmes_emb.weight"),
                          weight("pos_emb.weight"), punct, punct, punct]
            if cfg.word_dim:
                embeddings.append(weight("word_emb.weight"))
            if cfg.lex_dim:
                lex = weight("lex_emb.weight")
                embeddings += [lex, lex, lex, weight("freq_emb.weight")]
            lstm_in, hidden = lstm.layers[0][0].shape[1], lstm.layers[0][3]
            if sum(e.shape[1] for e in embeddings) != lstm_in:
                raise ValueError(f"embeddings are {sum(e.shape[1] for e in embeddings)} wide, "
                                 f"the LSTM takes {lstm_in}")
            if embeddings[0].shape[0] != len(self.char_index) + 2:
                raise ValueError(f"{embeddings[0].shape[0]} character embeddings for "
                                 f"{len(self.char_index)} characters")
            if weight("proj.weight").shape != (NUM_LEVELS, 2 * hidden):
                raise ValueError(f"proj.weight is {weight('proj.weight').shape}")
            # The embeddings go in as they are, not as embedding x input-weight tables
            # (`BiLSTM.input_tables`): those would be 90 MB for the 7,500 words and 4,000
            # characters of two members, and making them took longer than the rest of the load.
            self.members.append((lstm, embeddings, weight("proj.weight").T.copy(),
                                 weight("proj.bias")))
            crfs.append([weight(f"crf.{name}") for name in ("start", "end", "transitions")])
        # the ensemble's CRF: the members' parameters averaged, as `_mean_crf`
        self.crf = [np.mean(np.stack(group), axis=0, dtype=np.float32) for group in zip(*crfs)]
        self.feature_order = ["chars", "bmes", "pos", "next_first", "next_last", "prev_last"]
        if cfg.word_dim:
            self.feature_order.append("words")
        if cfg.lex_dim:
            self.feature_order += ["lex_begin", "lex_end", "lex_span", "word_freq"]

    @classmethod
    def load(cls, path=DEFAULT_NPZ):
        from frontend.numpy_bilstm import load_npz

        path = Path(path)
        if not path.is_file():
            raise FrontendError(f"prosody model not found at {path}: run `tts train-prosody` "
                                "(or `python -m frontend.numpy_bilstm` to export prosody.pt)")
        try:
            arrays, meta = load_npz(path)
        except Exception as err:  # truncated zip, not an npz, no meta
            first = (str(err).strip().splitlines() or [type(err).__name__])[0]
            raise FrontendError(f"cannot read prosody model {path}: {first}") from None
        if meta.get("format") != CHECKPOINT_FORMAT:
            raise FrontendError(f"{path} is not a prosody model of format {CHECKPOINT_FORMAT}"
                                " (rebuild it with `tts train-prosody`)")
        try:
            return cls(arrays, meta)
        except (KeyError, ValueError, TypeError) as err:
            raise FrontendError(f"{path}: weights do not fit this version of the prosody model "
                                f"({err}); rebuild it with `tts train-prosody`") from None

    def emissions(self, ids, lengths):
        """Feature ids ((B, T) each, in `feature_order`) -> the members' mean emissions
        (B, T, NUM_LEVELS)."""
        em = None
        for lstm, embeddings, proj_w, proj_b in self.members:
            x = np.concatenate([e[i] for e, i in zip(embeddings, ids)], axis=-1)  # (B, T, C)
            h = lstm(x, lengths)  # (B, T, 2H)
            out = h @ proj_w + proj_b  # (B, T, NUM_LEVELS)
            em = out if em is None else em + out
        return em / np.float32(len(self.members))

    def decode(self, em, inner, lengths):
        """`decode_levels` in numpy: em (B, T, NUM_LEVELS), inner (B, T) -> levels (B, T)."""
        from frontend.numpy_crf import marginals

        em = em.copy()
        rows = np.arange(len(lengths))
        force = np.full(NUM_LEVELS, -1e4, dtype=np.float32)
        force[NUM_LEVELS - 1] = 0.0
        em[rows, np.asarray(lengths) - 1] += force
        em[..., 1:] -= np.float32(1e4) * inner[..., None].astype(np.float32)
        p = marginals(em, lengths, *self.crf)  # (B, T, NUM_LEVELS)
        at_least = np.cumsum(p[..., ::-1], axis=-1)[..., ::-1]  # p(level >= k)
        levels = (at_least[..., 1:] > 0.5).sum(-1)  # (B, T)
        return np.where(np.arange(em.shape[1])[None, :] < np.asarray(lengths)[:, None], levels, 0)

    def predict(self, sentences, batch_size=256):
        """(word, POS) sentences -> break level after each character (see `predict_breaks`)."""
        from frontend.numpy_bilstm import pad_ids

        results = [[0] * sum(len(w) for w, _ in words) for words in sentences]
        items = []
        for i, words in enumerate(sentences):
            positions, feats = sentence_features(words, self.char_index, self.pos_index,
                                                 self.word_index)
            if positions:
                items.append((i, positions, feats))
        items.sort(key=lambda item: len(item[1]))  # similar lengths together: less padding
        names = self.feature_order + ["inner"]
        for start in range(0, len(items), batch_size):
            chunk = items[start:start + batch_size]
            ids, lengths = pad_ids(*([f[name] for _, _, f in chunk] for name in names))
            em = self.emissions(list(ids[:-1]), lengths)
            labels = self.decode(em, ids[-1], lengths).tolist()
            for (i, positions, _), row in zip(chunk, labels):
                for p, level in zip(positions, row):
                    results[i][p] = level
        return results


def _mean_crf(models):
    import torch

    from frontend.crf import LinearChainCRF

    crf = LinearChainCRF(NUM_LEVELS)
    with torch.no_grad():
        for name, param in crf.named_parameters():
            param.copy_(torch.stack([dict(m.crf.named_parameters())[name] for m in models]).mean(0))
    return crf


_PREDICTOR = None


def get_predictor():
    """The shipped model, loaded on first use: the numpy one when `prosody.npz` is there (torch
    is then never imported), else the torch one."""
    global _PREDICTOR
    if _PREDICTOR is None:
        if DEFAULT_NPZ.is_file():
            _PREDICTOR = NumpyProsodyPredictor.load()
        else:
            _PREDICTOR = ProsodyPredictor.load()
    return _PREDICTOR


def predict_breaks(sentences):
    """Break level 0-4 after each character of each sentence.

    sentences: list of sentences, each a list of (word, POS) pairs that cover its text exactly,
    punctuation included. Returns one list per sentence with one level per character; a level
    sits on the last token of a unit, punctuation characters get 0.
    """
    for words in sentences:
        for pair in words:
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and isinstance(pair[0], str)):
                raise FrontendError(f"expected (word, POS) pairs, got {pair!r}")
    return get_predictor().predict(sentences)


def insert_marks(text, breaks):
    """Write `#N` after each character with break level N > 0."""
    out = []
    for ch, level in zip(text, breaks):
        out.append(ch)
        if level:
            out.append(f"#{level}")
    return "".join(out)


def prosody_text(text, words=None):
    """`卡尔普陪外孙玩滑梯。` -> `卡尔普#2陪外孙#1玩滑梯#4。`: the text with CSMSC marks inserted.

    words: the (word, POS) segmentation of `text` (segmented here when None). Removing `#1`-`#4`
    from the result gives `text` back, provided `text` itself held no such mark.
    """
    if not isinstance(text, str):
        raise FrontendError(f"text must be a string, got {type(text).__name__}")
    if words is None:
        words = segment_text(text) if text else []
    if "".join(w for w, _ in words) != text:
        raise FrontendError("the words do not cover the text exactly")
    if not any(is_token(ch) for ch in text):
        return text
    return insert_marks(text, predict_breaks([words])[0])
