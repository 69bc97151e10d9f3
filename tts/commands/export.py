"""`tts export`: pack training checkpoints into a small voice folder, optionally registered."""


def add_arguments(parser):
    parser.add_argument("acoustic", help="Tacotron2 checkpoint, or its training folder (newest step)")
    parser.add_argument("-o", "--out-dir", required=True, help="voice folder to write")
    parser.add_argument("--vocoder", help="vocoder checkpoint or training folder to ship with it")
    parser.add_argument("--fp32", action="store_true", help="keep fp32 weights (default: fp16, half the size)")
    parser.add_argument("--register", metavar="NAME", help="add the voice to a registry under NAME")
    parser.add_argument("--registry", default=None,
                        help="registry YAML for --register (default: the shipped pretrained/registry.yaml)")
    parser.add_argument("--description", default="", help="registry: what the voice is")
    parser.add_argument("--training-data", default="", help="registry: what it was trained on")
    parser.add_argument("--licence", default="", help="registry: licence of the weights")


def run(args):
    from tts.export import export_voice, register_voice, size_on_disk

    paths = export_voice(args.acoustic, args.out_dir, vocoder=args.vocoder, fp16=not args.fp32)
    for role, path in paths.items():
        print(f"{role}: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"total {size_on_disk(paths) / 1e6:.1f} MB")
    if args.register:
        from pretrained import REGISTRY

        registry = args.registry or REGISTRY
        register_voice(args.out_dir, args.register, registry, description=args.description,
                       training_data=args.training_data, licence=args.licence)
        print(f"registered {args.register!r} in {registry}")
    return 0
