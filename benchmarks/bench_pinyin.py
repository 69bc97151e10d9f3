"""Pinyin and polyphone figures for BENCHMARKS.md.

    OMP_NUM_THREADS=1 python benchmarks/bench_pinyin.py --data ../shared/data

1. Polyphone accuracy on the validation split of `frontend.train_polyphone` (10% of CPP dev and
   10% of the CSMSC sentences, seed 0; never trained on): `Frontend().pinyin(text, sandhi=False)`
   at the marked character, against pypinyin's reading of jieba's words (the baseline).
2. Syllable error rate (edit distance / reference syllables) of `Frontend().pinyin(text)` against
   the CSMSC surface pinyin of the validation sentences, against the baseline pypinyin with its
   own segmentation and `tone_sandhi=True`.
3. Speed of `analyze(text, prosody=False)` in characters/s on one core, and cold start-up time
   (a fresh interpreter: import, `Frontend()`, first `pinyin`).
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def baseline_dictionary(text):
    from frontend.pinyin import word_pinyin
    from frontend.segment import segment

    return [r for w, _ in segment(text) for r in word_pinyin(w)]


def baseline_surface(text):
    from pypinyin import Style, lazy_pinyin

    from frontend.pinyin import is_han

    out = []
    for ch, r in zip(text, lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True,
                                       tone_sandhi=True, errors=lambda s: ["-"] * len(s))):
        if is_han(ch):
            out.append(r.replace("ü", "v"))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from frontend.frontend import Frontend
    from frontend.pinyin import read_csmsc
    from frontend.train_polyphone import load_cpp, split_ids

    fe = Frontend(lexicon="")
    polyphones = set(__import__("frontend.polyphone", fromlist=["x"]).candidates())

    # 1. polyphones
    cpp = load_cpp(args.data)
    _, val_ids = split_ids(range(len(cpp)))
    ours = base = n = 0
    for i in sorted(val_ids):
        text, pos, label = cpp[i]
        if text[pos] not in polyphones:
            continue
        n += 1
        ours += fe.pinyin(text, sandhi=False)[pos] == label
        base += baseline_dictionary(text)[pos] == label
    print(f"CPP validation polyphones ({n}): ours {ours / n:.4f}, pypinyin+jieba {base / n:.4f}")

    # 2. sentence syllable error rate on held-back CSMSC
    entries = read_csmsc(Path(args.data) / "csmsc" / "000001-009000.txt")
    _, cs_val = split_ids([u for u, _, _ in entries])
    errs_ours = errs_base = total = 0
    texts = []
    for utt, labelled, syllables in entries:
        if utt not in cs_val:
            continue
        text = re.sub(r"#[1-4]", "", labelled)
        texts.append(text)
        ref = [s.lower() for s in syllables]
        errs_ours += edit_distance([r for r in fe.pinyin(text) if r], ref)
        errs_base += edit_distance(baseline_surface(text), ref)
        total += len(ref)
    print(f"CSMSC validation ({len(texts)} sentences, {total} syllables): syllable error rate "
          f"ours {100 * errs_ours / total:.2f}%, "
          f"pypinyin+tone_sandhi {100 * errs_base / total:.2f}%")

    # 3. speed and start-up
    fresh = Frontend(lexicon="")
    start = time.perf_counter()
    chars = 0
    for text in texts:
        fresh.analyze(text, prosody=False)
        chars += len(text)
    elapsed = time.perf_counter() - start
    print(f"analyze(prosody=False): {chars / elapsed:,.0f} chars/s ({chars} chars, one core, "
          f"caches cold)")
    start = time.perf_counter()
    for text in texts:
        fresh.analyze(text, prosody=False)
    print(f"analyze(prosody=False), second pass: {chars / (time.perf_counter() - start):,.0f} "
          f"chars/s (word caches warm)")
    paragraphs = ["".join(texts[i:i + 20]) for i in range(0, len(texts), 20)]
    start = time.perf_counter()
    for text in paragraphs:
        fresh.analyze(text, prosody=False)
    print(f"analyze(prosody=False), 20 sentences per call (models batched): "
          f"{chars / (time.perf_counter() - start):,.0f} chars/s")
    rules_only = Frontend(lexicon="", polyphone_model=False)
    start = time.perf_counter()
    for text in texts:
        rules_only.analyze(text, prosody=False)
    print(f"analyze(prosody=False) with polyphone_model=False (no torch): "
          f"{chars / (time.perf_counter() - start):,.0f} chars/s")
    for flag in ("True", "False"):
        code = (f"from frontend.frontend import Frontend; Frontend(lexicon='', polyphone_model="
                f"{flag}).pinyin('他说银行的行长还没有来。')")
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True,
                           env={**os.environ, "OMP_NUM_THREADS": "1"})
            times.append(time.perf_counter() - start)
        print(f"cold start (import + Frontend(polyphone_model={flag}) + first pinyin): "
              f"best {min(times):.2f} s, worst {max(times):.2f} s of 3")


if __name__ == "__main__":
    main()
