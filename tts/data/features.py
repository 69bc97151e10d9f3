"""The feature stage: an utterance manifest -> a feature dump (the trainers' input).

    DUMP/train.jsonl, dev.jsonl, test.jsonl   one JSON object per utterance:
        {"id", "speaker", "text", "phonemes", "mel": "mels/<id>.npy", "audio": "wavs/<id>.wav",
         "frames"}
    DUMP/mels/<id>.npy      float32 (n_mels, frames) = tts.audio.mel_spectrogram(audio)[0]
    DUMP/wavs/<id>.wav      16-bit mono at 22,050 Hz: the exact audio the mel was computed from,
                            so frames == samples // hop_length
    DUMP/stats.json         per-band mel mean/std over the train split only
    DUMP/speakers.json      sorted speaker names; the index is the speaker id
    DUMP/features.json      the settings this dump was made with (a rerun must match them)

Each utterance is resampled to 22,050 Hz, optionally trimmed of leading/trailing silence
(librosa), written as 16-bit PCM and read back, so the mel is computed from the very samples the
vocoder will be trained to produce. Work is spread over processes with a progress bar, and a
rerun skips utterances whose files are already complete (each is written to a temporary name
and renamed), so a killed run resumes where it stopped.

Run as `python -m tts.data.features MANIFEST DUMP [--dev N] [--test N] [--seed S] [--jobs J]
[--trim-db DB]`.
"""

import argparse
import json
import os
import random
import sys
import time
from dataclasses import asdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from tqdm import tqdm

from tts.audio import MelConfig, load_audio, num_frames, save_audio
from tts.data.corpora import read_manifest
from tts.errors import TTSError

TRIM_MARGIN_S = 0.05  # silence kept at each end after trimming: a natural onset and release


def split_ids(ids, n_dev, n_test, seed):
    """Shuffle with a fixed seed, then the first n_dev are dev, the next n_test test, the rest
    train. Returns three sorted lists. The split depends only on the set of ids and the seed."""
    if n_dev < 0 or n_test < 0:
        raise TTSError(f"dev and test sizes must be >= 0, got {n_dev} and {n_test}")
    ids = sorted(ids)
    if n_dev + n_test >= len(ids):
        raise TTSError(
            f"{len(ids)} utterances cannot give {n_dev} dev + {n_test} test and a train split"
        )
    random.Random(seed).shuffle(ids)
    dev, test, train = ids[:n_dev], ids[n_dev:n_dev + n_test], ids[n_dev + n_test:]
    return sorted(train), sorted(dev), sorted(test)


def trim_silence(audio, sample_rate, top_db):
    """Cut leading and trailing audio quieter than `top_db` below the peak, keeping a margin."""
    import librosa

    _, (start, end) = librosa.effects.trim(audio, top_db=top_db, frame_length=1024, hop_length=256)
    margin = int(TRIM_MARGIN_S * sample_rate)
    return audio[max(0, start - margin):min(len(audio), end + margin)]


