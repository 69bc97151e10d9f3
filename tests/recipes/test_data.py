"""Corpus parsing and label alignment, the synthetic corpus, the feature dump, recipe stage errors."""

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile
import torch

from tts.audio import MelConfig, mel_spectrogram
from tts.data.corpora import (
    LabelError,
    align_entry,
    entry_phonemes,
    load_aishell3,
    load_csmsc,
    load_custom,
    parse_csmsc_labels,
    read_manifest,
    write_manifest,
)
from tts.data.features import make_dump, split_ids
from tts.data.synthetic import espeak_markup, make_corpus
from tts.errors import TTSError

REPO = Path(__file__).resolve().parents[2]
CSMSC_LABELS = REPO.parent / "shared" / "data" / "csmsc" / "000001-009000.txt"

# Entries exactly as in the CSMSC label file (text line, pinyin line).
E000001 = ("000001", "卡尔普#2陪外孙#1玩滑梯#4。", "ka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1")
E000003 = ("000003", "宝马#1配挂#1跛骡鞍#3，貂蝉#1怨枕#2董翁榻#4。",
           "bao2 ma3 pei4 gua4 bo3 luo2 an1 diao1 chan2 yuan4 zhen3 dong3 weng1 ta4")
E000009 = ("000009", "以#1散居#1儿童#2和#1幼托#1儿童#1为主#4。",
           "yi2 san3 ju1 er2 tong2 he2 you4 tuo1 er2 tong2 wei2 zhu3")
E000029 = ("000029", "遛弯儿#2都得#2躲远点#4。", "liu4 wanr1 dou1 dei3 duo2 yuan2 dian3")
E002365 = ("002365", "这图#2难不成#2是#1Ｐ过的#4？", "zhe4 tu2 nan2 bu4 cheng2 shi4 P IY1 guo4 de5")
E002762 = ("002762", "我是#2善良#1活泼#3、好奇心#1旺盛的#2Ｂ型血#4。",
           "wo3 shi4 shan4 liang2 huo2 po1 hao4 qi2 xin1 wang4 sheng4 de5 bi4 xing2 xie3")

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


