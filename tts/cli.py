"""The `tts` command. Every subcommand is registered here, in `COMMANDS`.

Each subcommand lives in `tts/commands/<name>.py` with two functions: `add_arguments(parser)`
(flags mirror the Python API's keyword arguments) and `run(args) -> int` (imports the heavy
parts lazily, so `tts --help` stays fast). Errors a user can cause print one line and exit 1.
"""

import argparse
import importlib
import sys

import tts
from frontend.errors import FrontendError
from tts.errors import TTSError

# name -> (module, one-line help). Order is the order `tts --help` lists them.
COMMANDS = {
    "synth": ("tts.commands.synth", "synthesise speech from Chinese text"),
    "vocode": ("tts.commands.vocode", "analyse a recording and resynthesise it with a vocoder"),
    "train": ("tts.commands.train", "train a Tacotron2 acoustic model on a feature dump"),
    "train-vocoder": ("tts.commands.train_vocoder", "train a HiFi-GAN or iSTFT vocoder"),
    "export": ("tts.commands.export", "pack training checkpoints into a small voice folder"),
    "models": ("tts.commands.models", "list the pretrained models in the registry"),
    "serve": ("tts.commands.serve", "serve voices over HTTP: streaming API, web page, SSML"),
    "eval": ("tts.commands.eval", "score a voice (or the front end) against references"),
    "bench": ("tts.commands.bench", "time each stage: front end, acoustic model, vocoder, end to end"),
    "train-prosody": ("tts.commands.train_prosody", "train the prosodic break predictor on CSMSC"),
    "frontend": ("tts.commands.frontend", "show words, pinyin, breaks and phonemes of a text"),
}


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tts", description="Mandarin Chinese text-to-speech toolkit."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {tts.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args._run(args) or 0
    except (TTSError, FrontendError) as err:
        print(f"tts {args.command}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"tts {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
