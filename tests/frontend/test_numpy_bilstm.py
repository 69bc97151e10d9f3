"""numpy inference of the front end's BiLSTMs against the torch models they are exported from."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from frontend import numpy_bilstm, polyphone
from frontend.frontend import Frontend

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
MODELS = [(polyphone.WEIGHTS, polyphone.WEIGHTS_NPZ), (polyphone.TONE_WEIGHTS,
                                                       polyphone.TONE_WEIGHTS_NPZ)]
needs_exports = pytest.mark.skipif(
    not all(pt.is_file() and npz.is_file() for pt, npz in MODELS),
    reason="frontend/data/*.pt or their .npz exports not built")

# Polyphones (行 长 还 得 重 着 为 和 地 了 都 的 便 乐 调 差 数 觉 好 背), erhua, 一/不, third tones
SENTENCES = [
    "他说银行的行长还没有来。", "我们一起去银行取钱吧。", "这个问题还得重新考虑。", "他长得很高，头发也长。",
    "重庆的重工业很重要。", "着急也没用，他睡着了。", "为人民服务，因为他。", "我和你，和面，和稀泥。",
    "地上的土地很肥沃，他慢慢地走。", "了解了情况以后，他就走了。", "大家都来了，首都北京。",
    "的确，我的目的是打的。", "方便的时候便宜一点儿卖给我。", "音乐让人快乐。", "调查以后再调整一下。",
    "差不多了，差一点儿出差。", "数一数有多少数学题。", "睡了一觉，觉得好多了。", "他好学，爱好很多。",
    "背着书包背课文。", "展览馆里有很多老鼠，我也想买。", "对不起，这不对。", "看一看，第一个，一起走。",
    "小孩儿在公园里玩儿。", "婴儿和儿子都睡了。", "妈妈看看我们的孩子们。", "他把东西放在桌子上头。",
    "你要的东西我已经给你了，还要什么？", "中国人民银行行长在会上发言。", "我还了他的钱，还说了谢谢。",
]


def _torch_lstm_output(lstm, x, lengths):
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out, _ = lstm(packed)
    return nn.utils.rnn.pad_packed_sequence(out, batch_first=True,
                                            total_length=x.shape[1])[0].numpy()


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("lengths", [[9], [4, 4], [9, 3, 1, 6]])
def test_bilstm_matches_torch(layers, lengths):
    torch.manual_seed(layers)
    lstm = nn.LSTM(12, 8, num_layers=layers, batch_first=True, bidirectional=True).eval()
    ours = numpy_bilstm.BiLSTM({k: v.numpy() for k, v in lstm.state_dict().items()}, prefix="",
                               layers=layers)
    x = torch.randn(len(lengths), max(lengths), 12) * 2
    with torch.inference_mode():
        ref = _torch_lstm_output(lstm, x, torch.tensor(lengths))
    got = ours(x.numpy(), np.array(lengths))
    assert got.shape == ref.shape
    for b, n in enumerate(lengths):  # padded positions mean nothing
        np.testing.assert_allclose(got[b, :n], ref[b, :n], atol=1e-5, rtol=0)


def test_bilstm_batched_equals_one_at_a_time():
    torch.manual_seed(0)
    lstm = nn.LSTM(6, 5, batch_first=True, bidirectional=True).eval()
    ours = numpy_bilstm.BiLSTM({k: v.numpy() for k, v in lstm.state_dict().items()}, prefix="")
    x = np.random.default_rng(0).standard_normal((3, 7, 6)).astype(np.float32)
    lengths = np.array([7, 2, 5])
    batched = ours(x, lengths)
    for b, n in enumerate(lengths):
        alone = ours(x[b:b + 1, :n], np.array([n]))
        np.testing.assert_allclose(batched[b, :n], alone[0], atol=1e-6, rtol=0)


def test_export_round_trip(tmp_path):
    torch.manual_seed(0)
    model = nn.Linear(3, 2)
    pt = tmp_path / "m.pt"
    torch.save({"format": 1, "config": {"hidden": 2}, "vocab": {"chars": {"行": 2}},
                "model": model.state_dict()}, pt)
    npz = numpy_bilstm.export_checkpoint(pt)
    assert npz == tmp_path / "m.npz"
    arrays, meta = numpy_bilstm.load_npz(npz)
    assert meta["vocab"] == {"chars": {"行": 2}} and meta["config"] == {"hidden": 2}
    assert meta["source_sha256"] == numpy_bilstm.sha256(pt)
    np.testing.assert_array_equal(arrays["weight"], model.weight.detach().numpy())
    with np.load(npz, allow_pickle=False) as data:  # nothing in it needs pickle
        assert set(data.files) == {"meta", "weight", "bias"}


@needs_exports
@pytest.mark.parametrize("pt, npz", MODELS, ids=["polyphone", "tone"])
def test_shipped_exports_are_current(pt, npz):
    """The .npz was made from the .pt that ships beside it (re-export after retraining:
    `python -m frontend.numpy_bilstm`)."""
    arrays, meta = numpy_bilstm.load_npz(npz)
    assert meta["source_sha256"] == numpy_bilstm.sha256(pt)
    ckpt = torch.load(pt, map_location="cpu", weights_only=True)
    assert meta["format"] == ckpt["format"] and meta["config"] == ckpt["config"]
    assert meta["vocab"] == ckpt["vocab"]
    assert set(arrays) == set(ckpt["model"])
    for name, value in ckpt["model"].items():
        np.testing.assert_array_equal(arrays[name], value.numpy())


def _sentences_as_words(fe, texts):
    from frontend.segment import segment

    return [fe._words(t, segment(t, hmm=False), {}, model=False) for t in texts]


@needs_exports
def test_numpy_lstm_states_match_torch_on_shipped_models():
    """The real weights on real sentences, one at a time and batched: hidden states within 1e-5."""
    fe = Frontend(lexicon="")
    sentences = _sentences_as_words(fe, SENTENCES)
    clf = polyphone.PolyphoneClassifier.load()
    np_clf = polyphone.NumpyPolyphoneClassifier.load()
    batch = polyphone.make_batch([(w, []) for w in sentences], clf.vocab)
    chars, bmes, pos, lengths = batch[:4]
    with torch.inference_mode():
        x = torch.cat([clf.model.char(chars), clf.model.bmes(bmes), clf.model.pos(pos)], -1)
        ref = _torch_lstm_output(clf.model.lstm, x, lengths)
    got = np_clf.lstm(x.numpy(), lengths.numpy())
    ids = [chars.numpy(), bmes.numpy(), pos.numpy()]
    from_ids = np_clf.lstm.from_ids(np_clf.tables, ids, lengths.numpy())  # the path analyze uses
    for b, n in enumerate(lengths.tolist()):
        np.testing.assert_allclose(got[b, :n], ref[b, :n], atol=1e-5, rtol=0)
        np.testing.assert_allclose(from_ids[b, :n], ref[b, :n], atol=1e-5, rtol=0)
        alone = np_clf.lstm(x[b:b + 1, :n].numpy(), np.array([n]))
        np.testing.assert_allclose(alone[0], ref[b, :n], atol=1e-5, rtol=0)
        alone = np_clf.lstm.from_ids(np_clf.tables, [i[b:b + 1, :n] for i in ids], np.array([n]))
        np.testing.assert_allclose(alone[0], ref[b, :n], atol=1e-5, rtol=0)


def test_run_together_equals_one_by_one():
    torch.manual_seed(0)
    lstms = [nn.LSTM(c, 6, batch_first=True, bidirectional=True).eval() for c in (5, 7)]
    ours = [numpy_bilstm.BiLSTM({k: v.numpy() for k, v in m.state_dict().items()}, prefix="")
            for m in lstms]
    rng = np.random.default_rng(0)
    embeddings = [[rng.standard_normal((10, 2)).astype(np.float32),
                   rng.standard_normal((4, c - 2)).astype(np.float32)] for c in (5, 7)]
    tables = [m.input_tables(e) for m, e in zip(ours, embeddings)]
    lengths = np.array([6, 2, 4])
    ids = [[rng.integers(0, 10, (3, 6)), rng.integers(0, 4, (3, 6))] for _ in ours]
    together = numpy_bilstm.run_together(ours, tables, ids, lengths)
    for m, e, t, i, got in zip(ours, embeddings, tables, ids, together):
        x = np.concatenate([e[0][i[0]], e[1][i[1]]], -1)
        alone = m(x, lengths)
        for b, n in enumerate(lengths):
            np.testing.assert_allclose(got[b, :n], alone[b, :n], atol=1e-5, rtol=0)
            np.testing.assert_allclose(m.from_ids(t, i, lengths)[b, :n], alone[b, :n], atol=1e-5,
                                       rtol=0)


@needs_exports
def test_numpy_and_torch_models_give_the_same_pinyin(monkeypatch):
    fe = Frontend(lexicon="")
    texts = list(SENTENCES)
    csmsc = DATA / "csmsc" / "000001-009000.txt"
    if csmsc.is_file():  # plus 300 corpus sentences when the shared data is there
        lines = csmsc.read_text(encoding="utf-8").splitlines()
        texts += [re.sub(r"#[1-4]", "", ln.split("\t")[1]) for ln in lines[0:600:2]]
    results = {}
    for name, (clf, tone) in {
        "numpy": (polyphone.NumpyPolyphoneClassifier.load(), polyphone.NumpyToneCorrector.load()),
        "torch": (polyphone.PolyphoneClassifier.load(), polyphone.ToneCorrector.load()),
    }.items():
        monkeypatch.setattr(polyphone, "_CLASSIFIER", clf)
        monkeypatch.setattr(polyphone, "_TONE", tone)
        one = [fe.pinyin(t) for t in texts] + [fe.pinyin(t, sandhi=False) for t in texts]
        batched = [s.pinyin for s in fe.analyze("".join(texts), prosody=False).sentences]
        results[name] = (one, batched)
    assert results["numpy"] == results["torch"]


@needs_exports
def test_pinyin_and_analyze_run_without_torch():
    code = ("import sys; from frontend import polyphone; from frontend.frontend import Frontend; "
            "fe = Frontend(lexicon=''); print(' '.join(fe.pinyin('他说银行的行长还没有来'))); "
            "fe.analyze('重庆的重工业很重要。我们一起去银行。', prosody=False); "
            "print(type(polyphone.get_classifier()).__name__, "
            "type(polyphone.get_tone_corrector()).__name__, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == [
        "ta1 shuo1 yin2 hang2 de5 hang2 zhang3 hai2 mei2 you3 lai2",
        "NumpyPolyphoneClassifier NumpyToneCorrector False"]
