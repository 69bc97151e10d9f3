"""Robustness of a voice on text it never saw: alignment failures, detected from the attention.

    python benchmarks/bench_voice.py --model zh-demo --data recipes/csmsc/dump [--out FILE.json]

The test texts (200) are built deterministically from the held-back sentences of the dump
(dev.jsonl and test.jsonl: never trained on), with the prosody marks removed:
- 120 whole sentences as they are;
- 40 short ones: the first clause of a held-back sentence (up to its first comma), 5+ characters;
- 40 long ones: 3-6 consecutive held-back sentences joined with commas into one sentence, cut at
  a clause boundary to at most 120 characters.
So the lengths span 5-120 characters. Each text goes through the voice exactly as `synth` would
run it (front end, splitting of overlong sentences, batched Tacotron2), and every piece's
alignment is checked with `tts.evaluate.attention_health`:
skip (a jump of more than 3 tokens, or under 80% of the tokens ever attended), repeat (a move
back), unfinished (the last step before 85% of the input), no_stop (the decoder ran into its step
cap), unfocused (mean peak weight < 0.3), stall (one phone token held for more than
`--max-dwell` seconds; pauses, breaks and the end token are exempt). A text fails if any of its
pieces fails.
"""

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

MARKS = re.compile(r"#\d")
COMMA = "，"


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        return [MARKS.sub("", json.loads(line)["text"]) for line in f if line.strip()]


def heldout_texts(dump):
    """The 200 test texts, in a fixed order (see the module docstring)."""
    dump = Path(dump)
    sentences = read_texts(dump / "test.jsonl") + read_texts(dump / "dev.jsonl")
    if len(sentences) < 200:
        sys.exit(f"bench_voice: need 200 held-back sentences in {dump}, found {len(sentences)}")
    whole = sentences[:120]
    short = []
    for s in sentences[120:] + sentences[:120]:
        clause = s.split(COMMA)[0].rstrip("。！？；：")
        if len(clause) >= 5 and clause != s.rstrip("。！？"):
            short.append(clause + "。")
        if len(short) == 40:
            break
    long, i = [], 0
    while len(long) < 40:
        k = 3 + len(long) % 4  # 3-6 sentences
        parts = [sentences[(i + j) % len(sentences)].rstrip("。！？") for j in range(k)]
        i += k
        text = ""
        for clause in COMMA.join(parts).split(COMMA):
            if len(text) + len(clause) + 1 > 119:
                break
            text = f"{text}{COMMA}{clause}" if text else clause
        long.append(text + "。")
    return whole + short + long


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="zh-demo", help="registry name, voice folder or checkpoint")
    parser.add_argument("--data", default="recipes/csmsc/dump", help="feature dump with dev/test.jsonl")
    parser.add_argument("--max-dwell", type=float, default=0.6,
                        help="seconds one phone may hold the attention before it counts as a stall")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", help="write every text's result here (JSON)")
    args = parser.parse_args(argv)

    import torch

    from frontend.symbols import BREAKS, EOS
    from tts.evaluate import attention_health
    from tts.synthesizer import Synthesizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    synth = Synthesizer.from_pretrained(args.model, vocoder="griffin-lim")  # alignment only
    mel = synth.acoustic.mel_config
    max_dwell = round(args.max_dwell * mel.sample_rate / mel.hop_length / synth.acoustic.reduction_factor)
    texts = heldout_texts(args.data)
    results, start = [], time.perf_counter()
    for n, text in enumerate(texts):
        _, pieces = synth.plan(text)
        with torch.inference_mode():
            synth.run_acoustic(pieces)
        flags, healths = [], []
        for piece in pieces:
            exempt = {i for i, p in enumerate(piece.phonemes) if p in BREAKS or p in (EOS, "sil")}
            health = attention_health(piece.alignment, stop_fired=piece.stop_fired,
                                      max_dwell=max_dwell, dwell_exempt=exempt)
            flags += health.flags
            healths.append(health)
        results.append({"text": text, "characters": len(text), "pieces": len(pieces),
                        "seconds": sum(p.mel.shape[1] for p in pieces) * mel.hop_length / mel.sample_rate,
                        "flags": sorted(set(flags)),
                        "min_focus": round(min(h.focus_rate for h in healths), 3),
                        "min_coverage": round(min(h.coverage for h in healths), 3),
                        "max_dwell_steps": max(h.max_dwell for h in healths)})
        if (n + 1) % 20 == 0:
            print(f"{n + 1}/{len(texts)} texts, {sum(bool(r['flags']) for r in results)} failures, "
                  f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    failures = [r for r in results if r["flags"]]
    by_flag = {}
    for r in failures:
        for flag in r["flags"]:
            by_flag[flag] = by_flag.get(flag, 0) + 1
    lengths = [r["characters"] for r in results]
    summary = {
        "model": str(args.model), "texts": len(results), "characters_min": min(lengths),
        "characters_median": statistics.median(lengths), "characters_max": max(lengths),
        "pieces": sum(r["pieces"] for r in results), "failures": len(failures), "by_flag": by_flag,
        "max_dwell_limit_steps": max_dwell,
        "worst": {"focus": min(r["min_focus"] for r in results),
                  "coverage": min(r["min_coverage"] for r in results),
                  "dwell_steps": max(r["max_dwell_steps"] for r in results)},
        "failed_texts": [r["text"] for r in failures][:20],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps({"summary": summary, "results": results}, ensure_ascii=False,
                                             indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
