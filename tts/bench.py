"""Speed of each stage on fixed texts: the source of the speed figures in BENCHMARKS.md.

    tts bench --model zh-demo --vocoder griffin-lim --repeats 7 --threads 2

Measured, each as the median over `repeats` runs after one warm-up:
- front end: characters per second of `Frontend.analyze` on a fixed news-like paragraph, with
  and without prosody prediction;
- acoustic model: real-time factor (compute time / seconds of audio produced) of Tacotron2
  inference on a 30-character sentence;
- vocoder: real-time factor on the mel of that sentence;
- end to end: real-time factor of `Synthesizer.synth` on the 30-character sentence, and the
  latency of the first audio chunk of `Synthesizer.stream` on a 200-character paragraph.
"""

import os
import platform
import statistics
import time

import torch

SENTENCE_30 = "今天下午三点，我们准时在学校门口集合，然后一起去博物馆参观。"  # 30 characters
PARAGRAPH_200 = (
    "春天到了，公园里的花都开了。孩子们在草地上放风筝，老人们坐在长椅上晒太阳。"
    "湖边的柳树长出了嫩绿的新芽，微风吹过，水面泛起一圈圈涟漪。"
    "一位年轻的母亲推着婴儿车慢慢走过，车里的小宝宝睁着好奇的眼睛，看着这个美丽的世界。"
    "远处传来了悠扬的音乐声，原来是几位退休的老师在排练合唱节目，准备参加下个月的社区文艺演出。"
    "大家都笑着说，今年的春天比往年来得更早一些。周末的时候，很多家庭都会带着孩子们来这里野餐和游玩。"
)  # 200 characters


def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, torch {torch.__version__}"


def median_time(fn, repeats):
    fn()  # warm-up: lazy loading, allocator, kernel selection
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_chunk_latency(synth, text, repeats):
    def first():
        start = time.perf_counter()
        next(iter(synth.stream(text)))
        return time.perf_counter() - start

    first()
    return statistics.median(first() for _ in range(repeats))


def run_bench(synth, repeats=5, threads=2):
    """A dict of figures (also printed by `tts bench`)."""
    torch.set_num_threads(threads)
    fe = synth.frontend
    results = {"machine": machine_description(), "threads": threads, "repeats": repeats}
    chars = len(PARAGRAPH_200)
    results["frontend_chars_per_s"] = chars / median_time(lambda: fe.analyze(PARAGRAPH_200), repeats)
    results["frontend_no_prosody_chars_per_s"] = chars / median_time(
        lambda: fe.analyze(PARAGRAPH_200, prosody=False), repeats)

    _, pieces = synth.plan(SENTENCE_30)
    torch.manual_seed(0)
    acoustic_time = median_time(lambda: synth.run_acoustic(pieces), repeats)
    seconds = sum(p.mel.shape[1] for p in pieces) * synth.acoustic.mel_config.hop_length / synth.sample_rate
    results["audio_seconds_30_chars"] = seconds
    results["acoustic_rtf"] = acoustic_time / seconds
    mel = torch.from_numpy(pieces[0].mel)
    results["vocoder"] = type(synth.vocoder).__name__
    results["vocoder_rtf"] = median_time(lambda: synth.vocoder.vocode(mel), repeats) / (
        mel.shape[1] * synth.acoustic.mel_config.hop_length / synth.sample_rate)

    def end_to_end():
        audio, sr = synth.synth(SENTENCE_30)
        end_to_end.seconds = len(audio) / sr

    total = median_time(end_to_end, repeats)
    results["end_to_end_rtf"] = total / end_to_end.seconds
    results["first_chunk_latency_s_200_chars"] = first_chunk_latency(synth, PARAGRAPH_200, repeats)
    return results
