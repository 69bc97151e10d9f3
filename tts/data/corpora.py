"""Corpus parsers: each turns a corpus on disk into a list of `Utterance`s with phonemes.

- CSMSC / BZNSYP (`ProsodyLabeling/000001-010000.txt` + `Wave/<id>.wav`): the human surface
  pinyin and prosody marks are the labels; `parse_csmsc_labels` aligns them (see there).
- AISHELL-3 (`train/content.txt`, `test/content.txt`, `*/wav/<speaker>/<id>.wav`): the pinyin
  per character is the label; there are no prosody marks, only punctuation-free text.
- A custom folder (`metadata.csv` with `id|text` lines, `wavs/<id>.wav`): labelled by our front
  end, `frontend.Frontend().analyze`.

Run as `python -m tts.data.corpora {csmsc,aishell3,custom} ROOT OUT.jsonl` (stage 0 of the
recipes): it writes one JSON object per utterance (id, speaker, text, phonemes, audio) and
prints how many entries were skipped and why.
"""

import argparse
import collections
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from frontend.errors import FrontendError
from frontend.symbols import EOS, PinyinError, split_syllable, syllables_to_phonemes
from tts.errors import TTSError

CSMSC_LABELS = Path("ProsodyLabeling") / "000001-010000.txt"
CSMSC_SPEAKER = "csmsc"

_BREAK_MARK = re.compile(r"#([1-4])")


@dataclass
class Utterance:
    id: str
    speaker: str
    text: str  # the label text as the corpus writes it (CSMSC: with its #1..#4 marks)
    phonemes: str  # space-separated frontend.symbols symbols
    audio: str  # absolute path of the source recording


@dataclass
class LabelEntry:
    """One CSMSC label entry, aligned: a syllable and a break level (0-4) after each."""

    id: str
    text: str
    pinyin: str
    syllables: list
    breaks: list


class LabelError(ValueError):
    """An entry that cannot be aligned; the message is the reason it is skipped."""


def _is_han(char):
    # CJK Unified Ideographs and extension A cover every character of the corpus
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _is_erhua(syllable):
    """'wanr2' is an erhua syllable; 'er2' is the syllable of 儿 itself."""
    body = syllable.rstrip("012345")
    return body.endswith("r") and body != "er"


def align_entry(entry_id, text, pinyin):
    """Align a CSMSC text (with #1..#4 marks) to its surface pinyin line.

    Each Chinese character takes the next syllable, except a 儿 right after an erhua syllable
    (玩儿 -> 'wanr2': the 儿 has no syllable of its own). Punctuation takes none. A mark #k sets
    the break level after the syllable it follows. A letter or digit written in the text (e.g.
    the full-width 'Ｂ' read 'bi4') takes one syllable; if that syllable is not pinyin (002365:
    'Ｐ' read 'P IY1') the entry is refused. Raises LabelError with the reason when the text
    and the pinyin do not line up one to one.
    """
    syllables = pinyin.split()
    if not syllables:
        raise LabelError("empty pinyin line")
    for syllable in syllables:
        try:
            split_syllable(syllable)
        except PinyinError:
            raise LabelError(f"non-pinyin token {syllable!r} (a non-Chinese word)") from None
    breaks = [0] * len(syllables)
    used = 0  # syllables consumed so far
    i = 0
    while i < len(text):
        char = text[i]
        mark = _BREAK_MARK.match(text, i)
        if mark:
            if used == 0:
                raise LabelError(f"break mark {mark.group(0)} before any syllable")
            breaks[used - 1] = max(breaks[used - 1], int(mark.group(1)))
            i = mark.end()
            continue
        if char == "儿" and used > 0 and _is_erhua(syllables[used - 1]):
            pass  # merged into the previous syllable
        elif _is_han(char) or char.isalnum():
            if used == len(syllables):
                raise LabelError(f"more characters than syllables (at {char!r})")
            used += 1
        i += 1
    if used != len(syllables):
        raise LabelError(f"{len(syllables)} syllables but {used} characters take one")
    breaks[-1] = 4
    return LabelEntry(entry_id, text, pinyin, syllables, breaks)


