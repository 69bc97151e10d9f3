"""Ground-truth-aligned (GTA) mels: a trained Tacotron2, teacher-forced on the DUMP.

A vocoder trained on real mels hears Tacotron2's smoother, slightly blurred mels only at
synthesis time and answers with a metallic sound. Feeding the recording's own frames to the
decoder (teacher forcing) gives, for every utterance, a mel with Tacotron2's character but the
recording's timing, so frame t still matches samples [t * hop, (t + 1) * hop) of the wav and the
vocoder can be fine-tuned on (GTA mel -> real audio) pairs:

    python -m tts.train.gta_mels exp/tacotron2/checkpoints/step_00100000.pt \
        --data dump --out dump/gta_mels
    # then, in the vocoder YAML: gta_mels: dump/gta_mels, init_from: <trained vocoder checkpoint>

Writes OUT/<id>.npy: float32 raw log-mel (n_mels, frames), like DUMP/mels.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

from tts.errors import TTSError


@torch.inference_mode()
def write_gta_mels(checkpoint, dump, out_dir, splits=("train", "dev"), batch_size=16,
                   device="cpu", quiet=False, overwrite=False):
    """Teacher-force `checkpoint` on DUMP/<split>.jsonl, write OUT/<id>.npy; returns the count.

    Batches whose files all exist already are skipped unless `overwrite`, so a killed run
    resumes where it stopped when run again with the same arguments.
    """
    from tqdm import tqdm

    from tts.models.tacotron2 import Tacotron2
    from tts.train.dataset import PhonemeMelDataset, collate_phoneme_mel

    model = Tacotron2.from_checkpoint(checkpoint, device)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for split in splits:
        dataset = PhonemeMelDataset(dump, split, symbols=model.symbols,
                                    speakers=model.speakers or None, n_mels=model.n_mels)
        order = sorted(range(len(dataset)), key=lambda i: dataset.frames[i])  # less padding
        batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        for batch in tqdm(batches, desc=f"GTA mels {split}", disable=quiet):
            paths = [out_dir / f"{dataset.items[i]['id']}.npy" for i in batch]
            if not overwrite and all(p.exists() for p in paths):
                continue  # written by an earlier, interrupted run
            b = collate_phoneme_mel([dataset[i] for i in batch], model.mel_config.log_min)
            out = model(b["phoneme_ids"].to(device), b["input_lengths"].to(device),
                        b["mels"].to(device), b["mel_lengths"].to(device),
                        b["speaker_ids"].to(device))
            mels = model.denormalize(out["mel_after"]).float().cpu()  # (B, n_mels, T) raw log-mel
            for uid, mel, length in zip(b["ids"], mels, b["mel_lengths"].tolist()):
                tmp = out_dir / f"{uid}.npy.part"
                with open(tmp, "wb") as f:  # rename last: a killed run leaves no half file
                    np.save(f, mel[:, :length].numpy().astype(np.float32))
                tmp.replace(out_dir / f"{uid}.npy")
                written += 1
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write ground-truth-aligned mels of a Tacotron2.")
    parser.add_argument("checkpoint", help="Tacotron2 checkpoint")
    parser.add_argument("--data", required=True, help="feature dump")
    parser.add_argument("--out", required=True, help="output folder for <id>.npy")
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--overwrite", action="store_true",
                        help="rewrite mels that exist already (default: skip them, to resume)")
    args = parser.parse_args(argv)
    try:
        n = write_gta_mels(args.checkpoint, args.data, args.out, args.splits, args.batch_size,
                           args.device, overwrite=args.overwrite)
    except TTSError as err:
        print(f"gta_mels: error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {n} GTA mels to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
