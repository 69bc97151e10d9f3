import re
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from frontend import prosody
from frontend.errors import FrontendError
from frontend.prosody import (
    DEFAULT_CHECKPOINT,
    ProsodyConfig,
    ProsodyPredictor,
    _build_model,
    pad_batch,
    parse_labelled,
    prosody_text,
    predict_breaks,
    segment_text,
    sentence_features,
    strip_marks,
)

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
LABELS = SHARED_DATA / "csmsc" / "000001-009000.txt"
needs_weights = pytest.mark.skipif(not DEFAULT_CHECKPOINT.is_file(),
                                   reason="frontend/data/prosody.pt not built")

CORPUS_LINES = [
    "卡尔普#2陪外孙#1玩滑梯#4。",
    "宝马#1配挂#1跛骡鞍#3，貂蝉#1怨枕#2董翁榻#4。",
    "邓小平#2与#1撒切尔#2会晤#4。",
    "阿娇#2与#1百位#1“鬼粉丝#1”狂欢#4。",
    "电影#1海报#3“贫民窟#2百万#1富翁#4”。",
    "又有#1谁肯#2舍施#1给他呢#4？",
]


def test_parse_labelled_puts_marks_on_last_token_before_punctuation():
    text, breaks = parse_labelled("卡尔普#2陪外孙#1玩滑梯#4。")
    assert text == "卡尔普陪外孙玩滑梯。"
    assert breaks == [0, 0, 2, 0, 0, 1, 0, 0, 4, 0]
    # a mark written after a closing quote still belongs to the character before the quote
    text, breaks = parse_labelled("鬼粉丝”#1狂欢#4。")
    assert text == "鬼粉丝”狂欢。"
    assert breaks == [0, 0, 1, 0, 0, 4, 0]
    assert parse_labelled("#3，好#4") == ("，好", [0, 4])


def test_sentence_features_are_aligned_with_tokens():
    words = [("你好", "l"), ("，", "x"), ("AB", "eng"), (" ", "x"), ("世", "n"), ("。", "x")]
    positions, feats = sentence_features(words, {"你": 2, "好": 3}, {"l": 2}, {"你好": 5})
    assert positions == [0, 1, 3, 4, 6]
    assert feats["chars"] == [2, 3, 1, 1, 1]
    assert feats["bmes"] == [1, 3, 1, 3, 4]
    assert feats["pos"] == [2, 2, 1, 1, 1]
    assert feats["words"] == [5, 5, 1, 1, 1]
    comma, full_stop = prosody.punct_class("，"), prosody.punct_class("。")
    assert feats["next_first"] == [prosody.PUNCT_NONE, comma, prosody.PUNCT_NONE,
                                   prosody.PUNCT_SPACE, full_stop]
    assert feats["prev_last"] == [prosody.PUNCT_EDGE, prosody.PUNCT_NONE, comma,
                                  prosody.PUNCT_NONE, prosody.PUNCT_SPACE]
    assert all(len(v) == len(positions) for v in feats.values())


def test_lexicon_features_mark_dictionary_words():
    text = "做了腹腔镜下AB"
    words = [("做", "v"), ("了", "ul"), ("腹腔镜", "n"), ("下", "f"), ("AB", "eng")]
    begin, end, span, freq = prosody.lexicon_features(text, list(range(len(text))), words)
    # 腹腔镜 is a dictionary word of 3 characters starting at 腹 and ending at 镜
    assert begin[2] == 3 and end[4] == 3
    assert span[2] == span[3] == 3 and span[4] < 3
    assert begin[6] == end[6] == span[6] == 1  # Latin letters take no dictionary word
    assert freq[6] == freq[7] == 1  # AB is not in the dictionary
    assert all(f > 1 for f in freq[:6])
    assert freq[2] == freq[3] == freq[4]  # one word, one count


def tiny_batch():
    items = [parse_labelled(line) for line in CORPUS_LINES]
    chars = sorted({ch for text, _ in items for ch in text})
    model = _build_model(ProsodyConfig(char_dim=16, pos_dim=8, punct_dim=4, hidden=16, layers=1,
                                        dropout=0.0),
                         len(chars) + 2, 40)
    predictor = ProsodyPredictor(model, chars, [], ProsodyConfig())
    feats_list, labels_list = [], []
    for text, breaks in items:
        positions, feats = sentence_features(segment_text(text), predictor.char_index, {})
        feats_list.append(feats)
        labels_list.append([breaks[p] for p in positions])
    feats, lengths, mask = pad_batch(feats_list)
    labels = torch.zeros_like(mask, dtype=torch.long)
    for b, lab in enumerate(labels_list):
        labels[b, :len(lab)] = torch.tensor(lab)
    return model, feats, lengths, mask, labels


