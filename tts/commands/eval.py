"""`tts eval acoustic`: synthesise a test set and score it against its recordings."""


def add_arguments(parser):
    sub = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    acoustic = sub.add_parser("acoustic", help="MCD, log-F0 RMSE, duration and attention health on a test set")
    acoustic.add_argument("--model", required=True, help="registry name, voice folder or Tacotron2 checkpoint")
    acoustic.add_argument("--vocoder", default=None, help="griffin-lim or a vocoder checkpoint (default: the voice's own)")
    acoustic.add_argument("--test-set", required=True, help="a feature dump (test.jsonl) or a folder with metadata.csv + wavs/")
    acoustic.add_argument("--out-dir", default="eval", help="where utterances.csv and summary.json go (eval)")
    acoustic.add_argument("--limit", type=int, default=None, help="only the first N utterances")
    acoustic.add_argument("--report", default=None, help="also write an HTML report here")
    acoustic.add_argument("--device", default="cpu")


def run(args):
    import json

    from tts.errors import TTSError

    try:
        import pysptk  # noqa: F401
        import pyworld  # noqa: F401
    except ImportError:
        raise TTSError("evaluation needs pysptk and pyworld: pip install -e '.[eval]'") from None
    from tts.evaluate_acoustic import evaluate_voice
    from tts.synthesizer import Synthesizer

    synth = Synthesizer.from_pretrained(args.model, vocoder=args.vocoder, device=args.device)
    summary = evaluate_voice(synth, args.test_set, args.out_dir, limit=args.limit, report=args.report)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0