def write_labels(path, entries):
    """A ProsodyLabeling file in the corpus's own format: two CRLF lines per entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{i}\t{t}\r\n\t{p}\r\n" for i, t, p in entries)
    path.write_bytes(text.encode("utf-8"))
    return path


# --- label alignment --------------------------------------------------------------------------

def test_phonemes_of_000001():
    entry = align_entry(*E000001)
    assert entry.breaks == [0, 0, 2, 0, 0, 1, 0, 0, 4]
    assert entry_phonemes(entry) == "k a2 er2 p u3 #2 p ei2 uai4 s uen1 #1 uan2 h ua2 t i1 #4 <eos>"


def test_erhua_entry_merges_er_into_previous_syllable():
    entry = align_entry(*E000029)  # 遛弯儿: three characters, two syllables
    assert entry.syllables[:2] == ["liu4", "wanr1"]
    assert entry.breaks == [0, 2, 0, 2, 0, 0, 4]
    assert entry_phonemes(entry) == "l iou4 uan1 rr #2 d ou1 d ei3 #2 d uo2 van2 d ian3 #4 <eos>"


def test_er_after_plain_syllable_is_its_own_syllable():
    entry = align_entry(*E000009)  # 散居#1儿童: 儿 = er2
    assert entry.syllables[3] == "er2" and entry.breaks[2] == 1
    assert entry_phonemes(entry).startswith("i2 #1 s an3 j v1 #1 er2 t ong2 #2 h e2 #1")


def test_punctuation_takes_no_syllable_and_marks_before_it_count():
    entry = align_entry(*E000003)
    assert len(entry.syllables) == 14
    assert entry.breaks == [0, 1, 0, 1, 0, 0, 3, 0, 1, 0, 2, 0, 0, 4]


def test_full_width_letter_read_as_pinyin_is_kept():
    entry = align_entry(*E002762)  # 'Ｂ' read bi4
    assert entry.syllables[12] == "bi4" and entry.breaks[11] == 2


def test_non_chinese_token_is_refused():
    with pytest.raises(LabelError, match="non-pinyin token 'P'"):
        align_entry(*E002365)


@pytest.mark.parametrize(
    "text, pinyin, message",
    [
        ("卡尔普#4。", "ka2 er2", "more characters than syllables"),
        ("卡尔#4。", "ka2 er2 pu3", "3 syllables but 2 characters"),
        ("#1卡尔#4。", "ka2 er2", "before any syllable"),
        ("卡尔#4。", "", "empty pinyin"),
    ],
)
def test_misaligned_entries_raise(text, pinyin, message):
    with pytest.raises(LabelError, match=message):
        align_entry("x", text, pinyin)


def test_label_file_skips_non_chinese_entries_with_reason(tmp_path):
    path = write_labels(tmp_path / "labels.txt", [E000001, E002365, E000029])
    entries, skipped = parse_csmsc_labels(path)
    assert [e.id for e in entries] == ["000001", "000029"]
    assert list(skipped) == ["002365"] and "non-Chinese" in skipped["002365"]


@pytest.mark.skipif(not CSMSC_LABELS.is_file(), reason="../shared/data/csmsc is not available")
def test_every_shared_entry_converts_or_is_skipped_with_reason():
    entries, skipped = parse_csmsc_labels(CSMSC_LABELS)
    assert len(entries) + len(skipped) == 9000
    assert skipped == {"002365": "non-pinyin token 'P' (a non-Chinese word)"}
    for entry in entries:
        phones = entry_phonemes(entry).split()
        assert phones[-2:] == ["#4", "<eos>"]


# --- other corpora ----------------------------------------------------------------------------

def _tone(path, seconds=0.5, sr=16000):
    t = np.arange(int(seconds * sr)) / sr
    soundfile.write(str(path), 0.3 * np.sin(2 * np.pi * 220 * t), sr, subtype="PCM_16")


def test_aishell3_content_with_speakers(tmp_path):
    (tmp_path / "train" / "wav" / "SSB0005").mkdir(parents=True)
    (tmp_path / "train" / "content.txt").write_text(
        "SSB00050001.wav\t广 guang3 州 zhou1 女 nv3\n"
        "SSB00050002.wav\t你 ni3 好\n"  # broken line: a character without pinyin
        "SSB00050003.wav\t好 hao3\n",  # no recording
        encoding="utf-8",
    )
    _tone(tmp_path / "train" / "wav" / "SSB0005" / "SSB00050001.wav")
    utterances, skipped = load_aishell3(tmp_path)
    assert [(u.id, u.speaker, u.text, u.phonemes) for u in utterances] == [
        ("SSB00050001", "SSB0005", "广州女", "g uang3 zh ou1 n v3 #4 <eos>")
    ]
    assert set(skipped) == {"SSB00050002", "SSB00050003"}
    with pytest.raises(TTSError, match="not an AISHELL-3 root"):
        load_aishell3(tmp_path / "train")


class _FakeAnalysis:
    def __init__(self, phonemes):
        self.phonemes = phonemes


class _FakeFrontend:
    """Stands in for frontend.Frontend so that the folder parsing is tested on its own."""

    def analyze(self, text):
        if text == "你":
            return _FakeAnalysis(["n", "i3", "#4", "<eos>"])
        return _FakeAnalysis("h ao3 #4 <eos> h ao3 #4 <eos>")  # two sentences


def test_custom_folder_metadata(tmp_path):
    (tmp_path / "wavs").mkdir()
    (tmp_path / "metadata.csv").write_text("a|你\n\nb|好。好。\nc|没有录音\n", encoding="utf-8")
    _tone(tmp_path / "wavs" / "a.wav")
    _tone(tmp_path / "wavs" / "b.wav")
    utterances, skipped = load_custom(tmp_path, speaker="me", frontend=_FakeFrontend())
    assert [(u.id, u.speaker, u.phonemes) for u in utterances] == [
        ("a", "me", "n i3 #4 <eos>"), ("b", "me", "h ao3 #4 h ao3 #4 <eos>")
    ]
    assert list(skipped) == ["c"]
    (tmp_path / "metadata.csv").write_text("no separator here\n", encoding="utf-8")
    with pytest.raises(TTSError, match="line 1: expected 'id\\|text'"):
        load_custom(tmp_path, frontend=_FakeFrontend())


def test_manifest_round_trip(tmp_path):
    path = write_labels(tmp_path / "c" / "ProsodyLabeling" / "000001-010000.txt", [E000001])
    (tmp_path / "c" / "Wave").mkdir()
    _tone(tmp_path / "c" / "Wave" / "000001.wav")
    utterances, skipped = load_csmsc(path.parents[1])
    assert skipped == {}
    write_manifest(utterances, tmp_path / "all.jsonl")
    assert read_manifest(tmp_path / "all.jsonl") == utterances


# --- synthetic corpus -------------------------------------------------------------------------

def test_espeak_markup_renders_prosody_marks():
    markup = espeak_markup(E000003[1], E000003[2])
    assert markup == (
        "<speak>bao2 ma3 pei4 gua4 bo3 luo2 an1, diao1 chan2 yuan4 zhen3 "
        '<break time="120ms"/> dong3 weng1 ta4.</speak>'
    )
    assert espeak_markup(E002365[1], E002365[2]).endswith("guo4 de5.</speak>")  # bare pinyin
    assert espeak_markup("你好#4？", "ni2 hao3") == "<speak>ni2 hao3?</speak>"


@pytest.fixture(scope="module")
def synthetic_corpus(tmp_path_factory):
    """A 5-utterance synthetic CSMSC (six label entries, one of them not Chinese)."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    root = tmp_path_factory.mktemp("synthetic")
    labels = write_labels(root / "labels.txt", [E000001, E000003, E000009, E002365, E000029, E002762])
    stats = make_corpus(labels, root / "BZNSYP", limit=None, jobs=1, progress=False)
    assert stats["rendered"] == 6
    return root / "BZNSYP"


