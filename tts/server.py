"""The HTTP server behind `tts serve`: a FastAPI app around loaded `Synthesizer`s.

    app = create_app({"zh-demo": synth})           # name -> Synthesizer; the first is the default
    uvicorn.run(app, host="127.0.0.1", port=5002)

Endpoints (OpenAPI docs at /docs):

- `POST /v1/synth`  JSON {text | ssml, model, speaker, speed, format: wav|flac|pcm} -> the whole file.
- `POST /v1/stream` the same JSON (format wav|pcm) -> audio as it is made, with chunked transfer:
  a WAV header whose sizes say "unknown length" (0xFFFFFFFF) and 16-bit samples, or bare 16-bit
  little-endian samples (pcm). The first bytes leave when the first chunk of the first sentence
  is vocoded.
- `GET /v1/models`, `GET /healthz`, and the web page at `/`.

Synthesis never runs on the event loop: jobs go to a fixed pool of worker threads, and at most
`queue_size` jobs wait for one; past that a request gets 503 with Retry-After at once, so a
burst costs no memory. A stream whose client goes away is cancelled between chunks and frees its
worker. Errors are JSON, `{"error": "what went wrong"}`: 400 bad input, 404 unknown model, 413
too long, 503 busy; anything else is a 500 that says "internal error" and is logged here, never
a traceback sent to the client.
"""

import asyncio
import contextlib
import io
import logging
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

import numpy as np
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontend.errors import FrontendError
from tts.errors import TTSError

log = logging.getLogger("tts.server")

MAX_CHARS = 5000  # characters of text (or of spoken text in SSML) per request
SSML_MARKUP_FACTOR = 4  # an SSML document may be this many times MAX_CHARS long, markup included
RETRY_AFTER = 1  # seconds a client told 503 should wait
WEB_PAGE = Path(__file__).parent / "web" / "index.html"
MEDIA_TYPES = {"wav": "audio/wav", "flac": "audio/flac", "pcm": "application/octet-stream"}


class SynthRequest(BaseModel):
    """What to say and how. Give exactly one of `text` and `ssml`."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not ignored

    text: str | None = None
    ssml: str | None = None  # a <speak> document, the subset of frontend/ssml.py
    model: str | None = None  # a name from /v1/models (default: the server's first)
    speaker: str | None = None  # for multi-speaker voices
    speed: float = 1.0  # 0.25-4.0
    format: Literal["wav", "flac", "pcm"] = "wav"  # pcm: 16-bit little-endian mono, no header


class ApiError(Exception):
    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def error_response(status, message, headers=None):
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class WorkerPool:
    """`workers` synthesis threads and room for `queue_size` jobs waiting for one."""

    def __init__(self, workers, queue_size):
        if workers < 1 or queue_size < 0:
            raise TTSError(f"need at least 1 worker and a queue of 0 or more, got {workers} and {queue_size}")
        self.executor = ThreadPoolExecutor(workers, thread_name_prefix="tts-synth")
        self.workers = workers
        self.capacity = workers + queue_size
        self.jobs = 0  # running or waiting
        self.lock = threading.Lock()

    def submit(self, fn, *args):
        """A concurrent Future of fn(*args), or ApiError 503 when every place is taken."""
        with self.lock:
            if self.jobs >= self.capacity:
                raise ApiError(503, f"server busy: {self.jobs} requests running or queued; retry "
                                    f"in {RETRY_AFTER} s", {"Retry-After": str(RETRY_AFTER)})
            self.jobs += 1

        def run():
            try:
                return fn(*args)
            finally:
                with self.lock:
                    self.jobs -= 1

        return self.executor.submit(run)

    def shutdown(self):
        self.executor.shutdown(wait=False, cancel_futures=True)


def pcm16(audio):
    """float32 [-1, 1] -> 16-bit little-endian bytes."""
    return (np.clip(audio, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


def wav_header(sample_rate, data_bytes=0xFFFFFFFF):
    """A 44-byte header of a mono 16-bit WAV. The default sizes (0xFFFFFFFF) mean "unknown
    length, read to the end", the convention of streamed WAV."""
    riff_size = min(0xFFFFFFFF, data_bytes + 36)
    return (b"RIFF" + struct.pack("<I", riff_size) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16)
            + b"data" + struct.pack("<I", data_bytes))


