import io
import subprocess
import sys

import numpy as np
import pytest
import soundfile
import torch

from frontend.symbols import BREAKS, EOS, syllables_to_phonemes
from tts.cli import main
from tts.errors import TTSError
from tts.models.tacotron2 import Tacotron2
from tts.synthesizer import Synthesizer, split_phonemes
from tts.vocoders import GriffinLim

@pytest.fixture(scope="module")
def synth(checkpoint):
    model = Tacotron2.from_checkpoint(checkpoint)
    return Synthesizer(model, GriffinLim(model.mel_config, n_iter=2))


def test_split_keeps_short_sentences_whole():
    phones = syllables_to_phonemes(["ni3", "hao3"], [1, 4])
    assert split_phonemes(phones) == [(phones, "#4")]


def test_split_cuts_at_strongest_break():
    syllables = ["ka2", "er2", "pu3", "pei2", "wai4", "sun1", "wan2", "hua2", "ti1"] * 4
    phones = syllables_to_phonemes(syllables, [0, 0, 2, 0, 0, 1, 0, 0, 3] * 4)
    pieces = split_phonemes(phones, max_tokens=20)
    assert [level for _, level in pieces] == ["#3", "#3", "#3", "#4"]
    body = [p for piece, _ in pieces for p in piece[:-2]]
    assert body == [p for p in phones if p not in (EOS, "#3", "#4")]
    for piece, _ in pieces:
        assert len(piece) <= 20 and piece[-2:] == ["#4", EOS]


def test_split_without_breaks_cuts_between_syllables():
    phones = syllables_to_phonemes(["wanr2", "zhang1", "an4"] * 20)
    pieces = split_phonemes(phones, max_tokens=16)
    for piece, _ in pieces:
        assert len(piece) <= 16 and piece[0] != "rr"
        assert piece[-3][-1].isdigit() or piece[-3] == "rr"  # ends on a whole syllable
    assert not any(p in BREAKS[:3] for piece, _ in pieces for p in piece)


def test_synth_returns_audio(synth):
    audio, sr = synth.synth("你好，世界。")
    assert sr == 22050 and audio.dtype == np.float32 and audio.ndim == 1 and len(audio) > 0
    assert np.abs(audio).max() <= 1.0


def test_result_carries_analysis_and_alignment(synth):
    result = synth.synthesize("今天天气很好。我们去公园吧！")
    assert len(result.pieces) == 2
    for piece in result.pieces:
        assert piece.phonemes[-2:] == ["#4", EOS]
        assert piece.alignment.shape[1] == len(piece.phonemes)
        assert piece.mel.shape[0] == 80
    assert result.analysis is not None


def test_speed_changes_duration(synth):
    torch.manual_seed(1)
    normal = synth.synthesize("你好。").pieces[0].mel.shape[1]
    torch.manual_seed(1)
    fast = synth.synthesize("你好。", speed=2.0).pieces[0].mel.shape[1]
    assert fast == round(normal / 2)
    with pytest.raises(TTSError, match="speed"):
        synth.synth("你好。", speed=10)


@pytest.mark.parametrize("text", ["", "   \n", "。，！？", "😀🎉"])
def test_nothing_to_say_is_a_clear_error(synth, text):
    with pytest.raises(TTSError, match="empty text|nothing to say"):
        synth.synth(text)


def test_unknown_speaker(synth):
    with pytest.raises(TTSError, match="unknown speaker"):
        synth.synth("你好。", speaker="nobody")


def test_synth_to_file_wav_and_flac(synth, tmp_path):
    for name in ("a.wav", "a.flac"):
        path = synth.synth_to_file("你好。", tmp_path / name)
        info = soundfile.info(str(path))
        assert info.samplerate == 22050 and info.frames > 0


def test_stream_yields_chunks(synth):
    chunks = list(synth.stream("第一句话。第二句话。"))
    assert len(chunks) > 2
    assert all(c.dtype == np.float32 and c.ndim == 1 for c in chunks)
    assert sum(len(c) for c in chunks) > 0


def test_stream_runs_the_front_end_one_sentence_at_a_time(synth, monkeypatch):
    calls = []
    analyze = synth.frontend.analyze
    monkeypatch.setattr(synth.frontend, "analyze", lambda text, **kw: calls.append(text) or analyze(text, **kw))
    chunks = synth.stream("第一句话。……第二句话！第三句话")
    next(chunks)
    assert calls == ["第一句话。……"]  # the first audio does not wait for the rest of the text
    rest = list(chunks)
    assert calls == ["第一句话。……", "第二句话！", "第三句话"] and rest
    with pytest.raises(TTSError, match="nothing to say"):
        list(synth.stream("……！"))
    with pytest.raises(TTSError, match="empty text"):
        next(synth.stream("  "))


