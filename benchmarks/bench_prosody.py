"""Validation P/R/F1 and speed of the shipped prosody model.

    OMP_NUM_THREADS=1 python benchmarks/bench_prosody.py [--data ../shared/data/csmsc/000001-009000.txt]

Scores follow the outside protocol on the validation split of `tts train-prosody` (the last 10 %
of the entries): input is the text with punctuation and without marks; a boundary is scored after
every character except the sentence's last, at level >= 1, >= 2, >= 3. Speed is measured on one
CPU thread (OMP_NUM_THREADS=1) over the same sentences, batched and one per call, with the
segmentation (`frontend.segment` with the HMM, as the model's features need it) timed
separately. The model is the one `predict_breaks` runs: numpy from `prosody.npz`, or torch from
`prosody.pt` when there is no `.npz`; which one is printed.
"""

import argparse
import statistics
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/csmsc/000001-009000.txt")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from frontend.prosody import get_predictor, predict_breaks, segment_text
    from frontend.train_prosody import (
        TrainProsodyConfig,
        floor_breaks,
        format_scores,
        prepare,
        prf,
        read_label_file,
        split,
    )

    _, val = split(prepare(read_label_file(args.data)), TrainProsodyConfig().val_fraction)
    sentences = [it["words"] for it in val]
    n_chars = sum(len(it["text"]) for it in val)
    print(f"{len(val)} validation sentences, {n_chars} characters")
    print("floor:  " + format_scores(prf([floor_breaks(it) for it in val], val)))
    t0 = time.perf_counter()
    predictor = get_predictor()
    print(f"model load: {time.perf_counter() - t0:.2f} s ({type(predictor).__name__})")
    print("model:  " + format_scores(prf(predict_breaks(sentences), val)))

    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        predict_breaks(sentences)
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    print(f"predict_breaks, batched: {n_chars / t:,.0f} characters/s (median of {args.repeats})")
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for it in val:
            segment_text(it["text"])
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    print(f"segmentation (HMM=True): {n_chars / t:,.0f} characters/s (median of {args.repeats})")
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for words in sentences[:200]:
            predict_breaks([words])
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    n = sum(len(w) for words in sentences[:200] for w, _ in words)
    print(f"predict_breaks, one sentence per call: {n / t:,.0f} characters/s (200 sentences, "
          f"median of {args.repeats})")


if __name__ == "__main__":
    main()