def read_csmsc_labels(path):
    """(id, text, pinyin) triples of a ProsodyLabeling file (two lines per entry, CRLF or LF)."""
    path = Path(path)
    if not path.is_file():
        raise TTSError(f"CSMSC label file not found: {path}")
    lines = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) % 2:
        raise TTSError(f"{path}: odd number of non-empty lines; expected text and pinyin pairs")
    entries = []
    for k in range(0, len(lines), 2):
        head = lines[k].split(maxsplit=1)
        if len(head) != 2 or not head[0].isdigit():
            raise TTSError(f"{path}: line {k + 1}: expected '<id><TAB><text>', got {lines[k]!r}")
        entries.append((head[0], head[1], lines[k + 1]))
    return entries


def parse_csmsc_labels(path):
    """Aligned entries of a label file, and the skipped ones: (entries, {id: reason})."""
    entries, skipped = [], {}
    for entry_id, text, pinyin in read_csmsc_labels(path):
        try:
            entries.append(align_entry(entry_id, text, pinyin))
        except LabelError as err:
            skipped[entry_id] = str(err)
    return entries, skipped


def entry_phonemes(entry):
    """The phoneme string of an aligned entry ('k a2 er2 p u3 #2 ... #4 <eos>')."""
    return " ".join(syllables_to_phonemes(entry.syllables, entry.breaks))


def load_csmsc(root):
    """Utterances of a BZNSYP/CSMSC root; entries whose WAV is missing are skipped too."""
    root = Path(root)
    labels = root / CSMSC_LABELS
    if not labels.is_file():
        raise TTSError(f"not a CSMSC/BZNSYP root: {labels} is missing")
    entries, skipped = parse_csmsc_labels(labels)
    utterances = []
    for entry in entries:
        wav = root / "Wave" / f"{entry.id}.wav"
        if not wav.is_file():
            skipped[entry.id] = f"no recording {wav}"
            continue
        utterances.append(
            Utterance(entry.id, CSMSC_SPEAKER, entry.text, entry_phonemes(entry), str(wav.resolve()))
        )
    return utterances, skipped


def load_aishell3(root):
    """Utterances of an AISHELL-3 root (train/ and test/ with content.txt and wav/<speaker>/).

    content.txt lines read '<id>.wav<TAB>广 guang3 州 zhou1 ...': characters alternate with
    their pinyin. The speaker is the id's first 7 characters (SSB0005). No prosody marks: the
    only break is the final #4.
    """
    root = Path(root)
    parts = [p for p in ("train", "test") if (root / p / "content.txt").is_file()]
    if not parts:
        raise TTSError(f"not an AISHELL-3 root: no {root}/train/content.txt or test/content.txt")
    utterances, skipped = [], {}
    for part in parts:
        for line in (root / part / "content.txt").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            name, _, label = line.partition("\t")
            if not label:
                name, _, label = line.partition(" ")
            utt_id = Path(name.strip()).stem
            tokens = label.split()
            text, syllables = "".join(tokens[0::2]), tokens[1::2]
            if len(tokens) % 2 or not syllables:
                skipped[utt_id] = "content line does not alternate characters and pinyin"
                continue
            try:
                phonemes = " ".join(syllables_to_phonemes(syllables))
            except PinyinError as err:
                skipped[utt_id] = str(err)
                continue
            speaker = utt_id[:7]
            wav = root / part / "wav" / speaker / f"{utt_id}.wav"
            if not wav.is_file():
                skipped[utt_id] = f"no recording {wav}"
                continue
            utterances.append(Utterance(utt_id, speaker, text, phonemes, str(wav.resolve())))
    return utterances, skipped


