"""Vocoder speed (real-time factor on the CPU) and, for trained checkpoints, quality.

    python benchmarks/bench_vocoders.py speed [--threads 2] [--seconds 10] [--repeats 7]
    python benchmarks/bench_vocoders.py quality CHECKPOINT... --data recipes/csmsc/dump [--count 20]

speed: time to vocode `seconds` of audio (a random log-mel of that many frames: the cost of
these vocoders does not depend on the content) with Griffin-Lim (32 iterations), HiFi-GAN V1,
HiFi-GAN V3 (weight norm folded, as `load_vocoder` does) and the iSTFT vocoder, all with random
weights; one warm-up run, then the median (and min) of `repeats` runs. RTF = time / seconds.

quality: each vocoder (and Griffin-Lim for reference) resynthesises the ground-truth mels of the
first `count` utterances of DUMP/test.jsonl (held back from training); reported are the mel L1
against the recording's log-mel, and MCD in dB with DTW (tts.evaluate: WORLD + pysptk).
"""

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
import torch


def time_vocoder(vocoder, mel, repeats):
    with torch.inference_mode():
        vocoder(mel)  # warm-up: allocations, oneDNN kernel selection
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            vocoder(mel)
            times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def speed(args):
    from tts.audio import MelConfig
    from tts.vocoders import GriffinLim, HiFiGAN, ISTFTVocoder
    from tts.vocoders.hifigan import hifigan_v1, hifigan_v3
    from tts.vocoders.istft import ISTFTConfig

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    cfg = MelConfig()
    frames = round(args.seconds * cfg.sample_rate / cfg.hop_length)
    mel = torch.randn(1, cfg.n_mels, frames) * 2.0 - 6.0  # (1, n_mels, T), log-mel range
    seconds = frames * cfg.hop_length / cfg.sample_rate
    vocoders = {
        "Griffin-Lim (32 iter)": GriffinLim(cfg, n_iter=32),
        "HiFi-GAN V1": HiFiGAN(hifigan_v1(), cfg).remove_weight_norm(),
        "HiFi-GAN V3": HiFiGAN(hifigan_v3(), cfg).remove_weight_norm(),
        "iSTFT (ConvNeXt 192x6)": ISTFTVocoder(ISTFTConfig(), cfg),
    }
    print(f"{seconds:.2f} s of audio ({frames} frames), {args.threads} thread(s), "
          f"{args.repeats} runs after a warm-up")
    print(f"{'vocoder':26s} {'params':>8s} {'median s':>9s} {'RTF':>8s} {'min RTF':>8s}")
    for name, vocoder in vocoders.items():
        if args.only and args.only.lower() not in name.lower():
            continue
        vocoder.eval()
        params = sum(p.numel() for p in vocoder.parameters()) / 1e6
        median, best = time_vocoder(vocoder, mel, args.repeats)
        print(f"{name:26s} {params:7.2f}M {median:9.3f} {median / seconds:8.4f} "
              f"{best / seconds:8.4f}")


def quality(args):
    from tts.audio import load_audio, mel_spectrogram
    from tts.evaluate import compare_speech
    from tts.vocoders import load_vocoder

    torch.set_num_threads(args.threads)
    dump = Path(args.data)
    items = [json.loads(line) for line in (dump / "test.jsonl").read_text().splitlines()
             if line.strip()][:args.count]
    print(f"{len(items)} utterances of {dump}/test.jsonl")
    for name in ["griffin-lim"] + args.checkpoints:
        vocoder = load_vocoder(name)
        if args.no_silence_gate:
            vocoder.silence_gate = None
        cfg = vocoder.mel_config
        l1, mcd, mcd_speech, elapsed, seconds = [], [], [], 0.0, 0.0
        for item in items:
            audio, sr = load_audio(dump / item["audio"])
            mel = torch.from_numpy(np.load(dump / item["mel"]))  # (n_mels, T)
            start = time.perf_counter()
            out = vocoder.vocode(mel)[0]  # (T * hop,)
            elapsed += time.perf_counter() - start
            seconds += len(out) / sr
            l1.append((mel_spectrogram(out, cfg)[0] - mel[:, :len(out) // cfg.hop_length])
                      .abs().mean().item())
            distance = compare_speech(audio[:len(out)], out.numpy(), sr)
            mcd.append(distance.mcd)
            mcd_speech.append(distance.mcd_speech)
        print(f"{name}: mel L1 {statistics.mean(l1):.3f}, MCD {statistics.mean(mcd):.2f} dB "
              f"({statistics.mean(mcd_speech):.2f} over speech frames), "
              f"RTF {elapsed / seconds:.4f}, code {getattr(vocoder, 'code_version', '-')}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("speed", help="real-time factor with random weights")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--only", default=None, help="run the vocoders whose name contains this")
    q = sub.add_parser("quality", help="mel L1 and MCD of trained checkpoints on DUMP/test")
    q.add_argument("checkpoints", nargs="*", help="vocoder checkpoints or run folders")
    q.add_argument("--data", required=True, help="feature dump with test.jsonl")
    q.add_argument("--count", type=int, default=20)
    q.add_argument("--threads", type=int, default=2)
    q.add_argument("--no-silence-gate", action="store_true", help="score the raw output, pauses' noise included")
    args = parser.parse_args()
    speed(args) if args.mode == "speed" else quality(args)


if __name__ == "__main__":
    main()