def test_a_few_training_steps_lower_the_loss():
    torch.manual_seed(0)
    model, feats, lengths, mask, labels = tiny_batch()
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(15):
        loss = model.loss(feats, lengths, labels, mask)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < 0.5 * losses[0]


def test_ensemble_of_identical_members_decodes_like_one():
    torch.manual_seed(2)
    model, feats, lengths, mask, _ = tiny_batch()
    twin, _, _, _, _ = tiny_batch()
    twin.load_state_dict(model.state_dict())
    single = ProsodyPredictor(model, [], [], ProsodyConfig())
    pair = ProsodyPredictor([model, twin], [], [], ProsodyConfig())
    sentences = [segment_text(text) for text, _ in map(parse_labelled, CORPUS_LINES)]
    assert pair.predict(sentences) == single.predict(sentences)


def test_decode_forces_sentence_end_and_batches_like_single_rows():
    torch.manual_seed(1)
    model, feats, lengths, mask, _ = tiny_batch()
    model.eval()
    batched = model.decode(feats, lengths, mask)
    for b in range(len(lengths)):
        n = int(lengths[b])
        assert batched[b, n - 1] == 4
        single = model.decode({k: v[b:b + 1, :n] for k, v in feats.items()}, lengths[b:b + 1],
                              mask[b:b + 1, :n])
        assert single[0].tolist() == batched[b, :n].tolist()


@needs_weights
def test_predict_breaks_shapes_and_punctuation():
    sentences = [segment_text(t) for t in ["卡尔普陪外孙玩滑梯。", "好", "，。", "hello world"]]
    out = predict_breaks(sentences)
    assert [len(b) for b in out] == [10, 1, 2, 11]
    assert out[0][-1] == 0 and out[0][-2] == 4  # the end mark goes before the full stop
    assert out[1] == [4]
    assert out[2] == [0, 0]
    assert all(0 <= level <= 4 for b in out for level in b)
    # batched and one at a time agree
    assert [predict_breaks([s])[0] for s in sentences] == out


@needs_weights
def test_fixed_sentences_break_sensibly_at_punctuation():
    out = prosody_text("虽然今天下了很大的雨，我们还是去公园散步了。")
    assert strip_marks(out) == "虽然今天下了很大的雨，我们还是去公园散步了。"
    assert re.search(r"雨#[34]，", out)
    assert out.endswith("了#4。")
    out = prosody_text("卡尔普陪外孙玩滑梯。")
    assert out.endswith("梯#4。")
    assert prosody_text("卡尔普陪外孙玩滑梯。") == out  # stable
    out = prosody_text("他说：“你好吗？”")
    assert out.endswith("吗#4？”")


@needs_weights
@pytest.mark.parametrize("text", ["", "hello, world", "123", "。，！", "   ", "Hi!\n"])
def test_text_without_chinese_round_trips(text):
    out = prosody_text(text)
    assert strip_marks(out) == text


@needs_weights
def test_no_break_inside_latin_words_or_numbers():
    assert prosody_text("hello, world") == "hello#3, world#4"
    out = prosody_text("我用iPhone拍了3.11张照片。")
    assert "iPhone" in out and "3.11" in out


ALPHABET = st.sampled_from(list("我们的是了不在有人这中大为上个国到说和地也子时道出要就以会家可")
                           + list("，。！？、：；“”…—（）《》 \n\tabcXYZ0129#%&-.,!?'\"") + ["😀", "é"])


@needs_weights
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_removing_marks_gives_the_input_back(text):
    assume(not re.search(r"#[1-4]", text))  # such text already contains a mark
    out = prosody_text(text)
    assert strip_marks(out) == text
    # every text with a letter or digit ends its last unit with #4
    assert ("#4" in out) == any(prosody.is_token(ch) for ch in text)


def test_words_must_cover_the_text():
    with pytest.raises(FrontendError, match="cover"):
        prosody_text("你好", [("你", "r")])
    with pytest.raises(FrontendError, match="string"):
        prosody_text(None)


