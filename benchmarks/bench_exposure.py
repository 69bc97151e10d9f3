"""How far a Tacotron2 drifts when it is fed its own frames (exposure bias).

    python benchmarks/bench_exposure.py CHECKPOINT --data recipes/csmsc/dump [--count 8]

For the first COUNT test utterances of the dump, the log-mel (after the postnet) is compared with
the recording's, after DTW, as mean absolute difference per bin (natural-log units):
- teacher-forced: the decoder is given the recording's previous frames (training's pass);
- self-fed 1 and 2: it is given its own `mel_before` from the pass before, still in the
  recording's timing (one and two rounds);
- free-running: `inference`, as synthesis runs it.
A decoder that only ever saw the recording's frames gets worse quickly from left to right; the
trainer's `train.self_feed` is meant to flatten that (BENCHMARKS.md, "Going on from zh-demo").
Prenet dropout stays on (as in the paper), so the seed is fixed.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tts.evaluate import dtw_path  # noqa: E402
from tts.models.tacotron2 import Tacotron2  # noqa: E402
from tts.train.dataset import PhonemeMelDataset, collate_phoneme_mel  # noqa: E402


def dtw_l1(reference, other):
    i, j = dtw_path(reference.T, other.T)
    return float(np.abs(reference[:, i] - other[:, j]).mean())


@torch.inference_mode()
def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", help="Tacotron2 checkpoint or exported acoustic.pt")
    parser.add_argument("--data", required=True, help="feature dump with test.jsonl")
    parser.add_argument("--count", type=int, default=8, help="test utterances to use")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = Tacotron2.from_checkpoint(args.checkpoint)
    test = PhonemeMelDataset(args.data, "test", symbols=model.symbols,
                             speakers=model.speakers or None, n_mels=model.n_mels)
    names = ("teacher-forced", "self-fed 1", "self-fed 2", "free-running")
    scores = {name: [] for name in names}
    for k in range(min(args.count, len(test))):
        b = collate_phoneme_mel([test[k]], model.mel_config.log_min)
        inputs = (b["phoneme_ids"], b["input_lengths"], b["mels"], b["mel_lengths"], b["speaker_ids"])
        reference = b["mels"][0].numpy()
        feed, mels = None, []
        for _ in range(3):  # teacher-forced, then fed its own frames twice
            out = model(*inputs, feed=feed)
            mels.append(model.denormalize(out["mel_after"])[0])
            feed = out["mel_before"]
        mels.append(model.inference(b["phoneme_ids"])[0][0])
        for name, mel in zip(names, mels):
            scores[name].append(dtw_l1(reference, mel.float().numpy()))
    print(f"{args.checkpoint}: DTW log-mel L1 to the recording, mean of {len(scores[names[0]])} "
          "test utterances")
    for name in names:
        print(f"  {name:15s} {np.mean(scores[name]):.3f}")


if __name__ == "__main__":
    main()
