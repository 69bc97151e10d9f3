"""Score a voice on a test set: synthesise every utterance and compare it with its recording.

A test set is either
- a feature DUMP (`test.jsonl` with phonemes, `wavs/`): the voice reads the labelled phonemes,
  which isolates the acoustic model and vocoder from the front end; or
- a folder with `metadata.csv` (`id|text` per line) and `wavs/<id>.wav`: the voice reads the
  text through the whole front end, as a user's input would be.

Per utterance: MCD (DTW), log-F0 RMSE, duration ratio and attention health (focus rate,
monotonicity, coverage, stop token; flags for skips, repeats, unfinished reading, no stop).
"""

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from tts.audio import load_audio, mel_spectrogram
from tts.errors import TTSError
from tts.evaluate import attention_health, compare_speech
from tts.synthesizer import Piece, split_phonemes


@dataclass
class TestUtterance:
    id: str
    text: str
    audio_path: Path
    phonemes: list = None  # None: read `text` through the front end


def read_test_set(folder, limit=None):
    folder = Path(folder)
    if (folder / "test.jsonl").is_file():
        items = []
        for line in (folder / "test.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                items.append(TestUtterance(item["id"], item.get("text", ""), folder / item["audio"],
                                           item["phonemes"].split()))
    elif (folder / "metadata.csv").is_file():
        items = []
        for line_no, line in enumerate((folder / "metadata.csv").read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            if "|" not in line:
                raise TTSError(f"{folder / 'metadata.csv'}:{line_no}: expected 'id|text'")
            uid, text = line.split("|", 1)
            items.append(TestUtterance(uid.strip(), text.strip(), folder / "wavs" / f"{uid.strip()}.wav"))
    else:
        raise TTSError(f"{folder} is not a test set: expected test.jsonl (a feature dump) or metadata.csv")
    if not items:
        raise TTSError(f"test set {folder} is empty")
    return items[:limit] if limit else items


def evaluate_voice(synth, test_set, out_dir, limit=None, report=None, seed=0):
    """Write `out_dir/utterances.csv` and `out_dir/summary.json`; returns the summary dict.

    The prenet's dropout stays on at inference, so each run synthesises slightly different
    speech; `seed` fixes it (MCD moves by about 0.05 dB between unseeded runs of 100 utterances).
    """
    torch.manual_seed(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    items = read_test_set(test_set, limit)
    sr = synth.sample_rate
    rows, report_items = [], []
    for utt in tqdm(items, desc="evaluating", unit="utt"):
        reference, _ = load_audio(utt.audio_path, sr)
        if utt.phonemes is not None:
            pieces = [Piece(p, 0.0) for p, _ in split_phonemes(utt.phonemes, synth.max_tokens)]
            synth.run_acoustic(pieces)
            audio = np.concatenate([synth.vocoder.vocode(torch.from_numpy(p.mel))[0].numpy() for p in pieces])
            phonemes = " ".join(utt.phonemes)
        else:
            result = synth.synthesize(utt.text)
            pieces, audio = result.pieces, result.audio
            phonemes = " | ".join(" ".join(p.phonemes) for p in pieces)
        distance = compare_speech(reference, audio, sr)
        healths = [attention_health(p.alignment, p.stop_fired) for p in pieces]
        flags = sorted({f for h in healths for f in h.flags})
        row = {
            "id": utt.id,
            "mcd_db": round(distance.mcd, 3),
            "mcd_speech_db": round(distance.mcd_speech, 3),
            "silent_fraction": round(distance.silent_fraction, 3),
            "log_f0_rmse": round(distance.log_f0_rmse, 4),
            "duration_ratio": round(distance.duration_ratio, 3),
            "focus_rate": round(float(np.mean([h.focus_rate for h in healths])), 3),
            "monotonicity": round(float(np.mean([h.monotonicity for h in healths])), 3),
            "stop_fired": all(h.stop_fired for h in healths),
            "flags": " ".join(flags),
        }
        rows.append(row)
        if report:
            from tts.report import ReportItem

            report_items.append(ReportItem(
                id=utt.id, text=utt.text, phonemes=phonemes, audio=audio, reference_audio=reference,
                sample_rate=sr, mel=np.concatenate([p.mel for p in pieces], axis=1),
                reference_mel=mel_spectrogram(reference, synth.acoustic.mel_config)[0].numpy(),
                alignment=pieces[0].alignment,
                metrics={k: v for k, v in row.items() if k not in ("id", "flags")}, flags=flags))
    with open(out_dir / "utterances.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    f0 = [r["log_f0_rmse"] for r in rows if not math.isnan(r["log_f0_rmse"])]
    summary = {
        "utterances": len(rows),
        "mcd_db_mean": round(float(np.mean([r["mcd_db"] for r in rows])), 3),
        "mcd_db_median": round(float(np.median([r["mcd_db"] for r in rows])), 3),
        # the same without the frames where the recording is silent (tts.evaluate.SILENCE_DBFS)
        "mcd_speech_db_mean": round(float(np.nanmean([r["mcd_speech_db"] for r in rows])), 3),
        "log_f0_rmse_mean": round(float(np.mean(f0)), 4) if f0 else float("nan"),
        "duration_ratio_mean": round(float(np.mean([r["duration_ratio"] for r in rows])), 3),
        "silence_gate": synth.vocoder.silence_gate,  # tts.vocoders.base.gate_silence; None: off
        "alignment_failures": sum(1 for r in rows if r["flags"]),
        "failed_ids": [r["id"] for r in rows if r["flags"]],
    }
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    if report:
        from tts.report import write_report

        write_report(report, report_items, summary={k: v for k, v in summary.items() if k != "failed_ids"},
                     title=f"Evaluation of {test_set}")
    return summary