def test_synthetic_corpus_layout_and_audio(synthetic_corpus):
    label_bytes = (synthetic_corpus / "ProsodyLabeling" / "000001-010000.txt").read_bytes()
    assert label_bytes.startswith(f"000001\t{E000001[1]}\r\n\t{E000001[2]}\r\n".encode("utf-8"))
    assert label_bytes.count(b"\r\n") == 12
    for wav in sorted((synthetic_corpus / "Wave").iterdir()):
        audio, sr = soundfile.read(str(wav))
        info = soundfile.info(str(wav))
        assert sr == 22050 and info.subtype == "PCM_16" and info.channels == 1
        assert 1.0 < len(audio) / sr < 10.0, wav.name  # a short sentence, not a click or a hang
        assert np.sqrt(np.mean(audio ** 2)) > 0.02, wav.name  # not silent


@needs_espeak
def test_synthetic_limit_and_resume(tmp_path):
    labels = write_labels(tmp_path / "labels.txt", [E000001, E000003, E000009])
    out = tmp_path / "BZNSYP"
    first = make_corpus(labels, out, limit=2, progress=False)
    assert (first["utterances"], first["rendered"]) == (2, 2)
    assert sorted(p.name for p in (out / "Wave").iterdir()) == ["000001.wav", "000003.wav"]
    entries, _ = parse_csmsc_labels(out / "ProsodyLabeling" / "000001-010000.txt")
    assert [e.id for e in entries] == ["000001", "000003"]
    again = make_corpus(labels, out, limit=3, progress=False)
    assert (again["utterances"], again["rendered"], again["kept"]) == (3, 1, 2)
    with pytest.raises(TTSError, match="--limit must be at least 1"):
        make_corpus(labels, out, limit=0, progress=False)


# --- feature dump -----------------------------------------------------------------------------

