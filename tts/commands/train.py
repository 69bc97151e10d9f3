"""`tts train CONFIG --data DUMP --exp-dir EXP [--resume | --init-from CKPT] [--max-steps N]`: train Tacotron2.

Under torchrun (`torchrun --nproc_per_node=N -m tts.cli train ...`) each process runs this and
they train one model together with DistributedDataParallel; see `tts/train/tacotron2.py`.
"""


def add_arguments(parser):
    parser.add_argument("config", help="training YAML with train / data / model sections")
    parser.add_argument("--data", required=True, help="feature dump folder (train.jsonl, mels/...)")
    parser.add_argument("--exp-dir", required=True, help="output folder: checkpoints/, tb/")
    parser.add_argument("--resume", action="store_true",
                        help="continue from the newest checkpoint in EXP/checkpoints")
    parser.add_argument("--init-from", metavar="CKPT", default=None,
                        help="start a new run from the weights of this Tacotron2 checkpoint or "
                             "exported acoustic.pt (fresh optimiser; same model config)")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="stop after this many steps in all (default: train.max_steps)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args):
    from pathlib import Path

    from tts.errors import TTSError

    if not Path(args.config).is_file():
        raise TTSError(f"config file not found: {args.config}")
    if args.max_steps is not None and args.max_steps < 1:
        raise TTSError(f"--max-steps must be at least 1, got {args.max_steps}")
    from tts.train.tacotron2 import train

    history = train(args.config, args.data, args.exp_dir, resume=args.resume,
                    max_steps=args.max_steps, show_progress=not args.no_progress,
                    init_from=args.init_from)
    if history:
        step, loss = history[-1]
        print(f"trained to step {step} (last loss {loss:.4f}); checkpoints in "
              f"{Path(args.exp_dir) / 'checkpoints'}")
    else:
        print(f"nothing to do: {args.exp_dir} is already at --max-steps")
    return 0
