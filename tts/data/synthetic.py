"""A synthetic CSMSC: the label file's sentences spoken by espeak-ng, in the BZNSYP layout.

    OUT/Wave/000001.wav ...                    espeak-ng's `cmn-latn-pinyin` voice
    OUT/ProsodyLabeling/000001-010000.txt      the original label lines, unchanged (CRLF)

so that `recipes/csmsc/run.sh --corpus OUT` runs unchanged on it, on any machine. Each sentence
is rendered from its human surface pinyin line (tone sandhi already applied), and the prosody
marks shape the rendering as far as espeak allows: a comma (a real pause and a phrase-final
intonation) at #3, a 120 ms silence at #2, a full stop at a sentence-internal #4, and '?' / '!'
at the end when the sentence ends so. The label file keeps the original marks: it is what the
recipe trains on.

The WAVs keep espeak-ng's native rate (22,050 Hz, 16-bit mono). Real BZNSYP is 48 kHz; we do not
upsample to imitate it, since that would add no information and the recipe resamples any rate
to 22,050 Hz anyway.

Run as `python -m tts.data.synthetic LABELS OUT [--limit N] [--jobs J]`. It is resumable: a WAV
that already exists is kept (each is written to a temporary name and renamed when complete).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import soundfile
from tqdm import tqdm

from tts.data.corpora import CSMSC_LABELS, LabelError, align_entry, read_csmsc_labels
from tts.errors import TTSError

VOICE = "cmn-latn-pinyin"
PHRASE_PAUSE_MS = 120  # silence at a #2 boundary: audible, shorter than a comma's pause
_FINAL_PUNCTUATION = {"？": "?", "?": "?", "！": "!", "!": "!"}


def espeak_markup(text, pinyin):
    """SSML for espeak-ng from a label entry: pinyin syllables with the prosody marks rendered.

    Entries that do not align (non-Chinese tokens) are spoken from the bare pinyin line.
    """
    try:
        entry = align_entry("", text, pinyin)
    except LabelError:
        return f"<speak>{pinyin}.</speak>"
    stripped = text.rstrip("”’\"'）)」』 ")
    final = _FINAL_PUNCTUATION.get(stripped[-1:], ".") if stripped else "."
    words = []
    last = len(entry.syllables) - 1
    for i, (syllable, level) in enumerate(zip(entry.syllables, entry.breaks)):
        if i == last:
            words.append(syllable + final)
        elif level == 4:
            words.append(syllable + ".")
        elif level == 3:
            words.append(syllable + ",")
        elif level == 2:
            words.append(f'{syllable} <break time="{PHRASE_PAUSE_MS}ms"/>')
        else:
            words.append(syllable)
    return "<speak>" + " ".join(words) + "</speak>"


def render(markup, path):
    """Speak SSML into a WAV at espeak-ng's native rate; atomic (temp file, then rename)."""
    path = Path(path)
    tmp = path.with_name(path.stem + ".part.wav")
    result = subprocess.run(
        ["espeak-ng", "-v", VOICE, "-m", "-w", str(tmp), markup],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise TTSError(f"espeak-ng failed for {path.name}: {result.stderr.strip()}")
    os.replace(tmp, path)


def _render_task(task):
    utt_id, markup, path = task
    render(markup, path)
    return utt_id


def write_labels(source, target, ids):
    """Copy the label lines of `ids` from `source` to `target`, bytes and CRLF unchanged."""
    keep = set(ids)
    out, copying = [], False
    with open(source, encoding="utf-8", newline="") as f:
        for line in f:
            if line[:1].isdigit():
                copying = line.split("\t", 1)[0].strip() in keep
            if copying:
                out.append(line)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.writelines(out)
    os.replace(tmp, target)


def make_corpus(labels, out, limit=None, jobs=1, progress=True):
    """Render the entries of `labels` (the first `limit` if given) into `out`. Returns stats."""
    if shutil.which("espeak-ng") is None:
        raise TTSError("espeak-ng is not installed (apt-get install espeak-ng)")
    entries = read_csmsc_labels(labels)
    if limit is not None:
        if limit < 1:
            raise TTSError(f"--limit must be at least 1, got {limit}")
        entries = entries[:limit]
    out = Path(out)
    wave_dir = out / "Wave"
    wave_dir.mkdir(parents=True, exist_ok=True)
    for stale in wave_dir.glob("*.part.wav"):  # left by a killed run
        stale.unlink()
    tasks = [
        (utt_id, espeak_markup(text, pinyin), wave_dir / f"{utt_id}.wav")
        for utt_id, text, pinyin in entries
        if not (wave_dir / f"{utt_id}.wav").is_file()
    ]
    start = time.perf_counter()
    bar = tqdm(total=len(tasks), desc="espeak-ng", unit="utt", disable=not progress)
    if jobs <= 1:
        for task in tasks:
            _render_task(task)
            bar.update()
    else:
        with Pool(jobs) as pool:
            for _ in pool.imap_unordered(_render_task, tasks, chunksize=8):
                bar.update()
    bar.close()
    elapsed = time.perf_counter() - start
    write_labels(labels, out / CSMSC_LABELS, [e[0] for e in entries])
    seconds = sum(soundfile.info(str(wave_dir / f"{e[0]}.wav")).duration for e in entries)
    return {
        "utterances": len(entries),
        "rendered": len(tasks),
        "kept": len(entries) - len(tasks),
        "hours": seconds / 3600,
        "render_seconds": elapsed,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tts.data.synthetic",
        description="Render CSMSC label sentences with espeak-ng into the BZNSYP layout.",
    )
    parser.add_argument("labels", help="a CSMSC ProsodyLabeling file (e.g. 000001-009000.txt)")
    parser.add_argument("output", help="corpus root to create (gets Wave/ and ProsodyLabeling/)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N entries")
    parser.add_argument("--jobs", type=int, default=1, help="parallel espeak-ng processes")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        stats = make_corpus(args.labels, args.output, args.limit, args.jobs, not args.no_progress)
    except TTSError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(
        f"{args.output}: {stats['utterances']} utterances ({stats['rendered']} rendered, "
        f"{stats['kept']} already there), {stats['hours']:.2f} h of audio, "
        f"rendered in {stats['render_seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
