"""Score the front end on labelled data in the public formats (what `tts eval frontend` runs).

- TN: a TSV of `input<TAB>expected`, or `category<TAB>input<TAB>expected` (lines starting with
  `#` are comments): exact match after removing punctuation and spaces (issue 3's measure),
  overall and per category.
- Polyphones: the CPP format (`dev.sent` with the character wrapped in U+2581, `dev.lb` with
  its reading, ü as `u:`): accuracy of `pinyin(text, sandhi=False)` at that character.
- Pinyin of whole sentences: the CSMSC label file (text with #1-#4 and the surface pinyin line):
  syllable error rate (edit distance / reference syllables) of `pinyin(text)`, with entries
  whose labels hold non-pinyin tokens left out and counted.
- Prosody: the same CSMSC file: precision/recall/F1 of boundaries at level >= 1, 2, 3 after
  every character but the sentence's last, from `prosody(text)` on the unmarked text.
"""

import re
import unicodedata
from pathlib import Path

from frontend.errors import FrontendError

MARKER = "\u2581"


def _read_lines(path):
    path = Path(path)
    if not path.is_file():
        raise FrontendError(f"file not found: {path}")
    return path.read_text(encoding="utf-8-sig").splitlines()


def _speakable(text):
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PZ")


def edit_distance(a, b):
    """Levenshtein distance between two sequences."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def eval_tn(frontend, tsv_path):
    per_category = {}
    failures = []
    for line_no, line in enumerate(_read_lines(tsv_path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise FrontendError(f"{tsv_path}:{line_no}: expected input<TAB>expected or category<TAB>input<TAB>expected")
        category, source, expected = fields if len(fields) == 3 else ("all", *fields)
        got = frontend.normalize(source)
        ok = _speakable(got) == _speakable(expected)
        counts = per_category.setdefault(category, [0, 0])
        counts[0] += ok
        counts[1] += 1
        if not ok:
            failures.append({"input": source, "expected": expected, "got": got})
    correct = sum(c for c, _ in per_category.values())
    total = sum(n for _, n in per_category.values())
    return {"cases": total, "exact": correct / max(total, 1),
            "by_category": {k: round(c / n, 4) for k, (c, n) in sorted(per_category.items())},
            "failures": failures[:20]}


def eval_polyphones(frontend, sent_path, label_path):
    sentences, labels = _read_lines(sent_path), _read_lines(label_path)
    if len(sentences) != len(labels):
        raise FrontendError(f"{sent_path} has {len(sentences)} lines but {label_path} has {len(labels)}")
    correct = 0
    for sentence, label in zip(sentences, labels):
        position = sentence.index(MARKER)
        text = sentence.replace(MARKER, "")
        got = frontend.pinyin(text, sandhi=False)[position]
        correct += got == label.strip().replace("u:", "v")
    return {"sentences": len(sentences), "accuracy": correct / max(len(sentences), 1)}


def read_csmsc_labels(path):
    """[(id, labelled text, [surface syllables])] from a CSMSC ProsodyLabeling file."""
    lines = [line.rstrip("\r") for line in _read_lines(path)]
    entries = []
    for i in range(0, len(lines) - 1, 2):
        head, pinyin = lines[i], lines[i + 1]
        if "\t" not in head:
            raise FrontendError(f"{path}: line {i + 1} is not 'id<TAB>text'")
        uid, labelled = head.split("\t", 1)
        entries.append((uid.strip(), labelled.strip(), pinyin.split()))
    return entries


_SYLLABLE = re.compile(r"^[a-zü]+[1-5]$")


def eval_csmsc(frontend, label_path, prosody=True):
    from frontend.prosody import parse_labelled
    from frontend.train_prosody import prf

    errors = reference = skipped = 0
    items, predictions = [], []
    for _, labelled, syllables in read_csmsc_labels(label_path):
        text, breaks = parse_labelled(labelled)
        if all(_SYLLABLE.match(s) for s in syllables):
            hypothesis = [s for s in frontend.pinyin(text) if s is not None]
            errors += edit_distance(hypothesis, syllables)
            reference += len(syllables)
        else:
            skipped += 1
        if prosody:
            items.append({"text": text, "breaks": breaks})
            predictions.append(parse_labelled(frontend.prosody(text))[1])
    result = {"sentences": len(items) if prosody else None,
              "syllable_error_rate": errors / max(reference, 1),
              "syllables": reference, "skipped_non_pinyin": skipped}
    if prosody:
        scores = prf(predictions, items)
        names = {1: "PW", 2: "PPH", 3: "IPH"}
        for level, (p, r, f) in scores.items():
            result[f"{names[level]}_precision"] = p
            result[f"{names[level]}_recall"] = r
            result[f"{names[level]}_f1"] = f
    return result
