"""Pinyin and polyphone figures for BENCHMARKS.md.

    OMP_NUM_THREADS=1 python benchmarks/bench_pinyin.py --data ../shared/data

1. Polyphone accuracy on the validation split of `frontend.train_polyphone` (10% of CPP dev and
   10% of the CSMSC sentences, seed 0; never trained on): `Frontend().pinyin(text, sandhi=False)`
   at the marked character, against pypinyin's reading of jieba's words (the baseline).
2. Syllable error rate (edit distance / reference syllables) of `Frontend().pinyin(text)` against
   the CSMSC surface pinyin of the validation sentences, against the baseline pypinyin with its
   own segmentation and `tone_sandhi=True`.
3. Speed of `analyze(text, prosody=False)` in characters/s on one core (OMP_NUM_THREADS=1), as
   wall time and as the process's CPU time (the development box is shared: CPU time leaves out the
   time spent waiting for a core), the median of `--repeats` passes: one sentence per call (first
   pass with empty word caches, then warm), 20 sentences per call, and the rules only.
4. Start-up: wall time of a fresh interpreter (`python -c ...`, median of `--starts` runs) that
   imports the front end, that also makes `Frontend()` and gets a first `pinyin`, a first
   `analyze(prosody=False)`, a first `analyze()` (with prosody: the segmenter's HMM step and
   the prosody model).
   `--cold` first drops the files the front end reads (its own package, numpy, pypinyin, jieba,
   torch, the segmenter's cache) from the page cache (posix_fadvise DONTNEED; Linux).

`--only accuracy|speed|start-up` runs one part (e.g. to compare two checkouts alternately).
"""

import argparse
import os
import re
import statistics
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
    parser.add_argument("--repeats", type=int, default=5, help="timed passes per speed figure")
    parser.add_argument("--starts", type=int, default=7, help="fresh interpreters per start-up")
    parser.add_argument("--cold", action="store_true", help="start-up with a cold page cache")
    parser.add_argument("--only", choices=["accuracy", "speed", "start-up"],
                        help="run one part only")
    args = parser.parse_args(argv)

    from frontend.pinyin import read_csmsc
    from frontend.train_polyphone import split_ids

    entries = read_csmsc(Path(args.data) / "csmsc" / "000001-009000.txt")
    _, cs_val = split_ids([u for u, _, _ in entries])
    validation = [(re.sub(r"#[1-4]", "", labelled), syllables)
                  for utt, labelled, syllables in entries if utt in cs_val]
    texts = [text for text, _ in validation]
    if args.only in (None, "accuracy"):
        accuracy(args, validation)
    if args.only in (None, "speed"):
        speed(args, texts)
    if args.only in (None, "start-up"):
        start_up(args)


def accuracy(args, validation):
    from frontend.frontend import Frontend
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
    errs_ours = errs_base = total = 0
    for text, syllables in validation:
        ref = [s.lower() for s in syllables]
        errs_ours += edit_distance([r for r in fe.pinyin(text) if r], ref)
        errs_base += edit_distance(baseline_surface(text), ref)
        total += len(ref)
    print(f"CSMSC validation ({len(validation)} sentences, {total} syllables): syllable error "
          f"rate ours {100 * errs_ours / total:.2f}%, "
          f"pypinyin+tone_sandhi {100 * errs_base / total:.2f}%")


def speed(args, texts):
    """3. analyze(prosody=False) in characters/s."""
    from frontend.frontend import Frontend
    from frontend.pinyin import word_pinyin

    fresh = Frontend(lexicon="")
    paragraphs = ["".join(texts[i:i + 20]) for i in range(0, len(texts), 20)]
    chars = sum(len(t) for t in texts)
    fresh.analyze("银行", prosody=False)  # the models load outside the timed passes
    word_pinyin.cache_clear()  # other parts may have filled it with these very sentences
    wall, cpu = timed(fresh, texts, 1)
    print(f"analyze(prosody=False), one sentence per call, first pass (word caches empty): "
          f"{chars / wall:,.0f} chars/s wall, {chars / cpu:,.0f} chars/s CPU ({chars} chars)")
    rules_only = Frontend(lexicon="", polyphone_model=False)
    for name, fe_, items in (("one sentence per call", fresh, texts),
                             ("20 sentences per call (models batched)", fresh, paragraphs),
                             ("polyphone_model=False (rules only)", rules_only, texts)):
        wall, cpu = timed(fe_, items, args.repeats)
        print(f"analyze(prosody=False), {name}: {chars / wall:,.0f} chars/s wall, "
              f"{chars / cpu:,.0f} chars/s CPU (median of {args.repeats})")



def start_up(args):
    """4. fresh interpreters: import, first pinyin, first analyze with and without prosody."""
    codes = {
        "import": "from frontend.frontend import Frontend",
        "+ Frontend() + first pinyin": "from frontend import Frontend; Frontend().pinyin('你好')",
        "+ first analyze(prosody=False)":
            "from frontend import Frontend; Frontend().analyze('你好', prosody=False)",
        "+ first analyze() (prosody)": "from frontend import Frontend; Frontend().analyze('你好')",
    }
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    for name, code in codes.items():
        times = []
        for _ in range(args.starts):
            if args.cold:
                drop_page_cache(root)
            else:  # warm: the same command once before
                subprocess.run([sys.executable, "-c", code], cwd=root, env=env,
                               capture_output=True)
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-c", code], cwd=root, env=env,
                                 capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if run.returncode:
                break
        if run.returncode:
            print(f"start-up, {name}: failed: {run.stderr.strip().splitlines()[-1]}")
            continue
        print(f"start-up, {'cold' if args.cold else 'warm'} page cache, {name}: median "
              f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, "
              f"{args.starts} runs; load average {os.getloadavg()[0]:.1f})")


def timed(fe, items, repeats):
    """Median (wall, CPU) seconds of `repeats` passes of analyze(prosody=False) over items."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        for text in items:
            fe.analyze(text, prosody=False)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def drop_page_cache(root):
    """Ask the kernel to forget the cached pages of the files a front-end start reads."""
    from importlib.util import find_spec

    folders = [root / "frontend"]
    for name in ("numpy", "pypinyin", "jieba", "torch"):
        spec = find_spec(name)
        if spec and spec.submodule_search_locations:
            folders.append(Path(spec.submodule_search_locations[0]))
    files = [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    files += list((Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zhtts")
                  .glob("*"))
    for path in files:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


if __name__ == "__main__":
    main()
