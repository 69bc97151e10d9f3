"""`tts train-prosody`: rebuild the prosody model (`frontend/data/prosody.pt`) from CSMSC labels.

Deterministic for a given seed: one CPU thread, seeded shuffling and dropout. Takes minutes.
"""

DEFAULT_DATA = "../shared/data/csmsc/000001-009000.txt"


def add_arguments(parser):
    parser.add_argument("--data", default=DEFAULT_DATA,
                        help=f"CSMSC prosody label file ({DEFAULT_DATA})")
    parser.add_argument("-o", "--output", default=None,
                        help="checkpoint to write (default: the shipped frontend/data/prosody.pt)")
    parser.add_argument("--epochs", type=int, default=None, help="training epochs (8)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    parser.add_argument("--members", type=int, default=None,
                        help="models in the ensemble, seeds seed, seed + 1, ... (2)")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="stop after this many optimiser steps (for quick checks)")


def run(args):
    from frontend.prosody import DEFAULT_CHECKPOINT
    from frontend.train_prosody import TrainProsodyConfig, train
    from tts.errors import TTSError

    cfg = TrainProsodyConfig(seed=args.seed)
    if args.epochs is not None:
        if args.epochs < 1:
            raise TTSError(f"--epochs must be at least 1, got {args.epochs}")
        cfg.epochs = args.epochs
    if args.members is not None:
        if args.members < 1:
            raise TTSError(f"--members must be at least 1, got {args.members}")
        cfg.members = args.members
    if args.max_steps is not None and args.max_steps < 1:
        raise TTSError(f"--max-steps must be at least 1, got {args.max_steps}")
    train(args.data, args.output or DEFAULT_CHECKPOINT, cfg, max_steps=args.max_steps,
          log=lambda line: print(line, flush=True))
    return 0
