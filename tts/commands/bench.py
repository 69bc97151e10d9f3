"""`tts bench`: real-time factor and first-chunk latency of each stage (see tts/bench.py)."""


def add_arguments(parser):
    parser.add_argument("--model", default="zh-demo", help="registry name, voice folder or checkpoint")
    parser.add_argument("--vocoder", default=None, help="griffin-lim or a vocoder checkpoint (default: the voice's own)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per figure; the median is reported (5)")
    parser.add_argument("--threads", type=int, default=2, help="torch threads (2)")
    parser.add_argument("--json", default=None, help="also write the figures to this JSON file")


def run(args):
    import json

    from tts.bench import run_bench
    from tts.errors import TTSError
    from tts.synthesizer import Synthesizer

    if args.repeats < 1 or args.threads < 1:
        raise TTSError("--repeats and --threads must be at least 1")
    synth = Synthesizer.from_pretrained(args.model, vocoder=args.vocoder)
    results = run_bench(synth, repeats=args.repeats, threads=args.threads)
    for key, value in results.items():
        print(f"{key:34s} {value:.4g}" if isinstance(value, float) else f"{key:34s} {value}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
    return 0
