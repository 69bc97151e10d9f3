"""`tts serve`: the API through FastAPI's test client, the limits and cancellation against a real
uvicorn server on a free local port, and (slow) the web page in headless Chromium.

The Chromium test needs Debian's browser and driver and the selenium package:

    apt-get install -y chromium chromium-driver && pip install selenium
    python -m pytest -q -m slow tests/tts/test_serve.py
"""

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

import httpx2 as httpx
import numpy as np
import pytest
import soundfile
import torch
import uvicorn
from fastapi.testclient import TestClient

from tests.tts.test_ssml import BILLION_LAUGHS
from tts.cli import main
from tts.models.tacotron2 import Tacotron2
from tts.server import create_app, wav_header
from tts.synthesizer import Synthesizer
from tts.vocoders import GriffinLim

LONG_TEXT = "今天天气很好，我们去公园散步吧。" * 4


def tiny_synth(checkpoint, cls=Synthesizer):
    model = Tacotron2.from_checkpoint(checkpoint)
    return cls(model, GriffinLim(model.mel_config, n_iter=2))


@pytest.fixture(scope="module")
def synth(checkpoint):
    return tiny_synth(checkpoint)


@pytest.fixture(scope="module")
def client(synth):
    with TestClient(create_app({"tiny": synth}, workers=1, queue_size=2, max_chars=100)) as c:
        yield c


# --- endpoints ---------------------------------------------------------------------------------