def _atomic_save_npy(path, array):
    tmp = path.with_name(path.stem + ".part.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


def _atomic_save_wav(path, audio, sample_rate):
    tmp = path.with_name(path.stem + ".part.wav")
    save_audio(tmp, audio, sample_rate)
    os.replace(tmp, path)


def process_utterance(utt_id, source, dump, trim_db, cfg=MelConfig()):
    """Make wavs/<id>.wav and mels/<id>.npy unless both exist. Returns the number of frames."""
    import torch

    from tts.audio import mel_spectrogram

    dump = Path(dump)
    wav_path = dump / "wavs" / f"{utt_id}.wav"
    mel_path = dump / "mels" / f"{utt_id}.npy"
    if wav_path.is_file() and mel_path.is_file():
        return np.load(mel_path, mmap_mode="r").shape[1]
    audio, sr = load_audio(source, sample_rate=cfg.sample_rate)  # (N,)
    if trim_db:
        audio = trim_silence(audio, sr, trim_db)
    if num_frames(len(audio), cfg) < 1:
        raise TTSError(f"{source}: too short for one mel frame after trimming")
    _atomic_save_wav(wav_path, audio, sr)
    audio, _ = load_audio(wav_path)  # the 16-bit samples a vocoder will see
    with torch.no_grad():
        mel = mel_spectrogram(torch.from_numpy(audio), cfg)[0].numpy()  # (n_mels, frames)
    _atomic_save_npy(mel_path, mel.astype(np.float32))
    return mel.shape[1]


def _worker_init():
    import torch

    torch.set_num_threads(1)  # one process per core; threads inside would only compete


def _task(args):
    utt_id, source, dump, trim_db = args
    try:
        return utt_id, process_utterance(utt_id, source, dump, trim_db), None
    except TTSError as err:
        return utt_id, None, str(err)


def mel_stats(mel_paths, n_mels):
    """Per-band mean and std over all frames of these mels (float64 accumulation)."""
    total = np.zeros(n_mels)
    total_sq = np.zeros(n_mels)
    count = 0
    for path in mel_paths:
        mel = np.load(path).astype(np.float64)  # (n_mels, T)
        total += mel.sum(axis=1)
        total_sq += (mel ** 2).sum(axis=1)
        count += mel.shape[1]
    if count == 0:
        raise TTSError("no frames to compute statistics from")
    mean = total / count
    std = np.sqrt(np.maximum(total_sq / count - mean ** 2, 1e-10))
    return mean, std


def _check_settings(dump, settings):
    """A dump is made with one set of settings; resuming with others would mix them."""
    path = dump / "features.json"
    if path.is_file():
        previous = json.loads(path.read_text(encoding="utf-8"))
        if previous != settings:
            raise TTSError(
                f"{dump} was made with other settings ({previous}); "
                f"remove it or choose another dump directory"
            )
    else:
        path.write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")


def make_dump(manifest, dump, n_dev=100, n_test=100, seed=0, jobs=1, trim_db=None, progress=True):
    """Manifest -> feature dump (see the module docstring). Returns a summary dict."""
    cfg = MelConfig()
    utterances = read_manifest(manifest)
    if not utterances:
        raise TTSError(f"manifest is empty: {manifest}")
    by_id = {u.id: u for u in utterances}
    if len(by_id) != len(utterances):
        raise TTSError(f"{manifest}: duplicate utterance ids")
    dump = Path(dump)
    (dump / "wavs").mkdir(parents=True, exist_ok=True)
    (dump / "mels").mkdir(parents=True, exist_ok=True)
    _check_settings(dump, {"mel_config": asdict(cfg), "trim_db": trim_db})
    for stale in list((dump / "wavs").glob("*.part.wav")) + list((dump / "mels").glob("*.part.npy")):
        stale.unlink()  # left by a killed run

    tasks = [(u.id, u.audio, str(dump), trim_db) for u in utterances]
    frames, failed = {}, {}
    start = time.perf_counter()
    bar = tqdm(total=len(tasks), desc="features", unit="utt", disable=not progress)
    if jobs <= 1:
        _worker_init()
        for utt_id, n, error in map(_task, tasks):
            frames[utt_id] = n
            if error:
                failed[utt_id] = error
            bar.update()
    else:
        with Pool(jobs, initializer=_worker_init) as pool:
            for utt_id, n, error in pool.imap_unordered(_task, tasks, chunksize=4):
                frames[utt_id] = n
                if error:
                    failed[utt_id] = error
                bar.update()
    bar.close()
    elapsed = time.perf_counter() - start
    done = [u for u in utterances if u.id not in failed]
    if not done:
        raise TTSError(f"no utterance could be processed; first error: {next(iter(failed.values()))}")

    train, dev, test = split_ids([u.id for u in done], n_dev, n_test, seed)
    for name, ids in (("train", train), ("dev", dev), ("test", test)):
        lines = []
        for utt_id in ids:
            u = by_id[utt_id]
            record = {
                "id": u.id,
                "speaker": u.speaker,
                "text": u.text,
                "phonemes": u.phonemes,
                "mel": f"mels/{u.id}.npy",
                "audio": f"wavs/{u.id}.wav",
                "frames": int(frames[u.id]),
            }
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        (dump / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")

    mean, std = mel_stats([dump / "mels" / f"{i}.npy" for i in train], cfg.n_mels)
    stats = {
        "mel_mean": mean.tolist(),
        "mel_std": std.tolist(),
        "mel_config": asdict(cfg),
        "num_utterances": len(train),
    }
    (dump / "stats.json").write_text(json.dumps(stats) + "\n", encoding="utf-8")
    speakers = sorted({u.speaker for u in done})
    (dump / "speakers.json").write_text(json.dumps(speakers, ensure_ascii=False) + "\n", encoding="utf-8")
    total_frames = sum(frames[u.id] for u in done)
    return {
        "utterances": len(done),
        "failed": failed,
        "train": len(train),
        "dev": len(dev),
        "test": len(test),
        "speakers": len(speakers),
        "hours": total_frames * cfg.hop_length / cfg.sample_rate / 3600,
        "seconds": elapsed,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tts.data.features", description="Utterance manifest -> feature dump."
    )
    parser.add_argument("manifest", help="JSONL manifest from the data preparation stage")
    parser.add_argument("dump", help="dump directory to create or complete")
    parser.add_argument("--dev", type=int, default=100, help="dev utterances (100)")
    parser.add_argument("--test", type=int, default=100, help="test utterances (100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split (0)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (1)")
    parser.add_argument("--trim-db", type=float, default=None,
                        help="trim leading/trailing silence this many dB below the peak (off)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        summary = make_dump(args.manifest, args.dump, args.dev, args.test, args.seed, args.jobs,
                            args.trim_db, not args.no_progress)
    except TTSError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for utt_id, error in sorted(summary["failed"].items())[:5]:
        print(f"warning: skipped {utt_id}: {error}", file=sys.stderr)
    if summary["failed"]:
        print(f"warning: {len(summary['failed'])} utterances failed and were left out",
              file=sys.stderr)
    print(
        f"wrote {args.dump}: {summary['utterances']} utterances ({summary['train']} train, "
        f"{summary['dev']} dev, {summary['test']} test), {summary['speakers']} speaker(s), "
        f"{summary['hours']:.2f} h, in {summary['seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
