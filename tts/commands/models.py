"""`tts models`: list the pretrained registry."""


def add_arguments(parser):
    parser.add_argument("--registry", help="a registry.yaml other than the shipped one")


def run(args):
    from tts.pretrained import load_registry

    entries = load_registry(args.registry)
    if not entries:
        print("no models in the registry")
        return 0
    rows = [("name", "language", "rate", "size", "training data", "licence")]
    for e in entries.values():
        size = sum(f.size for f in e.files.values())
        rows.append((e.name, e.language, f"{e.sample_rate} Hz", f"{size / 1e6:.1f} MB",
                     e.training_data, e.licence))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    return 0