def encode(audio, sample_rate, fmt):
    if fmt == "pcm":
        return pcm16(audio)
    if fmt == "wav":
        data = pcm16(audio)
        return wav_header(sample_rate, len(data)) + data
    import soundfile

    buffer = io.BytesIO()
    soundfile.write(buffer, audio, sample_rate, format="FLAC", subtype="PCM_16")
    return buffer.getvalue()


def voice_name(model):
    """The name a voice is served under: a registry name as is, a folder's name, a file's stem
    (the folder's name for a voice folder's acoustic.pt)."""
    path = Path(model)
    if path.is_file():
        return path.parent.name if path.stem == "acoustic" else path.stem
    if path.is_dir():
        return path.resolve().name
    return str(model)


class BodyLimit:
    """ASGI middleware: a request body over `max_bytes` gets 413 before anything parses it."""

    def __init__(self, app, max_bytes):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._reject(send)
        body = bytearray()
        while True:  # read it all (at most max_bytes), then hand it on
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay([message], receive), send)
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                return await self._reject(send)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay([{"type": "http.request", "body": bytes(body)}], receive), send)

    async def _reject(self, send):
        await error_response(413, f"request body over {self.max_bytes} bytes")({"type": "http"}, None, send)


def _replay(messages, receive):
    async def replayed():
        return messages.pop(0) if messages else await receive()

    return replayed


