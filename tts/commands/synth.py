"""`tts synth "TEXT" -o out.wav`: text to speech with a pretrained or trained voice.

Text comes from the argument, `-f FILE`, or standard input. `-o -` writes WAV to standard
output. With `--out-dir`, every non-empty line of the input becomes its own file
(`0001.wav`, ...) and a progress bar runs. Flags mirror `Synthesizer.from_pretrained` and
`Synthesizer.synth`. With `--ssml` the input is an SSML document (the subset documented in
`frontend/ssml.py`): `tts synth --ssml '<speak>你好<break time="300ms"/>世界</speak>' -o out.wav`.
"""

import sys


def add_arguments(parser):
    parser.add_argument("text", nargs="?", help="text to speak (default: -f FILE or standard input)")
    parser.add_argument("-f", "--file", help="read the text from this UTF-8 file")
    parser.add_argument("-o", "--output", help="output .wav/.flac, or - for WAV on standard output")
    parser.add_argument("--out-dir", help="one WAV per non-empty input line, written here")
    parser.add_argument("--model", default="zh-demo", help="registry name (tts models), voice folder or checkpoint")
    parser.add_argument("--vocoder", default=None, help="griffin-lim, or a vocoder checkpoint/folder (default: the voice's own)")
    parser.add_argument("--speed", type=float, default=1.0, help="speaking rate, 0.25-4.0 (1.0)")
    parser.add_argument("--speaker", default=None, help="speaker name, for multi-speaker voices")
    parser.add_argument("--ssml", action="store_true", help="the input is an SSML document (<speak>...</speak>)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, cuda:1, ... (cpu)")
    parser.add_argument("--no-silence-gate", action="store_true",
                        help="keep the vocoder's faint noise in pauses (by default silent frames are zeroed)")
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU threads for torch (default: torch's choice, one per core); "
                             "1 is often faster for the small bundled voice")


def _read_text(args):
    from tts.errors import TTSError

    if args.text is not None and args.file:
        raise TTSError("give the text either as an argument or with -f, not both")
    if args.file:
        try:
            with open(args.file, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            raise TTSError(f"text file not found: {args.file}") from None
        except (OSError, UnicodeDecodeError) as err:
            raise TTSError(f"cannot read text file {args.file}: {err}") from None
    if args.text is not None:
        return args.text
    if sys.stdin is None or sys.stdin.isatty():
        raise TTSError("no text: give it as an argument, with -f FILE, or on standard input")
    return sys.stdin.read()


def run(args):
    import io

    from tts.audio import save_audio
    from tts.errors import TTSError

    if bool(args.output) == bool(args.out_dir):
        raise TTSError("give exactly one of -o OUTPUT or --out-dir DIR")
    if not 0.25 <= args.speed <= 4.0:
        raise TTSError(f"--speed must be between 0.25 and 4.0, got {args.speed}")
    if args.threads is not None and args.threads < 1:
        raise TTSError(f"--threads must be at least 1, got {args.threads}")
    text = _read_text(args)
    if not text.strip():
        raise TTSError("empty text: give at least one speakable Chinese character or word")
    if args.ssml and args.out_dir:
        raise TTSError("--ssml takes one document; use -o OUTPUT, not --out-dir")
    if args.ssml:
        from frontend.ssml import parse_ssml

        parse_ssml(text)  # a malformed document fails here, before the model loads

    from tts.synthesizer import Synthesizer

    if args.threads is not None:
        import torch

        torch.set_num_threads(args.threads)
    synth = Synthesizer.from_pretrained(args.model, vocoder=args.vocoder, device=args.device)
    if args.no_silence_gate:
        synth.vocoder.silence_gate = None
    if args.out_dir:
        from pathlib import Path

        from tqdm import tqdm

        lines = [line.strip() for line in text.splitlines() if line.strip()]
        out_dir = Path(args.out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        width = max(4, len(str(len(lines))))
        for i, line in enumerate(tqdm(lines, desc="synthesising", unit="line"), start=1):
            synth.synth_to_file(line, out_dir / f"{i:0{width}d}.wav", speaker=args.speaker, speed=args.speed)
        print(f"wrote {len(lines)} files to {out_dir}", file=sys.stderr)
        return 0
    text, ssml = (None, text) if args.ssml else (text, None)
    audio, sr = synth.synth(text, speaker=args.speaker, speed=args.speed, ssml=ssml)
    if args.output == "-":
        import soundfile

        buffer = io.BytesIO()
        soundfile.write(buffer, audio, sr, subtype="PCM_16", format="WAV")
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return 0
    save_audio(args.output, audio, sr)
    print(f"wrote {args.output}: {len(audio) / sr:.2f} s at {sr} Hz", file=sys.stderr)
    return 0
