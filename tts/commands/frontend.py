"""`tts frontend TEXT`: show what the text front end makes of a text, as a table.

One block per sentence: the normalised text, then one row per word with its POS tag, pinyin as
spoken, the break after it and its phonemes, then the sentence's whole phoneme sequence (the
acoustic model's input). Inline overrides (`{银行|yin2 hang2}`) and `--lexicon` work here as in
the Python API (see `frontend/lexicon.py`).
"""


def add_arguments(parser):
    parser.add_argument("text", help="text to analyse (quote it)")
    parser.add_argument("--lexicon", default=None,
                        help="user lexicon file: WORD<TAB>PINYIN[<TAB>POS] (default: $TTS_LEXICON)")
    parser.add_argument("--no-prosody", action="store_true",
                        help="skip the prosody model (only the sentence-final #4)")


def _width(s):
    """Display width: CJK characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s, width):
    return s + " " * max(0, width - _width(s))


def format_analysis(analysis):
    lines = [f"input:      {analysis.text}", f"normalized: {analysis.normalized}"]
    header = ("word", "POS", "pinyin", "break", "phonemes")
    for n, sent in enumerate(analysis.sentences, 1):
        rows = []
        for w in sent.words:
            pinyin = " ".join(s.pinyin for s in w.syllables) or "-"
            level = max([s.break_after for s in w.syllables[-1:]] or [0])
            phones = " ".join(p for s in w.syllables for p in s.phonemes) or "-"
            rows.append((w.text, w.pos, pinyin, f"#{level}" if level else "", phones))
        widths = [max(_width(r[i]) for r in rows + [header]) for i in range(4)]
        lines.append("")
        lines.append(f"sentence {n}: {sent.prosody_text()}")
        for r in [header] + rows:
            lines.append("  ".join(_pad(c, w) for c, w in zip(r[:4], widths)) + "  " + r[4])
        lines.append(f"phonemes: {' '.join(sent.phonemes)}")
    return "\n".join(lines)


def run(args):
    from frontend.frontend import Frontend

    fe = Frontend(lexicon=args.lexicon)
    analysis = fe.analyze(args.text, prosody=not args.no_prosody)
    print(format_analysis(analysis))
    return 0