def create_app(voices, workers=2, queue_size=8, max_chars=MAX_CHARS):
    """The FastAPI app. voices: {name: Synthesizer}, loaded already; the first is the default."""
    if not voices:
        raise TTSError("no voice to serve")
    default = next(iter(voices))
    pool = WorkerPool(workers, queue_size)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        pool.shutdown()

    app = FastAPI(title="zhtts", description="Mandarin Chinese text-to-speech. Errors are JSON: "
                  '{"error": "..."}.', version=_version(), lifespan=lifespan)
    app.state.pool = pool
    app.state.voices = voices
    # JSON may spell a character as \uXXXX: 6 bytes for each allowed character, and slack
    app.add_middleware(BodyLimit, max_bytes=6 * SSML_MARKUP_FACTOR * max_chars + 4096)

    @app.exception_handler(ApiError)
    async def api_error(request, err):
        return error_response(err.status, err.message, err.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request, err):
        first = err.errors()[0]
        if first.get("type") == "json_invalid":
            return error_response(400, f"the request body is not valid JSON: {first.get('ctx', {}).get('error', '')}")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        return error_response(400, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, err):
        return error_response(err.status_code, str(err.detail), getattr(err, "headers", None))

    @app.exception_handler(Exception)
    async def internal_error(request, err):
        log.exception("internal error on %s", request.url.path)
        return error_response(500, "internal error (logged on the server)")

    def check(req):
        """Everything about a request that can be said before synthesis: -> (synth, text, ssml)."""
        if (req.text is None) == (req.ssml is None):
            raise ApiError(400, "give exactly one of 'text' and 'ssml'")
        name = req.model or default
        if name not in voices:
            raise ApiError(404, f"unknown model {name!r}; this server has: {', '.join(voices)}")
        synth = voices[name]
        if not 0.25 <= req.speed <= 4.0:
            raise ApiError(400, f"speed must be between 0.25 and 4.0, got {req.speed}")
        if req.speaker not in (None, "") and req.speaker not in synth.speakers:
            known = ", ".join(synth.speakers) or "none (a single-speaker voice)"
            raise ApiError(400, f"unknown speaker {req.speaker!r} for {name}; speakers: {known}")
        if req.text is not None:
            if len(req.text) > max_chars:
                raise ApiError(413, f"text is {len(req.text)} characters; the limit is {max_chars}")
            if not req.text.strip():
                raise ApiError(400, "empty text: give at least one speakable Chinese character or word")
            return synth, req.text, None
        from frontend.ssml import parse_ssml, spoken_length

        if len(req.ssml) > SSML_MARKUP_FACTOR * max_chars:
            raise ApiError(413, f"ssml is {len(req.ssml)} characters; the limit is "
                                f"{SSML_MARKUP_FACTOR * max_chars} with markup")
        try:
            spoken = spoken_length(parse_ssml(req.ssml))
        except FrontendError as err:
            raise ApiError(400, str(err)) from None
        if spoken > max_chars:
            raise ApiError(413, f"ssml holds {spoken} characters of text; the limit is {max_chars}")
        return synth, None, req.ssml

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page():
        return HTMLResponse(WEB_PAGE.read_text(encoding="utf-8"))

    @app.get("/healthz")
    async def healthz():
        """Liveness, and how busy the worker pool is."""
        return {"status": "ok", "jobs": pool.jobs, "workers": pool.workers, "capacity": pool.capacity}

    @app.get("/v1/models")
    async def models():
        """The voices this server has loaded; `default` is used when a request names none."""
        return {"default": default, "max_chars": max_chars, "models": [
            {"name": name, "sample_rate": s.sample_rate, "speakers": s.speakers}
            for name, s in voices.items()]}

    @app.post("/v1/synth", responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}})
    async def synth_whole(req: SynthRequest):
        """The whole audio file (wav, flac or pcm) at once."""
        synth, text, ssml = check(req)

        def job():
            audio, sr = synth.synth(text, speaker=req.speaker or None, speed=req.speed, ssml=ssml)
            return encode(audio, sr, req.format)

        try:
            data = await asyncio.wrap_future(pool.submit(job))
        except (TTSError, FrontendError) as err:
            raise ApiError(400, str(err)) from None
        return Response(data, media_type=MEDIA_TYPES[req.format],
                        headers={"X-Sample-Rate": str(synth.sample_rate)})

    @app.post("/v1/stream", responses={200: {"content": {"audio/wav": {}, MEDIA_TYPES["pcm"]: {}}}})
    async def synth_stream(req: SynthRequest, request: Request):
        """Audio as it is made (chunked): wav (header + 16-bit samples) or pcm (samples only)."""
        if req.format == "flac":
            raise ApiError(400, "format: streaming gives wav or pcm, not flac")
        synth, text, ssml = check(req)
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue()  # ("audio", bytes) ... then ("end", None) or ("error", exception)
        cancel = threading.Event()

        def emit(item):
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the event loop has closed: the server is stopping
                cancel.set()

        def job():
            if cancel.is_set():  # the client left while this waited in the queue
                return
            chunks = synth.stream(text, speaker=req.speaker or None, speed=req.speed, ssml=ssml)
            try:
                for chunk in chunks:
                    if cancel.is_set():
                        log.info("client went away: stream cancelled")
                        return
                    emit(("audio", pcm16(chunk)))
                emit(("end", None))
            except Exception as err:  # handed to the event loop, which answers or logs it
                emit(("error", err))
            finally:
                chunks.close()

        pool.submit(job)
        try:
            first = await queue.get()  # errors the front end finds come before any audio: a clean 400
        except asyncio.CancelledError:
            cancel.set()
            raise
        if first[0] == "error":
            cancel.set()
            if isinstance(first[1], (TTSError, FrontendError)):
                raise ApiError(400, str(first[1]))
            raise first[1]

        async def body():
            try:
                if req.format == "wav":
                    yield wav_header(synth.sample_rate)
                kind, value = first
                while kind == "audio":
                    yield value
                    kind, value = await queue.get()
                    if await request.is_disconnected():
                        return
                if kind == "error":  # after the headers have gone, the stream can only stop short
                    log.error("stream stopped by an error: %r", value)
            finally:
                cancel.set()

        return StreamingResponse(body(), media_type=MEDIA_TYPES[req.format],
                                 headers={"X-Sample-Rate": str(synth.sample_rate),
                                          "Cache-Control": "no-store"})

    return app


def _version():
    import tts

    return tts.__version__


def warm_up(synth):
    """Synthesise once, so the front end's models and the first-call costs are paid at start-up."""
    synth.synth("你好。")
