"""Serving figures: time to first audio byte of /v1/stream, and a bounded load test.

    OMP_NUM_THREADS=1 python benchmarks/bench_serve.py ttfb --repeats 20
    OMP_NUM_THREADS=1 python benchmarks/bench_serve.py load --clients 8 --seconds 120
    python benchmarks/bench_serve.py ttfb --model exp/voice         # a trained voice instead

Each run starts `tts serve` as a user would (its own process, 127.0.0.1, a free port), waits for
/healthz, measures, and stops it. Without --model the voice is made here: the default
`recipes/csmsc/conf/tacotron2.yaml` Tacotron2 and the default iSTFT vocoder (or Griffin-Lim with
--vocoder griffin-lim), both with seeded *untrained* weights, saved as a voice folder. An
untrained decoder never predicts "stop", so it would run to its hard cap (10 steps, 30 frames,
per input token, about 4x real speech); `--steps-per-token` (default 2.5, i.e. 7.5 frames or
87 ms per token, close to the speech rate of the CSMSC recordings) caps it at the length a
trained voice would produce, so the time per request is that of speech of a realistic length.
The cost of a decoder step or a vocoder frame does not depend on the weights.

ttfb: the 200-character paragraph `PARAGRAPH`, format pcm, `--repeats` sequential requests after
one warm-up; the clock runs from sending the request to the first body byte (all of it audio).
load: `--clients` threads, each posting to /v1/stream the next of `SENTENCES` (7-21 characters)
and reading the whole answer, for `--seconds`; a 503 waits Retry-After and counts as such. The
server's resident memory (VmRSS) is sampled every second.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = ("春天来了，公园里的花都开了。每天早上，很多老人在湖边打太极拳，孩子们在草地上放风筝。"
             "我和朋友约好周末一起去爬山，山顶的风景非常美丽，可以看到整个城市。下午我们在山脚下的"
             "小饭馆吃了午饭，老板做的红烧鱼味道很好。回家的路上，天空突然下起了小雨，我们只好在路边"
             "的商店里躲雨。雨停以后，空气变得格外清新，街道两旁的树木也显得更加翠绿。晚上回到家，我把"
             "今天拍的照片整理好，发给了远方的父母。我们下周再去一次吧！")
assert len(PARAGRAPH) == 200
SENTENCES = [
    "今天天气很好。", "我们去公园散步吧，顺便买点水果。", "他在银行工作了三年。",
    "请问去火车站怎么走？", "这本书我已经看完了，写得非常好。", "明天上午九点开会，请大家准时参加。",
    "小猫在沙发上睡着了。", "春天来了，公园里的花都开了，到处都是游客。", "你喜欢吃什么水果？",
    "会议推迟到下周三下午两点，地点不变。", "我想订一张去上海的机票。", "孩子们在操场上踢足球。",
]


def make_voice(folder, steps_per_token, vocoder):
    """An untrained default-config voice folder: acoustic.pt (+ vocoder.pt for iSTFT)."""
    import torch

    from tts.audio import MelConfig
    from tts.config import load_config
    from tts.models.tacotron2 import Tacotron2, Tacotron2Config
    from tts.vocoders.istft import ISTFTConfig, ISTFTVocoder

    torch.manual_seed(0)
    config = load_config(Tacotron2Config, ROOT / "recipes/csmsc/conf/tacotron2.yaml", "model")
    config.max_decoder_steps_per_token = steps_per_token
    acoustic = Tacotron2(config)
    torch.save(acoustic.checkpoint_state(), folder / "acoustic.pt")
    if vocoder == "istft":
        generator = ISTFTVocoder(ISTFTConfig(), acoustic.mel_config)
        torch.save({"kind": "istft", "model_config": asdict(ISTFTConfig()),
                    "mel_config": asdict(acoustic.mel_config), "code_version": "bench_serve (untrained)",
                    "generator": generator.state_dict()}, folder / "vocoder.pt")
    assert acoustic.mel_config == MelConfig()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(model, vocoder, workers, queue):
    import httpx2 as httpx

    port = free_port()
    command = [sys.executable, "-m", "tts.cli", "serve", "--model", str(model), "--port", str(port),
               "--workers", str(workers), "--queue", str(queue)]
    if vocoder == "griffin-lim":
        command += ["--vocoder", "griffin-lim"]
    log = open(tempfile.mktemp(prefix="bench_serve_", suffix=".log"), "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            sys.exit(f"bench_serve: tts serve exited; see {log.name}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.terminate()
            sys.exit("bench_serve: tts serve did not start within 300 s")
        time.sleep(0.2)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def stream_once(client, url, text):
    """-> (status, seconds to first body byte, seconds in all, audio seconds)."""
    start = time.perf_counter()
    first = None
    size = 0
    with client.stream("POST", f"{url}/v1/stream", json={"text": text, "format": "pcm"}) as response:
        for chunk in response.iter_raw():
            if first is None and chunk:
                first = time.perf_counter() - start
            size += len(chunk)
        rate = int(response.headers.get("x-sample-rate", 22050))
        status = response.status_code
        retry = response.headers.get("retry-after")
    return status, first, time.perf_counter() - start, size / 2 / rate, retry


def ttfb(url, repeats):
    import httpx2 as httpx

    with httpx.Client(timeout=300) as client:
        stream_once(client, url, PARAGRAPH)  # warm-up
        runs = [stream_once(client, url, PARAGRAPH) for _ in range(repeats)]
    if any(r[0] != 200 for r in runs):
        sys.exit(f"bench_serve: a request failed: {[r[0] for r in runs]}")
    firsts = [r[1] for r in runs]
    return {"paragraph_chars": len(PARAGRAPH), "repeats": repeats,
            "ttfb_median_s": statistics.median(firsts), "ttfb_min_s": min(firsts),
            "ttfb_max_s": max(firsts), "total_median_s": statistics.median(r[2] for r in runs),
            "audio_s": runs[0][3]}


def load(url, pid, clients, seconds):
    import httpx2 as httpx

    stop = time.monotonic() + seconds
    results = []  # (finished at, status, latency, ttfb)
    lock = threading.Lock()

    def client_loop(k):
        with httpx.Client(timeout=300) as client:
            i = k
            while time.monotonic() < stop:
                try:
                    status, first, total, _, retry = stream_once(client, url, SENTENCES[i % len(SENTENCES)])
                except httpx.HTTPError as err:
                    status, first, total, retry = f"error {type(err).__name__}", None, None, None
                with lock:
                    results.append((time.monotonic(), status, total, first))
                if status == 503:
                    time.sleep(float(retry or 1))
                i += 1

    memory = []  # (time, MB)
    threads = [threading.Thread(target=client_loop, args=(k,)) for k in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        memory.append((time.monotonic() - began, rss_mb(pid)))
        time.sleep(1)
    ok = [r for r in results if r[1] == 200]
    latencies = sorted(r[2] for r in ok)
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    minute = lambda lo, hi: [m for t, m in memory if lo <= t < hi]
    first_min, last_min = minute(0, 60), minute(seconds - 60, seconds)
    return {
        "clients": clients, "seconds": seconds, "requests_ok": len(ok),
        "requests_per_minute": len(ok) / (seconds / 60),
        "latency_p50_s": statistics.median(latencies) if latencies else None,
        "latency_p95_s": p(0.95) if latencies else None,
        "ttfb_p50_s": statistics.median(r[3] for r in ok) if ok else None,
        "status_503": sum(r[1] == 503 for r in results),
        "other_errors": sorted({str(r[1]) for r in results if r[1] not in (200, 503)}),
        "other_error_count": sum(r[1] not in (200, 503) for r in results),
        "rss_mb_first_minute_mean": statistics.mean(first_min) if first_min else None,
        "rss_mb_first_minute_max": max(first_min) if first_min else None,
        "rss_mb_last_minute_mean": statistics.mean(last_min) if last_min else None,
        "rss_mb_last_minute_max": max(last_min) if last_min else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["ttfb", "load"])
    parser.add_argument("--model", help="a trained voice (default: an untrained one made here)")
    parser.add_argument("--vocoder", choices=["istft", "griffin-lim"], default="istft")
    parser.add_argument("--steps-per-token", type=float, default=2.5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queue", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        model = args.model
        if model is None:
            make_voice(Path(tmp), args.steps_per_token, args.vocoder)
            model = tmp
        process, url = start_server(model, args.vocoder if args.model is None else None,
                                    args.workers, args.queue)
        try:
            if args.what == "ttfb":
                result = ttfb(url, args.repeats)
            else:
                result = load(url, process.pid, args.clients, args.seconds)
        finally:
            process.terminate()
            process.wait(30)
    result.update({"model": args.model or f"untrained default Tacotron2 (cap {args.steps_per_token} "
                   f"steps/token) + untrained {args.vocoder}", "workers": args.workers,
                   "queue": args.queue, "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
                   "load_average": os.getloadavg()})
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
