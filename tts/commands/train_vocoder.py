"""`tts train-vocoder CONFIG --data DUMP --exp-dir EXP [--resume] [--max-steps N]`.

Trains HiFi-GAN or the iSTFT vocoder (the config's `model`) on a feature dump. Under torchrun
every process runs this same command (DDP). The generator alone is written to EXP/generator.pt
at the end; load it (or any EXP/checkpoints/step_*.pt) with `tts.vocoders.load_vocoder`.
"""


def add_arguments(parser):
    parser.add_argument("config", help="vocoder YAML (recipes/csmsc/conf/hifigan_v1.yaml, ...)")
    parser.add_argument("--data", required=True, help="feature dump folder (train/dev.jsonl, ...)")
    parser.add_argument("--exp-dir", required=True, help="output folder: checkpoints/, tb/")
    parser.add_argument("--resume", action="store_true",
                        help="continue from the newest checkpoint in EXP/checkpoints")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="stop after this many steps in all (overrides train.max_steps)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args):
    import os

    from tts.errors import TTSError
    from tts.train.vocoder import train_vocoder

    if args.max_steps is not None and args.max_steps < 1:
        raise TTSError(f"--max-steps must be at least 1, got {args.max_steps}")
    last = train_vocoder(args.config, args.data, args.exp_dir, resume=args.resume,
                         max_steps=args.max_steps, quiet=args.quiet)
    if int(os.environ.get("RANK", "0")) != 0:  # under torchrun only rank 0 reports
        return 0
    if last:
        summary = ", ".join(f"{k} {v:.4f}" for k, v in last.items() if k != "step")
        print(f"step {last['step']}: {summary}")
    print(f"checkpoints in {args.exp_dir}/checkpoints")
    return 0
