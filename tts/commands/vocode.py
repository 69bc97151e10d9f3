"""`tts vocode IN.wav -o OUT.wav`: analysis -> mel -> vocoder -> file.

Hearing a recording through the vocoder alone tells what the vocoder costs in quality.
"""


def add_arguments(parser):
    parser.add_argument("input", help="audio file to analyse (WAV/FLAC; any rate, mixed to mono)")
    parser.add_argument("-o", "--output", required=True, help="output file (.wav or .flac)")
    parser.add_argument("--vocoder", default="griffin-lim", help="griffin-lim (default)")
    parser.add_argument("--n-iter", type=int, default=32, help="Griffin-Lim iterations (32)")
    parser.add_argument("--momentum", type=float, default=0.99, help="Griffin-Lim momentum (0.99)")


def run(args):
    import time

    from tts.audio import MelConfig, load_audio, mel_spectrogram, save_audio
    from tts.errors import TTSError
    from tts.vocoders import GriffinLim

    if args.vocoder != "griffin-lim":
        raise TTSError(f"unknown vocoder {args.vocoder!r}: available: griffin-lim")
    if args.n_iter < 1:
        raise TTSError(f"--n-iter must be at least 1, got {args.n_iter}")
    if not 0.0 <= args.momentum < 1.0:
        raise TTSError(f"--momentum must be in [0, 1), got {args.momentum}")
    cfg = MelConfig()
    audio, sr = load_audio(args.input, sample_rate=cfg.sample_rate)
    mel = mel_spectrogram(audio, cfg)  # (1, n_mels, T)
    vocoder = GriffinLim(cfg, n_iter=args.n_iter, momentum=args.momentum)
    start = time.perf_counter()
    out = vocoder.vocode(mel)[0]
    elapsed = time.perf_counter() - start
    save_audio(args.output, out, sr)
    seconds = len(out) / sr
    print(f"wrote {args.output}: {seconds:.2f} s at {sr} Hz, vocoded in {elapsed:.2f} s "
          f"(real-time factor {elapsed / max(seconds, 1e-9):.3f})")
    return 0