def test_long_text_completes(checkpoint):
    model = Tacotron2.from_checkpoint(checkpoint)
    fast = Synthesizer(model, GriffinLim(model.mel_config, n_iter=1), batch_size=32)
    text = ("今天天气很好，我们一起去公园散步。" * 600)[:10000]
    audio, sr = fast.synth(text)
    assert len(audio) > 10 * sr


def test_from_pretrained_file_and_folder(checkpoint):
    assert Synthesizer.from_pretrained(checkpoint).sample_rate == 22050
    assert Synthesizer.from_pretrained(checkpoint.parent, vocoder="griffin-lim").sample_rate == 22050
    with pytest.raises(TTSError, match="unknown model 'no-such-voice'"):
        Synthesizer.from_pretrained("no-such-voice")


def run_tts(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "tts.cli", *args], capture_output=True, input=stdin)


def test_cli_writes_file(checkpoint, tmp_path):
    # one real subprocess: the console entry point, exit code and message as a user sees them
    out = tmp_path / "out.wav"
    done = run_tts("synth", "你好。", "-o", str(out), "--model", str(checkpoint), "--vocoder", "griffin-lim",
                   "--threads", "1")
    assert done.returncode == 0, done.stderr.decode()
    assert soundfile.info(str(out)).samplerate == 22050
    assert "wrote" in done.stderr.decode()


def test_cli_wav_on_stdout_from_stdin(checkpoint, monkeypatch, capsysbinary):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("你好。".encode())))
    assert main(["synth", "-o", "-", "--model", str(checkpoint)]) == 0
    audio, sr = soundfile.read(io.BytesIO(capsysbinary.readouterr().out))
    assert sr == 22050 and len(audio) > 0


def test_cli_no_silence_gate_turns_the_gate_off(checkpoint, tmp_path, monkeypatch):
    from tts.vocoders.base import Vocoder

    gates, vocode = [], Vocoder.vocode
    monkeypatch.setattr(Vocoder, "vocode", lambda self, mel: gates.append(self.silence_gate) or vocode(self, mel))
    assert main(["synth", "你好。", "-o", str(tmp_path / "a.wav"), "--model", str(checkpoint)]) == 0
    assert main(["synth", "你好。", "-o", str(tmp_path / "b.wav"), "--model", str(checkpoint),
                 "--no-silence-gate"]) == 0
    assert gates[0] == 2.5 and gates[-1] is None


def test_cli_out_dir_one_file_per_line(checkpoint, tmp_path):
    lines = tmp_path / "lines.txt"
    lines.write_text("第一句。\n\n第二句。\n", encoding="utf-8")
    assert main(["synth", "-f", str(lines), "--out-dir", str(tmp_path / "wavs"), "--model", str(checkpoint)]) == 0
    assert sorted(p.name for p in (tmp_path / "wavs").iterdir()) == ["0001.wav", "0002.wav"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["synth", "", "-o", "x.wav"], "empty text"),
        (["synth", "-f", "missing.txt", "-o", "x.wav"], "text file not found: missing.txt"),
        (["synth", "你好", "-o", "x.wav", "--model", "no-such-voice"], "unknown model 'no-such-voice'"),
        (["synth", "你好", "-o", "x.wav", "--speed", "9"], "--speed must be between"),
        (["synth", "你好", "-o", "x.wav", "--threads", "0"], "--threads must be at least 1"),
        (["synth", "你好"], "give exactly one of -o"),
    ],
)
def test_cli_errors_are_one_line(args, message, tmp_path, capsys):
    args = [str(tmp_path / a) if a == "x.wav" else a for a in args]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and err.startswith("tts synth: error: ") and err.count("\n") == 1


def test_bench_reports_every_stage(synth):
    from tts.bench import run_bench

    results = run_bench(synth, repeats=1, threads=1)
    for key in ("frontend_chars_per_s", "frontend_no_prosody_chars_per_s", "acoustic_rtf",
                "vocoder_rtf", "end_to_end_rtf", "first_chunk_latency_s_200_chars"):
        assert results[key] > 0, key
    assert results["threads"] == 1 and "CPUs" in results["machine"]
