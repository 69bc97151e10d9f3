"""Accuracy and speed of text normalisation (frontend.tn).

    python benchmarks/bench_tn.py [--data ../shared/data/csmsc/000001-009000.txt] [--repeats 7]
    python benchmarks/bench_tn.py --against 7cca567 [--repeats 5]


Accuracy: exact match on tests/frontend/tn_cases.tsv, punctuation- and whitespace-insensitive
(every Unicode punctuation character and space is removed from both sides before comparing),
overall and per category. Speed: characters per second on one core, median over `--repeats`
runs, on two texts: (a) news-like text, the CSMSC sentences with their #N prosody marks removed
(almost no digits: the common case), and (b) the same text with the number-rich sentences of
the case list mixed in (one of those for every 20 CSMSC sentences).

--against REV times the normaliser of a git revision and the working tree's in one process,
taking turns, on the CSMSC sentences and on 6,000 case inputs (drawn with seed 1): medians of
`--repeats` runs and their ratio, the before/after figure for a change.
"""

import argparse
import collections
import importlib
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from frontend.tn import normalize

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "frontend" / "tn_cases.tsv"


def strip_punctuation(text):
    return "".join(c for c in text if not unicodedata.category(c).startswith(("P", "Z")))


def read_cases():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def accuracy():
    right, total = collections.Counter(), collections.Counter()
    for category, text, expected in read_cases():
        total[category] += 1
        right[category] += strip_punctuation(normalize(text)) == strip_punctuation(expected)
    n, r = sum(total.values()), sum(right.values())
    print(f"exact match (punctuation-insensitive): {r}/{n} = {100 * r / n:.1f}%")
    print(" ".join(f"{c} {right[c]}/{total[c]}" for c in sorted(total)))


def csmsc_sentences(path):
    sentences = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("\t"):
            sentences.append(re.sub(r"#\d", "", line.split("\t", 1)[1]).strip())
    return sentences


def chars_per_second(lines, repeats):
    n_chars = sum(len(s) for s in lines)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for s in lines:
            normalize(s)
        times.append(time.perf_counter() - start)
    return n_chars, n_chars / statistics.median(times)


def load_revision(rev, folder):
    """frontend.tn.normalize as it was at git revision `rev` (extracted into `folder`)."""
    archive = subprocess.run(["git", "archive", rev, "frontend"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
    saved = {k: sys.modules.pop(k) for k in list(sys.modules) if k.split(".")[0] == "frontend"}
    sys.path.insert(0, folder)
    try:
        return importlib.import_module("frontend.tn.normalizer").normalize
    finally:
        sys.path.remove(folder)
        for k in [k for k in sys.modules if k.split(".")[0] == "frontend"]:
            del sys.modules[k]
        sys.modules.update(saved)


def compare(rev, news, repeats):
    rich = [text for _, text, _ in read_cases()]
    sample = random.Random(1).sample(rich, min(6000, len(rich)))
    with tempfile.TemporaryDirectory() as folder:
        old = load_revision(rev, folder)
        for name, lines in (("CSMSC news-like", news), ("6,000 case inputs", sample)):
            times = {rev: [], "working tree": []}
            for _ in range(repeats):
                for label, func in ((rev, old), ("working tree", normalize)):
                    start = time.perf_counter()
                    for s in lines:
                        func(s)
                    times[label].append(time.perf_counter() - start)
            a, b = (statistics.median(times[k]) * 1000 for k in (rev, "working tree"))
            print(f"{name}: {rev} {a:.1f} ms, working tree {b:.1f} ms, ratio {b / a:.2f} "
                  f"(median of {repeats})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "csmsc" /
                                              "000001-009000.txt"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--against", metavar="REV", help="also time this git revision's normaliser")
    args = parser.parse_args()

    if not args.against:
        accuracy()
    if not Path(args.data).exists():
        print(f"no speed figures: {args.data} not found")
        return
    news = csmsc_sentences(args.data)
    if args.against:
        compare(args.against, news, args.repeats)
        return
    rich = [text for _, text, _ in read_cases()]
    mixed = []
    for i, s in enumerate(news):
        mixed.append(s)
        if i % 20 == 0:
            mixed.append(rich[(i // 20) % len(rich)])
    for name, lines in (("CSMSC news-like", news), ("CSMSC + number-rich 1:20", mixed),
                        ("number-rich case inputs only", rich * 10)):
        n_chars, speed = chars_per_second(lines, args.repeats)
        digits = sum(ch.isdigit() for s in lines for ch in s)
        print(f"{name}: {len(lines)} sentences, {n_chars} chars ({digits} digits), "
              f"median {speed:,.0f} chars/s over {args.repeats} runs")


if __name__ == "__main__":
    main()
