"""`tts eval acoustic`: synthesise a test set and score it against its recordings.
`tts eval frontend`: score TN, polyphones, sentence pinyin and prosody on labelled files."""


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
    acoustic.add_argument("--no-silence-gate", action="store_true",
                          help="keep the vocoder's output in silent frames (its faint noise) instead of zeroing it")
    fe = sub.add_parser("frontend", help="TN, polyphone, pinyin and prosody accuracy on labelled files")
    fe.add_argument("--tn", help="TSV of input<TAB>expected normalisation")
    fe.add_argument("--cpp", nargs=2, metavar=("SENT", "LABELS"), help="CPP polyphone files (dev.sent dev.lb)")
    fe.add_argument("--csmsc", help="CSMSC ProsodyLabeling file: pinyin syllable error rate and prosody F1")
    fe.add_argument("--no-prosody", action="store_true", help="with --csmsc: pinyin only")
    fe.add_argument("--lexicon", default=None, help="a user lexicon to load, as the front end would")


def run(args):
    if args.what == "frontend":
        return run_frontend(args)
    return run_acoustic(args)


def run_frontend(args):
    import json

    from frontend import Frontend
    from frontend.evaluate import eval_csmsc, eval_polyphones, eval_tn
    from tts.errors import TTSError

    if not (args.tn or args.cpp or args.csmsc):
        raise TTSError("give at least one of --tn, --cpp SENT LABELS, --csmsc")
    fe = Frontend(lexicon=args.lexicon)
    results = {}
    if args.tn:
        results["tn"] = eval_tn(fe, args.tn)
    if args.cpp:
        results["polyphones"] = eval_polyphones(fe, *args.cpp)
    if args.csmsc:
        results["csmsc"] = eval_csmsc(fe, args.csmsc, prosody=not args.no_prosody)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


def run_acoustic(args):
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
    if args.no_silence_gate:
        synth.vocoder.silence_gate = None
    summary = evaluate_voice(synth, args.test_set, args.out_dir, limit=args.limit, report=args.report)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0
