"""Word segmentation and part-of-speech tags with jieba.posseg, shared by the whole front end.

`segment(text)` returns (word, POS) pairs whose words, joined, give `text` back exactly
(punctuation and spaces included: jieba tags them 'x'). jieba is initialised once, on first use,
with its log output silenced; its dictionary cache makes later start-ups fast.

`add_word(word, pos=None, freq=None)` keeps a word whole (polyphone phrases, user lexicon
entries). Words added before the first `segment` call are applied when jieba starts.
"""

import logging
import threading

_lock = threading.Lock()
_tokenizer = None  # jieba.posseg.POSTokenizer, made on first use
_pending = []  # (word, pos, freq) added before jieba was started


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
                for word, pos, freq in _pending:
                    _add(tok, word, pos, freq)
                _pending.clear()
                _tokenizer = tok
    return _tokenizer


def _add(tok, word, pos, freq):
    if freq is None:
        # suggest_freq(tune=True) raises the count just enough for jieba to keep the word whole
        tok.tokenizer.add_word(word, tag=pos)
        tok.tokenizer.suggest_freq(word, tune=True)
    else:
        tok.tokenizer.add_word(word, freq=freq, tag=pos)
    if pos:
        tok.word_tag_tab[word] = pos


def add_word(word, pos=None, freq=None):
    """Make jieba keep `word` whole (with POS tag `pos` when given)."""
    if not word:
        return
    if _tokenizer is None:
        _pending.append((word, pos, freq))
    else:
        _add(_tokenizer, word, pos, freq)


def segment(text, hmm=True):
    """(word, POS) pairs from jieba.posseg, covering `text` exactly.

    hmm: let jieba's HMM join characters that its dictionary does not know into new words (names).
    It costs ~90% of the time (posseg's HMM runs over every POS state: ~5,000 against ~50,000
    characters/s); the pinyin path runs without it, the prosody model (trained with it) with it.

    >>> segment("我们去银行。")
    [('我们', 'r'), ('去', 'v'), ('银行', 'n'), ('。', 'x')]
    """
    if not text:
        return []
    tok = _get_tokenizer()
    pairs = [(p.word, p.flag) for p in tok.cut(text, HMM=hmm)]
    if "".join(w for w, _ in pairs) != text:  # never expected; keep the contract regardless
        return [(ch, "x") for ch in text]
    return pairs