def test_missing_checkpoint_is_a_clear_error(tmp_path):
    with pytest.raises(FrontendError, match="train-prosody"):
        ProsodyPredictor.load(tmp_path / "none.pt")


@needs_weights
def test_corrupt_or_mismatched_checkpoint_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(FrontendError, match="cannot read prosody model"):
        ProsodyPredictor.load(bad)
    ckpt = torch.load(DEFAULT_CHECKPOINT, weights_only=True)
    ckpt["state_dict"] = {k: v[..., :1] if v.dim() else v for k, v in ckpt["state_dict"].items()}
    torch.save(ckpt, bad)
    with pytest.raises(FrontendError, match="do not fit this version"):
        ProsodyPredictor.load(bad)


@needs_weights
def test_shipped_checkpoint_is_small_and_loads_with_weights_only():
    assert DEFAULT_CHECKPOINT.stat().st_size < 8e6  # two members of 2.9 MB
    ckpt = torch.load(DEFAULT_CHECKPOINT, weights_only=True)
    assert ckpt["format"] == prosody.CHECKPOINT_FORMAT
    assert ProsodyConfig(**ckpt["config"])
    assert len(ProsodyPredictor.load().models) == ckpt["members"] >= 1


@pytest.mark.slow
@needs_weights
@pytest.mark.skipif(not LABELS.is_file(), reason="CSMSC labels not available")
def test_shipped_model_beats_the_floor_on_the_validation_split():
    from frontend.train_prosody import (TrainProsodyConfig, floor_breaks, prepare, prf,
                                        read_label_file, split)

    _, val = split(prepare(read_label_file(LABELS)), TrainProsodyConfig().val_fraction)
    scores = prf(predict_breaks([it["words"] for it in val]), val)
    floor = prf([floor_breaks(it) for it in val], val)
    for k in (1, 2, 3):
        assert scores[k][2] > floor[k][2] + 0.03
    # the figures written into the checkpoint at training time (fp32) hold for the fp16 weights
    recorded = torch.load(DEFAULT_CHECKPOINT, weights_only=True)["val_scores"]
    for k in (1, 2, 3):
        assert scores[k][2] == pytest.approx(recorded[str(k)][2], abs=2e-3)


# --- the numpy path (what `predict_breaks` runs when prosody.npz is there) ------------------------

needs_npz = pytest.mark.skipif(not (DEFAULT_CHECKPOINT.is_file() and prosody.DEFAULT_NPZ.is_file()),
                               reason="frontend/data/prosody.pt or its .npz export not built")
ODD_TEXTS = ["好", "，。", "hello world", "我用iPhone拍了3.11张照片。", "他说：“你好吗？”",
             "张晓飒和李郝婷去了呼和浩特的珐琅馆。", "一" * 120]


def _csmsc_sample(step):
    if not LABELS.is_file():
        return []
    lines = LABELS.read_text(encoding="utf-8").splitlines()[0::2]
    return [strip_marks(ln.split("\t")[1]) for ln in lines[::step] if "\t" in ln]


@needs_npz
def test_shipped_npz_is_current():
    """prosody.npz was exported from the prosody.pt beside it (`python -m frontend.numpy_bilstm`
    after retraining; `tts train-prosody` writes both)."""
    import numpy as np

    from frontend.numpy_bilstm import load_npz, sha256

    arrays, meta = load_npz(prosody.DEFAULT_NPZ)
    assert meta["source_sha256"] == sha256(DEFAULT_CHECKPOINT)
    ckpt = torch.load(DEFAULT_CHECKPOINT, weights_only=True)
    for key in ("format", "config", "chars", "pos_tags", "words", "members"):
        assert meta[key] == ckpt[key]
    assert set(arrays) == set(ckpt["state_dict"])
    for name, value in ckpt["state_dict"].items():
        np.testing.assert_array_equal(arrays[name], value.numpy())