def test_healthz_and_models(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    models = client.get("/v1/models").json()
    assert models["default"] == "tiny" and models["max_chars"] == 100
    assert models["models"] == [{"name": "tiny", "sample_rate": 22050, "speakers": []}]


def test_web_page_and_docs(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'id="play"' in page.text and "/v1/stream" in page.text and 'id="download"' in page.text
    schema = client.get("/openapi.json").json()
    assert {"/v1/synth", "/v1/stream", "/v1/models", "/healthz"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize("fmt, media", [("wav", "audio/wav"), ("flac", "audio/flac")])
def test_synth_returns_a_file(client, fmt, media):
    response = client.post("/v1/synth", json={"text": "你好，世界。", "format": fmt})
    assert response.status_code == 200 and response.headers["content-type"] == media
    audio, sr = soundfile.read(io.BytesIO(response.content))
    assert sr == 22050 and len(audio) > 0 and audio.ndim == 1


def test_synth_pcm_is_the_wav_data(client):
    torch.manual_seed(5)
    wav = client.post("/v1/synth", json={"text": "你好。"}).content
    torch.manual_seed(5)
    pcm = client.post("/v1/synth", json={"text": "你好。", "format": "pcm"})
    assert pcm.headers["content-type"] == "application/octet-stream"
    assert pcm.headers["x-sample-rate"] == "22050"
    assert wav[:4] == b"RIFF" and wav[44:] == pcm.content and len(pcm.content) % 2 == 0


def test_stream_chunks_make_a_valid_wav(client):
    with client.stream("POST", "/v1/stream", json={"text": LONG_TEXT[:90]}) as response:
        assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
        chunks = list(response.iter_bytes())
    data = b"".join(chunks)
    assert data[:44] == wav_header(22050)
    audio, sr = soundfile.read(io.BytesIO(data), dtype="int16")
    assert sr == 22050 and len(audio) == (len(data) - 44) // 2 > 22050 // 10
    assert np.abs(audio).max() > 0


def test_stream_pcm_and_ssml(client):
    doc = '<speak><break time="300ms"/>你好<say-as interpret-as="digits">12</say-as></speak>'
    response = client.post("/v1/stream", json={"ssml": doc, "format": "pcm"})
    assert response.status_code == 200 and response.headers["x-sample-rate"] == "22050"
    samples = np.frombuffer(response.content, dtype="<i2")
    assert len(samples) > int(0.3 * 22050) and not samples[:int(0.3 * 22050)].any()


def test_speed_reaches_the_synthesizer(client):
    sizes = []
    for speed in (1.0, 2.0):
        torch.manual_seed(6)
        sizes.append(len(client.post("/v1/synth", json={"text": "你好。", "speed": speed, "format": "pcm"}).content))
    assert sizes[1] < sizes[0] * 0.6


# --- bad input: JSON errors with the right status, never a traceback ---------------------------

@pytest.mark.parametrize("path", ["/v1/synth", "/v1/stream"])
@pytest.mark.parametrize("body, status, message", [
    ({"text": ""}, 400, "empty text"),
    ({"text": " \n"}, 400, "empty text"),
    ({"text": "。！"}, 400, "nothing to say"),
    ({}, 400, "exactly one of 'text' and 'ssml'"),
    ({"text": "你好", "ssml": "<speak>你好</speak>"}, 400, "exactly one"),
    ({"txt": "你好"}, 400, "txt: Extra inputs are not permitted"),
    ({"text": "你好", "speed": 0}, 400, "speed must be between"),
    ({"text": "你好", "speed": 10}, 400, "speed must be between"),
    ({"text": "你好", "speed": "fast"}, 400, "speed:"),
    ({"text": 5}, 400, "text:"),
    ({"text": "你好", "format": "mp3"}, 400, "format:"),
    ({"text": "你好", "model": "nobody"}, 404, "unknown model 'nobody'"),
    ({"text": "你好", "speaker": "bob"}, 400, "unknown speaker 'bob'"),
    ({"text": "你" * 101}, 413, "101 characters; the limit is 100"),
    ({"ssml": "<speak>" + "你" * 101 + "</speak>"}, 413, "101 characters of text"),
    ({"ssml": "<speak>" + "<break/>" * 60 + "你</speak>"}, 413, "with markup"),
    ({"ssml": "<speak>你好</spek>"}, 400, "malformed SSML: mismatched tag"),
    ({"ssml": "<speak><emphasis>你</emphasis></speak>"}, 400, "unsupported element"),
    ({"ssml": BILLION_LAUGHS}, 400, "DOCTYPE and entity declarations are not allowed"),
])
def test_bad_requests(client, path, body, status, message):
    if body.get("ssml") == BILLION_LAUGHS:  # longer than this client's limit: a roomier app
        client = TestClient(create_app(client.app.state.voices, max_chars=1000))
    response = client.post(path, json=body)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert message in response.json()["error"]
    assert "Traceback" not in response.text


def test_stream_refuses_flac(client):
    response = client.post("/v1/stream", json={"text": "你好", "format": "flac"})
    assert response.status_code == 400 and "not flac" in response.json()["error"]


def test_invalid_json_and_huge_body(client):
    response = client.post("/v1/synth", content=b"{text: 1", headers={"content-type": "application/json"})
    assert response.status_code == 400 and "not valid JSON" in response.json()["error"]
    response = client.post("/v1/synth", content=b" " * 10_000_000, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "request body over" in response.json()["error"]


def test_unknown_path_is_json(client):
    response = client.get("/v2/nothing")
    assert response.status_code == 404 and response.json() == {"error": "Not Found"}


class BrokenSynth(Synthesizer):
    """A bug inside synthesis, which the client must see as a plain 500."""

    def synth(self, *args, **kwargs):
        raise RuntimeError("secret internals")

    def stream(self, *args, **kwargs):
        raise RuntimeError("secret internals")
        yield


@pytest.mark.parametrize("path", ["/v1/synth", "/v1/stream"])
def test_internal_error_is_a_500_without_details(checkpoint, path):
    app = create_app({"broken": tiny_synth(checkpoint, BrokenSynth)})
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.post(path, json={"text": "你好"})
    assert response.status_code == 500
    assert response.json() == {"error": "internal error (logged on the server)"}


# --- a real server: the bounded queue and client disconnects ------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_server(app):
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class GatedSynth(Synthesizer):
    """Synthesis that waits for the test to open the gate."""

    gate = threading.Event()

    def synth(self, *args, **kwargs):
        assert self.gate.wait(20)
        return super().synth(*args, **kwargs)


def test_full_queue_answers_503_with_retry_after(checkpoint):
    GatedSynth.gate.clear()
    app = create_app({"gated": tiny_synth(checkpoint, GatedSynth)}, workers=1, queue_size=1)
    with live_server(app) as url:
        results = []

        def request():
            results.append(httpx.post(f"{url}/v1/synth", json={"text": "你好。"}, timeout=30))

        threads = [threading.Thread(target=request) for _ in range(2)]
        for t in threads:
            t.start()
        assert wait_for(lambda: httpx.get(f"{url}/healthz").json()["jobs"] == 2)
        busy = httpx.post(f"{url}/v1/synth", json={"text": "你好。"}, timeout=5)
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
        assert busy.json()["error"].startswith("server busy")
        GatedSynth.gate.set()
        for t in threads:
            t.join(30)
        assert [r.status_code for r in results] == [200, 200]
        assert httpx.get(f"{url}/healthz").json()["jobs"] == 0
        assert httpx.post(f"{url}/v1/synth", json={"text": "你好。"}, timeout=30).status_code == 200


class SlowStreamSynth(Synthesizer):
    """A stream of 200 chunks, 50 ms each (10 s in all), that counts what it made."""

    produced = 0

    def stream(self, *args, **kwargs):
        for _ in range(200):
            time.sleep(0.05)
            SlowStreamSynth.produced += 1
            yield np.full(1100, 0.1, dtype=np.float32)


def test_client_disconnect_stops_synthesis(checkpoint):
    SlowStreamSynth.produced = 0
    app = create_app({"slow": tiny_synth(checkpoint, SlowStreamSynth)}, workers=1, queue_size=0)
    with live_server(app) as url:
        with httpx.stream("POST", f"{url}/v1/stream", json={"text": "你好。"}, timeout=30) as response:
            assert response.status_code == 200
            next(response.iter_raw())  # the header and first audio arrived; now hang up
        started = time.monotonic()
        assert wait_for(lambda: httpx.get(f"{url}/healthz").json()["jobs"] == 0, timeout=5)
        assert time.monotonic() - started < 2
        assert SlowStreamSynth.produced < 60  # not the 200 chunks of the whole utterance
        # the freed worker (the only one, with no queue) takes the next request at once
        assert httpx.post(f"{url}/v1/stream", json={"text": "你好。", "format": "pcm"},
                          timeout=30).status_code == 200


# --- the command --------------------------------------------------------------------------------

def test_serve_without_model_and_empty_registry_is_one_line(monkeypatch, capsys):
    monkeypatch.setattr("tts.pretrained.load_registry", lambda path=None: {})
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no --model given and the registry has no default voice" in err


def test_serve_defaults_to_the_registry_default(monkeypatch):
    from tts.commands.serve import default_model

    monkeypatch.setattr("tts.pretrained.load_registry", lambda path=None: {"zh-demo": object()})
    assert default_model() == "zh-demo"


def test_serve_bad_model_and_taken_port(checkpoint, capsys):
    assert main(["serve", "--model", "no/such/voice"]) == 1
    assert "unknown model 'no/such/voice'" in capsys.readouterr().err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--model", str(checkpoint), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and err.strip().count("\n") == 0


@contextlib.contextmanager
def serve_process(checkpoint, *flags):
    """`tts serve` as a user runs it, on a free port; yields its URL."""
    port = free_port()
    env = dict(os.environ, OMP_NUM_THREADS="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "tts.cli", "serve", "--model", str(checkpoint), "--port", str(port), *flags],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        def up():
            assert process.poll() is None, process.stdout.read().decode()
            try:
                return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        assert wait_for(up, timeout=120), "tts serve did not come up"
        yield url
    finally:
        process.terminate()
        process.wait(20)


def test_tts_serve_command_serves(checkpoint):
    with serve_process(checkpoint, "--workers", "1") as url:
        models = httpx.get(f"{url}/v1/models").json()
        assert models["default"] == checkpoint.parent.name  # .../voiceN/acoustic.pt
        response = httpx.post(f"{url}/v1/stream", json={"text": "你好。"}, timeout=60)
        assert response.status_code == 200
        assert soundfile.info(io.BytesIO(response.content)).samplerate == 22050


@pytest.mark.slow
def test_web_page_plays_in_headless_chromium(checkpoint):
    """Pressing Play on the page fetches /v1/stream and plays and offers what came back."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="pip install selenium")
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    with serve_process(checkpoint) as url:
        driver = webdriver.Chrome(options=options, service=service)
        try:
            driver.get(url + "/")
            wait = WebDriverWait(driver, 60)
            wait.until(lambda d: d.find_element(By.ID, "model").get_attribute("value"))
            driver.find_element(By.ID, "play").click()
            wait.until(lambda d: d.find_element(By.ID, "status").text.startswith(("done", "4", "5")))
            status = driver.find_element(By.ID, "status").text
            assert status.startswith("done"), status
            link = driver.find_element(By.ID, "download")
            assert link.is_displayed() and link.get_attribute("href").startswith("blob:")
            assert int(link.get_attribute("data-samples")) > 2205
            fetched = driver.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)")
            assert any(name.endswith("/v1/stream") for name in fetched), fetched
        finally:
            driver.quit()


def test_closing_a_real_stream_midway_is_clean(synth):
    """What the server does when a client leaves: close the Synthesizer's generator early."""
    chunks = synth.stream(LONG_TEXT)
    first = next(chunks)
    assert first.dtype == np.float32 and len(first) > 0
    chunks.close()
    with pytest.raises(StopIteration):
        next(chunks)