def test_split_is_fixed_by_seed_and_sizes():
    ids = [f"{i:03d}" for i in range(20)]
    train, dev, test = split_ids(ids, 3, 2, seed=0)
    assert (len(train), len(dev), len(test)) == (15, 3, 2)
    assert sorted(train + dev + test) == ids
    assert split_ids(list(reversed(ids)), 3, 2, seed=0) == (train, dev, test)
    assert split_ids(ids, 3, 2, seed=1) != (train, dev, test)
    with pytest.raises(TTSError, match="cannot give"):
        split_ids(ids, 10, 10, seed=0)


def test_feature_dump_matches_the_contract(synthetic_corpus, tmp_path):
    utterances, skipped = load_csmsc(synthetic_corpus)
    assert len(utterances) == 5 and list(skipped) == ["002365"]
    write_manifest(utterances, tmp_path / "all.jsonl")
    dump = tmp_path / "dump"
    summary = make_dump(tmp_path / "all.jsonl", dump, n_dev=1, n_test=1, seed=0, trim_db=40,
                        progress=False)
    assert (summary["train"], summary["dev"], summary["test"], summary["failed"]) == (3, 1, 1, {})

    cfg = MelConfig()
    records = {}
    for split in ("train", "dev", "test"):
        for line in (dump / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert set(record) == {"id", "speaker", "text", "phonemes", "mel", "audio", "frames"}
            records[record["id"]] = record
    assert sorted(records) == ["000001", "000003", "000009", "000029", "002762"]
    assert records["000001"]["phonemes"] == (
        "k a2 er2 p u3 #2 p ei2 uai4 s uen1 #1 uan2 h ua2 t i1 #4 <eos>"
    )
    assert records["000001"]["text"] == E000001[1] and records["000001"]["speaker"] == "csmsc"
    for record in records.values():
        assert record["mel"] == f"mels/{record['id']}.npy"
        assert record["audio"] == f"wavs/{record['id']}.wav"
        audio, sr = soundfile.read(str(dump / record["audio"]), dtype="float32")
        assert sr == cfg.sample_rate and soundfile.info(str(dump / record["audio"])).subtype == "PCM_16"
        mel = np.load(dump / record["mel"])
        assert mel.dtype == np.float32
        assert mel.shape == (cfg.n_mels, record["frames"]) == (cfg.n_mels, len(audio) // cfg.hop_length)
        expected = mel_spectrogram(torch.from_numpy(audio), cfg)[0].numpy()
        np.testing.assert_allclose(mel, expected, atol=1e-5)  # the mel of the stored samples

    stats = json.loads((dump / "stats.json").read_text())
    assert len(stats["mel_mean"]) == len(stats["mel_std"]) == cfg.n_mels
    assert stats["num_utterances"] == 3 and stats["mel_config"]["hop_length"] == cfg.hop_length
    train_ids = [json.loads(line)["id"] for line in (dump / "train.jsonl").read_text().splitlines()]
    frames = np.concatenate([np.load(dump / "mels" / f"{i}.npy") for i in train_ids], axis=1)
    np.testing.assert_allclose(stats["mel_mean"], frames.mean(axis=1), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(stats["mel_std"], frames.std(axis=1), rtol=1e-4, atol=1e-4)
    assert json.loads((dump / "speakers.json").read_text()) == ["csmsc"]

    # trimming kept the speech and cut only the edges
    source, _ = soundfile.read(str(synthetic_corpus / "Wave" / "000001.wav"))
    trimmed, _ = soundfile.read(str(dump / "wavs" / "000001.wav"))
    assert 0.5 * len(source) < len(trimmed) <= len(source)

    # a rerun reuses the finished files; other settings are refused
    mtime = (dump / "mels" / "000001.npy").stat().st_mtime_ns
    make_dump(tmp_path / "all.jsonl", dump, n_dev=1, n_test=1, trim_db=40, progress=False)
    assert (dump / "mels" / "000001.npy").stat().st_mtime_ns == mtime
    with pytest.raises(TTSError, match="made with other settings"):
        make_dump(tmp_path / "all.jsonl", dump, n_dev=1, n_test=1, trim_db=None, progress=False)


def test_feature_dump_of_missing_manifest_fails(tmp_path):
    with pytest.raises(TTSError, match="run the data preparation stage first"):
        make_dump(tmp_path / "nope.jsonl", tmp_path / "dump", progress=False)


# --- recipe scripts ---------------------------------------------------------------------------

def run_script(script, *args, cwd):
    return subprocess.run(
        ["bash", str(REPO / "recipes" / script), *args],
        cwd=cwd, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("recipe", ["csmsc", "aishell3", "custom"])
@pytest.mark.parametrize(
    "args, message",
    [
        (["--stop-stage", "0"], "stage 0: no corpus given: pass --corpus DIR"),
        (["--corpus", "no_such_dir", "--stop-stage", "0"], "stage 0: {tmp}/no_such_dir is not"),
        (["--stage", "1", "--data-dir", "d"], "stage 1: {tmp}/d/all.jsonl is missing: run stage 0 first"),
        (["--stage", "2", "--dump-dir", "x"], "stage 2: no feature dump in {tmp}/x: run stage 1 first"),
        (["--stage", "3", "--dump-dir", "x"], "stage 3: no feature dump in {tmp}/x: run stage 1 first"),
        (["--stage"], "option --stage needs a value"),
        (["--bogus", "1"], "unknown option '--bogus'"),
    ],
)
def test_recipe_stage_fails_clearly_without_inputs(recipe, args, message, tmp_path):
    result = run_script(f"{recipe}/run.sh", *args, cwd=tmp_path)
    assert result.returncode == 1
    assert "run.sh: error: " + message.format(tmp=tmp_path) in result.stderr


def test_recipe_stage_fails_without_config(tmp_path):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "train.jsonl").write_text("")
    (dump / "stats.json").write_text("{}")
    result = run_script("csmsc/run.sh", "--stage", "2", "--dump-dir", str(dump),
                        "--acoustic-config", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert f"stage 2: acoustic config {tmp_path}/missing.yaml not found" in result.stderr


def test_synthetic_recipe_checks_its_arguments(tmp_path):
    result = run_script("synthetic/run.sh", "--labels", "none.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert f"label file {tmp_path}/none.txt not found" in result.stderr
    labels = write_labels(tmp_path / "labels.txt", [E000001])
    result = run_script("synthetic/run.sh", "--labels", str(labels), "--limit", "0", cwd=tmp_path)
    assert result.returncode == 1
    assert "run.sh: error: --limit takes a positive number, got '0'" in result.stderr


def test_custom_folder_with_the_real_frontend(tmp_path):
    from frontend.errors import FrontendError

    try:
        from frontend import Frontend

        frontend = Frontend()
        frontend.analyze("你好。")
    except (ImportError, FrontendError) as err:
        pytest.skip(f"frontend.Frontend is not usable in this checkout yet: {err}")
    (tmp_path / "wavs").mkdir()
    (tmp_path / "metadata.csv").write_text("a|你好。今天很好。\n", encoding="utf-8")
    _tone(tmp_path / "wavs" / "a.wav")
    (utterance,), _ = load_custom(tmp_path, frontend=frontend)
    phones = utterance.phonemes.split()
    assert phones[-2:] == ["#4", "<eos>"] and phones.count("<eos>") == 1
    assert phones[:3] == ["n", "i2", "h"]  # 你好: third-tone sandhi ni3 -> ni2


def test_csmsc_export_stage_needs_an_acoustic_checkpoint(tmp_path):
    result = run_script("csmsc/run.sh", "--stage", "4", "--exp-dir", "e", cwd=tmp_path)
    assert result.returncode == 1
    assert (f"run.sh: error: stage 4: no acoustic checkpoint in {tmp_path}/e/tacotron2/checkpoints: "
            "run stage 2 first") in result.stderr
    help_text = run_script("csmsc/run.sh", "--help", cwd=tmp_path).stdout
    assert "4  export:" in help_text and "stages to run [0, 4]" in help_text
