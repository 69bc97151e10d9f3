"""`tts vocode IN.wav -o OUT.wav`: analysis -> mel -> vocoder -> file.

Hearing a recording through the vocoder alone tells what the vocoder costs in quality.
"""


def add_arguments(parser):
    parser.add_argument("input", help="audio file to analyse (WAV/FLAC; any rate, mixed to mono)")
    parser.add_argument("-o", "--output", required=True, help="output file (.wav or .flac)")
    parser.add_argument("--vocoder", default="griffin-lim",
                        help="griffin-lim (default), a registry voice's vocoder, or a vocoder "
                             "checkpoint / training folder")
    parser.add_argument("--n-iter", type=int, default=32, help="Griffin-Lim iterations (32)")
    parser.add_argument("--momentum", type=float, default=0.99, help="Griffin-Lim momentum (0.99)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, ... (cpu)")


def run(args):
    import time

    import torch

    from tts.audio import MelConfig, load_audio, mel_spectrogram, save_audio
    from tts.errors import TTSError
    from tts.vocoders import GriffinLim
    from tts.vocoders.loading import load_vocoder

    if args.n_iter < 1:
        raise TTSError(f"--n-iter must be at least 1, got {args.n_iter}")
    if not 0.0 <= args.momentum < 1.0:
        raise TTSError(f"--momentum must be in [0, 1), got {args.momentum}")
    if args.vocoder == "griffin-lim":
        vocoder = GriffinLim(MelConfig(), n_iter=args.n_iter, momentum=args.momentum)
    else:
        vocoder = load_vocoder(args.vocoder, device=args.device)
    cfg = vocoder.mel_config  # analyse with the settings the vocoder was trained on
    audio, sr = load_audio(args.input, sample_rate=cfg.sample_rate)
    mel = mel_spectrogram(audio, cfg)  # (1, n_mels, T)
    start = time.perf_counter()
    with torch.inference_mode():
        out = vocoder.to(args.device).vocode(mel.to(args.device))[0].cpu()
    elapsed = time.perf_counter() - start
    save_audio(args.output, out, sr)
    seconds = len(out) / sr
    print(f"wrote {args.output}: {seconds:.2f} s at {sr} Hz, vocoded in {elapsed:.2f} s "
          f"(real-time factor {elapsed / max(seconds, 1e-9):.3f})")
    return 0
