"""`tts serve`: an HTTP API with streaming audio, a web page at / and SSML input.

    tts serve --model recipes/csmsc/exp/tacotron2            # http://127.0.0.1:5002/
    tts serve --model a --model b --workers 2 --queue 8       # two voices; the first is the default

It binds to 127.0.0.1 unless told otherwise: `--host 0.0.0.0` exposes it to the network, an
explicit choice. Voices load (and synthesise one sentence, to warm up) before the server
accepts a request. Endpoints and limits are described in `tts/server.py`; API docs at /docs.
"""


def add_arguments(parser):
    parser.add_argument("--model", action="append", default=None,
                        help="registry name (tts models), voice folder or checkpoint; repeat to serve "
                             "several (default: the registry's default voice, zh-demo)")
    parser.add_argument("--vocoder", default=None, help="griffin-lim, or a vocoder checkpoint/folder (default: each voice's own)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1; 0.0.0.0 exposes it to the network)")
    parser.add_argument("--port", type=int, default=5002, help="port (5002)")
    parser.add_argument("--workers", type=int, default=2, help="synthesis threads (2)")
    parser.add_argument("--queue", type=int, default=8, help="requests that may wait for a worker; more get 503 (8)")
    parser.add_argument("--max-chars", type=int, default=5000, help="longest text per request, in characters (5000)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads per worker (default: CPU cores / workers)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, cuda:1, ... (cpu)")


def default_model():
    """The registry's default voice, or a one-line error saying what to give instead."""
    from tts.errors import TTSError
    from tts.pretrained import load_registry
    from tts.synthesizer import DEFAULT_MODEL

    if DEFAULT_MODEL not in load_registry():
        raise TTSError(f"no --model given and the registry has no default voice ({DEFAULT_MODEL}) "
                       f"yet; give --model PATH to a trained checkpoint or voice folder")
    return DEFAULT_MODEL


def run(args):
    import logging
    import os
    import sys

    from tts.errors import TTSError

    if args.workers < 1 or args.queue < 0 or args.max_chars < 1:
        raise TTSError("--workers and --max-chars must be at least 1, --queue at least 0")
    if not 0 < args.port < 65536:
        raise TTSError(f"--port must be 1-65535, got {args.port}")
    models = args.model or [default_model()]
    _check_address(args.host, args.port)  # before minutes of loading, not after

    import torch
    import uvicorn

    from tts.server import create_app, voice_name, warm_up
    from tts.synthesizer import Synthesizer

    torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // args.workers))
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    voices = {}
    for model in models:
        name = voice_name(model)
        if name in voices:
            raise TTSError(f"two voices would be served as {name!r}; give each --model once")
        print(f"loading {name} from {model}", file=sys.stderr)
        voices[name] = Synthesizer.from_pretrained(model, vocoder=args.vocoder, device=args.device)
        warm_up(voices[name])
    app = create_app(voices, workers=args.workers, queue_size=args.queue, max_chars=args.max_chars)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"serving on {args.host}: reachable from the network, with no authentication", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


def _check_address(host, port):
    """A taken port or a foreign address is a one-line error here, not uvicorn's log and exit."""
    import socket

    from tts.errors import TTSError

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as err:
        raise TTSError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