def _analysis_phonemes(analysis):
    """The phoneme list of a `Frontend.analyze` result, as one training utterance.

    Each sentence of the analysis ends '#4', '<eos>'; a recording is one utterance, so only the
    last '<eos>' is kept and the sentences stay separated by their '#4'.
    """
    phonemes = getattr(analysis, "phonemes", None)
    if phonemes is None:
        raise TTSError("frontend.Frontend().analyze() result has no 'phonemes' attribute")
    phonemes = phonemes.split() if isinstance(phonemes, str) else list(phonemes)
    body = [p for p in phonemes if p != EOS]
    return body + [EOS] if body else []


def load_custom(root, speaker="speaker", frontend=None):
    """Utterances of a folder with metadata.csv ('id|text' lines) and wavs/<id>.wav.

    The text is labelled by our front end (`frontend.Frontend().analyze`): normalisation,
    pinyin in context and predicted prosody, like the text a user will synthesise.
    """
    root = Path(root)
    metadata = root / "metadata.csv"
    if not metadata.is_file():
        raise TTSError(f"not a custom corpus: {metadata} is missing (lines 'id|text')")
    if frontend is None:
        from frontend import Frontend

        frontend = Frontend()
    utterances, skipped = [], {}
    for number, line in enumerate(metadata.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        utt_id, sep, text = line.partition("|")
        utt_id, text = utt_id.strip(), text.strip()
        if not sep or not utt_id or not text:
            raise TTSError(f"{metadata}: line {number}: expected 'id|text', got {line!r}")
        wav = root / "wavs" / f"{utt_id}.wav"
        if not wav.is_file():
            skipped[utt_id] = f"no recording {wav}"
            continue
        phonemes = _analysis_phonemes(frontend.analyze(text))
        utterances.append(Utterance(utt_id, speaker, text, " ".join(phonemes), str(wav.resolve())))
    return utterances, skipped


def write_manifest(utterances, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for utt in utterances:
            f.write(json.dumps(asdict(utt), ensure_ascii=False) + "\n")
    tmp.replace(path)


def read_manifest(path):
    path = Path(path)
    if not path.is_file():
        raise TTSError(f"manifest not found: {path} (run the data preparation stage first)")
    with open(path, encoding="utf-8") as f:
        return [Utterance(**json.loads(line)) for line in f if line.strip()]


def summarise_skipped(skipped, examples=3):
    """Lines that count skipped entries by kind of reason, with a few examples each."""
    by_kind = collections.defaultdict(list)
    for utt_id, reason in sorted(skipped.items()):
        kind = re.sub(r"'[^']*'|\d+", "_", reason)  # reasons that differ only in a token or count
        by_kind[kind].append(utt_id)
    lines = []
    for ids in sorted(by_kind.values(), key=len, reverse=True):
        shown = "; ".join(f"{i}: {skipped[i]}" for i in ids[:examples])
        lines.append(f"skipped {len(ids)} entries, e.g. {shown}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tts.data.corpora", description="Corpus -> utterance manifest (JSONL)."
    )
    parser.add_argument("corpus", choices=["csmsc", "aishell3", "custom"])
    parser.add_argument("root", help="the corpus root directory")
    parser.add_argument("output", help="manifest to write (JSON lines)")
    parser.add_argument("--speaker", default="speaker", help="speaker name for a custom corpus")
    args = parser.parse_args(argv)
    try:
        if args.corpus == "csmsc":
            utterances, skipped = load_csmsc(args.root)
        elif args.corpus == "aishell3":
            utterances, skipped = load_aishell3(args.root)
        else:
            utterances, skipped = load_custom(args.root, speaker=args.speaker)
        if not utterances:
            raise TTSError(f"no usable utterance in {args.root} ({len(skipped)} skipped)")
    except (TTSError, FrontendError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    write_manifest(utterances, args.output)
    for line in summarise_skipped(skipped):
        print(f"warning: {line}", file=sys.stderr)
    print(f"wrote {args.output}: {len(utterances)} utterances, {len(skipped)} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