@needs_npz
def test_numpy_and_torch_predictors_give_the_same_breaks():
    """The same levels from both, batched and one sentence per call, on odd texts and 300 CSMSC
    sentences (all 9,000 were compared once: BENCHMARKS.md, "Prosody")."""
    import numpy as np

    texts = [strip_marks(parse_labelled(line)[0]) for line in CORPUS_LINES] + ODD_TEXTS
    texts += _csmsc_sample(30)
    sentences = [segment_text(t) for t in texts]
    ours, ref = prosody.NumpyProsodyPredictor.load(), ProsodyPredictor.load()
    batched = ours.predict(sentences)
    assert batched == ref.predict(sentences)
    assert [ours.predict([s])[0] for s in sentences[:60]] == batched[:60]
    # the emissions themselves agree to float32 rounding
    positions, feats = sentence_features(sentences[0], ours.char_index, ours.pos_index,
                                         ours.word_index)
    ids = [np.array([feats[name]]) for name in ours.feature_order]
    got = ours.emissions(ids, np.array([len(positions)]))
    tfeats, lengths, _ = pad_batch([feats])
    with torch.inference_mode():
        expected = sum(m.emissions(tfeats, lengths) for m in ref.models) / len(ref.models)
    np.testing.assert_allclose(got, expected.numpy(), atol=1e-4, rtol=0)


@pytest.mark.slow
@needs_npz
@pytest.mark.skipif(not LABELS.is_file(), reason="CSMSC labels not available")
def test_numpy_and_torch_predictors_agree_on_all_csmsc_sentences():
    """The full comparison of BENCHMARKS.md ("Prosody"): all 9,000 sentences, batched and one
    per call (about 5 CPU minutes)."""
    sentences = [segment_text(t) for t in _csmsc_sample(1)]
    assert len(sentences) == 9000
    ours, ref = prosody.NumpyProsodyPredictor.load(), ProsodyPredictor.load()
    batched = ours.predict(sentences)
    assert batched == ref.predict(sentences)
    assert [ours.predict([s])[0] for s in sentences] == batched
    assert [ref.predict([s])[0] for s in sentences] == batched


@needs_npz
def test_analyze_with_prosody_needs_neither_torch_nor_jieba():
    import subprocess
    import sys

    code = ("import sys; from frontend import prosody; from frontend.frontend import Frontend; "
            "print(Frontend(lexicon='').analyze('卡尔普陪外孙玩滑梯。').sentences[0].breaks); "
            "print(type(prosody.get_predictor()).__name__, 'torch' in sys.modules, "
            "'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert lines[1] == "NumpyProsodyPredictor False False"
    assert lines[0] == str(predict_breaks([segment_text("卡尔普陪外孙玩滑梯。")])[0])


@needs_npz
def test_missing_corrupt_or_mismatched_npz_is_a_clear_error(tmp_path):
    import json

    import numpy as np

    from frontend.numpy_bilstm import load_npz

    with pytest.raises(FrontendError, match="not found"):
        prosody.NumpyProsodyPredictor.load(tmp_path / "none.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not an npz")
    with pytest.raises(FrontendError, match="cannot read prosody model"):
        prosody.NumpyProsodyPredictor.load(bad)
    arrays, meta = load_npz(prosody.DEFAULT_NPZ)
    arrays["members.0.char_emb.weight"] = arrays["members.0.char_emb.weight"][:, :3]
    with open(bad, "wb") as f:
        np.savez(f, meta=np.array(json.dumps(meta)), **arrays)
    with pytest.raises(FrontendError, match="do not fit"):
        prosody.NumpyProsodyPredictor.load(bad)


def test_training_writes_the_npz_the_front_end_runs(tmp_path):
    """A tiny run of `train_prosody.train`: the .npz written beside the .pt gives the torch
    model's breaks."""
    from frontend.train_prosody import TrainProsodyConfig, train

    labels = tmp_path / "labels.txt"
    labels.write_text("".join(f"{i:06d}\t{line}\n\tpin1 yin1\n"
                              for i, line in enumerate(CORPUS_LINES * 3, 1)), encoding="utf-8")
    out = tmp_path / "prosody.pt"
    cfg = TrainProsodyConfig(epochs=1, members=2, batch_size=4, val_fraction=0.3)
    model_cfg = ProsodyConfig(char_dim=8, pos_dim=4, word_dim=4, punct_dim=4, lex_dim=2, hidden=8)
    train(labels, out, cfg, model_cfg, log=lambda line: None)
    assert out.with_suffix(".npz").is_file()
    ours = prosody.NumpyProsodyPredictor.load(out.with_suffix(".npz"))
    sentences = [segment_text(parse_labelled(line)[0]) for line in CORPUS_LINES] + [
        segment_text(t) for t in ODD_TEXTS]
    assert ours.predict(sentences) == ProsodyPredictor.load(out).predict(sentences)
