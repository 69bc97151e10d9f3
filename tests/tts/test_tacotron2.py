"""Tacotron2: shapes, masks, gradients, overfitting, attention loss, inference safety, loading."""

import math

import pytest
import torch

from frontend.symbols import SYMBOLS, phonemes_to_ids, syllables_to_phonemes
from tts.audio import MelConfig
from tts.errors import TTSError
from tts.models import Tacotron2, Tacotron2Config
from tts.train.common import save_checkpoint
from tts.train.tacotron2 import TrainConfig, guided_attention_loss, tacotron2_loss

TINY = dict(embedding_dim=16, encoder_conv_layers=2, encoder_dim=16, speaker_embedding_dim=4,
            prenet_dims=(16, 16), attention_rnn_dim=24, decoder_rnn_dim=24, attention_dim=8,
            location_filters=4, location_kernel_size=7, postnet_dim=16, postnet_layers=3)
MEL = MelConfig(n_mels=12, f_max=8000.0)


def tiny(**overrides):
    return Tacotron2Config(**{**TINY, **overrides})


@pytest.fixture(autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    yield
    torch.set_num_threads(threads)


def batch(lengths=(9, 6), frames=(20, 13), n_mels=12):
    ids = torch.zeros(len(lengths), max(lengths), dtype=torch.long)
    for i, n in enumerate(lengths):
        ids[i, :n] = torch.randint(4, len(SYMBOLS), (n,))
    mels = torch.zeros(len(frames), n_mels, max(frames))
    for i, n in enumerate(frames):
        mels[i, :, :n] = torch.randn(n_mels, n) - 4.0
    return ids, torch.tensor(lengths), mels, torch.tensor(frames)


@pytest.mark.parametrize("r", [1, 3])
def test_forward_shapes(r):
    model = Tacotron2(tiny(reduction_factor=r), mel_config=MEL)
    ids, lengths, mels, frames = batch()
    out = model(ids, lengths, mels, frames)
    steps = math.ceil(20 / r)
    assert out["mel_before"].shape == out["mel_after"].shape == (2, 12, 20)
    assert out["stop_logits"].shape == (2, steps)
    assert out["alignments"].shape == (2, steps, 9)
    # attention never looks at padding, and each step's weights sum to one
    assert out["alignments"][1, :, 6:].abs().max() == 0
    assert torch.allclose(out["alignments"].sum(-1), torch.ones(2, steps), atol=1e-5)


def test_padding_does_not_change_an_utterance():
    # no dropout anywhere, so a padded batch must give what the short utterance gives alone
    model = Tacotron2(tiny(prenet_dropout=0.0), mel_config=MEL).eval()
    ids, lengths, mels, frames = batch()
    together = model(ids, lengths, mels, frames)
    alone = model(ids[1:, :6], lengths[1:], mels[1:, :, :13], frames[1:])
    assert torch.allclose(together["mel_after"][1, :, :13], alone["mel_after"][0], atol=1e-5)
    assert torch.allclose(together["alignments"][1, :5, :6], alone["alignments"][0], atol=1e-5)


def test_feed_replaces_the_previous_frames():
    # no dropout: feeding the recording's own normalised frames is the plain teacher-forced pass,
    # and feeding other frames changes every step after the first
    model = Tacotron2(tiny(prenet_dropout=0.0), mel_config=MEL).eval()
    ids, lengths, mels, frames = batch()
    plain = model(ids, lengths, mels, frames)
    same = model(ids, lengths, mels, frames, feed=model.normalize(mels))
    assert torch.equal(plain["mel_after"], same["mel_after"])
    other = model(ids, lengths, mels, frames, feed=torch.zeros_like(mels))
    assert torch.equal(other["mel_before"][..., :3], plain["mel_before"][..., :3])  # step 0: go frame
    assert not torch.allclose(other["mel_before"][..., 3:], plain["mel_before"][..., 3:])


def test_gradients_reach_every_parameter():
    model = Tacotron2(tiny(), speakers=["a", "b"], mel_config=MEL)
    ids, lengths, mels, frames = batch()
    out = model(ids, lengths, mels, frames, speaker_ids=torch.tensor([0, 1]))
    loss, _ = tacotron2_loss(out, model.normalize(mels), frames, lengths, 3, TrainConfig())
    loss.backward()
    missing = [n for n, p in model.named_parameters() if p.grad is None or p.grad.abs().sum() == 0]
    assert missing == []


def test_multi_speaker_needs_speaker_ids():
    model = Tacotron2(tiny(), speakers=["a", "b"], mel_config=MEL)
    ids, lengths, mels, frames = batch()
    with pytest.raises(TTSError, match="speaker_ids"):
        model(ids, lengths, mels, frames)
    with pytest.raises(TTSError, match="unknown speaker 'c'"):
        model.speaker_id("c")


def test_one_batch_can_be_overfit():
    model = Tacotron2(tiny(rnn_dropout=0.0, encoder_dropout=0.0, postnet_dropout=0.0),
                      mel_config=MEL)
    ids, lengths, mels, frames = batch()
    # a smooth, learnable target rather than white noise
    t = torch.arange(mels.shape[-1]).float()
    mels = torch.sin(t[None, None, :] / 3 + torch.arange(12.0)[None, :, None]).repeat(2, 1, 1)
    cfg = TrainConfig()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(60):
        out = model(ids, lengths, mels, frames)
        loss, parts = tacotron2_loss(out, model.normalize(mels), frames, lengths, 3, cfg)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(parts["mel_after"])
    assert losses[-1] < 0.35 * losses[0]


def test_guided_attention_loss_diagonal_vs_flat():
    T_out, T_in = 40, 20
    diagonal = torch.zeros(1, T_out, T_in)
    diagonal[0, torch.arange(T_out), torch.arange(T_out) * T_in // T_out] = 1.0
    flat = torch.full((1, T_out, T_in), 1.0 / T_in)
    backwards = diagonal.flip(1)  # sharp, but walks the text in reverse
    lengths_in, lengths_out = torch.tensor([T_in]), torch.tensor([T_out])
    low = guided_attention_loss(diagonal, lengths_in, lengths_out).item()
    high = guided_attention_loss(flat, lengths_in, lengths_out).item()
    reverse = guided_attention_loss(backwards, lengths_in, lengths_out).item()
    assert low < 0.01
    assert high > 0.4
    assert reverse > 0.5
    # padding is ignored: a padded copy gives the same value
    padded = torch.zeros(1, T_out + 5, T_in + 3)
    padded[:, :T_out, :T_in] = diagonal
    assert guided_attention_loss(padded, lengths_in, lengths_out).item() == pytest.approx(low)


def test_inference_window_and_cap_on_random_weights():
    model = Tacotron2(tiny(max_decoder_steps_per_token=2.0), mel_config=MEL).eval()
    ids, lengths, _, _ = batch(lengths=(9, 5))
    mel, mel_lengths, alignments, stop_fired = model.inference(ids, lengths)
    r = 3
    caps = (lengths * 2.0).long() * r
    assert (mel_lengths <= caps).all() and (mel_lengths > 0).all()
    assert mel.shape == (2, 12, int(mel_lengths.max()))
    assert alignments.shape == (2, int(mel_lengths.max()) // r, 9)
    assert stop_fired.dtype == torch.bool
    for b in range(2):
        steps = int(mel_lengths[b]) // r
        peaks = alignments[b, :steps].argmax(-1)
        assert (peaks.diff() >= 0).all()  # never backwards
        assert (peaks.diff() <= model.config.attention_window).all()  # small jumps forward
        assert (peaks < lengths[b]).all()
        # beyond its length an utterance is silence, whatever the model says
        assert (mel[b, :, int(mel_lengths[b]):] == MEL.log_min).all()


def test_inference_stops_when_stop_token_fires_at_the_end():
    model = Tacotron2(tiny(), mel_config=MEL).eval()
    with torch.no_grad():
        model.decoder.projection.bias[-1] = 100.0  # the stop logit always says "stop"
    ids, lengths, _, _ = batch(lengths=(12,))
    _, mel_lengths, alignments, stop_fired = model.inference(ids, lengths)
    assert bool(stop_fired[0])
    # it stopped only once the attention reached the last two tokens, long before the cap
    assert int(alignments[0, -1].argmax()) >= 10
    assert int(mel_lengths[0]) < 12 * model.config.max_decoder_steps_per_token * 3


def test_inference_on_real_phonemes_and_errors():
    model = Tacotron2(tiny(), mel_config=MEL).eval()
    phones = syllables_to_phonemes("ni3 hao3".split(), [1, 4])
    ids = torch.tensor([phonemes_to_ids(phones)])
    assert model.phonemes_to_ids(phones) == ids[0].tolist()
    mel, mel_lengths, _, _ = model.inference(ids)
    assert mel.shape[0] == 1 and mel.shape[1] == 12 and torch.isfinite(mel).all()
    with pytest.raises(TTSError, match="phoneme 'zz'"):
        model.phonemes_to_ids(["zz"])
    with pytest.raises(TTSError, match="phoneme ids must be in"):
        model.inference(torch.tensor([[1, 5000]]))
    with pytest.raises(TTSError, match="lengths"):
        model.inference(ids, torch.tensor([99]))


def test_checkpoint_round_trip(tmp_path):
    mean, std = torch.randn(12), torch.rand(12) + 0.5
    model = Tacotron2(tiny(reduction_factor=2), speakers=["a", "b"], mel_config=MEL,
                      mel_mean=mean, mel_std=std).eval()
    path = tmp_path / "model.pt"
    save_checkpoint(path, {**model.checkpoint_state(), "code_version": "0.1.0+gtest"})
    loaded = Tacotron2.from_checkpoint(path)
    assert loaded.config == model.config and loaded.mel_config == MEL
    assert loaded.speakers == ["a", "b"] and loaded.symbols == list(SYMBOLS)
    assert loaded.code_version == "0.1.0+gtest"
    ids, lengths, mels, frames = batch()
    torch.manual_seed(1)
    a = model.inference(ids, lengths, speaker_ids=[0, 1])[0]
    torch.manual_seed(1)
    b = loaded.inference(ids, lengths, speaker_ids=[0, 1])[0]
    assert torch.equal(a, b)


def test_from_checkpoint_errors(tmp_path):
    with pytest.raises(TTSError, match="checkpoint not found"):
        Tacotron2.from_checkpoint(tmp_path / "none.pt")
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(b"\x00garbage")
    with pytest.raises(TTSError, match="cannot read checkpoint"):
        Tacotron2.from_checkpoint(corrupt)
    other = tmp_path / "vocoder.pt"
    torch.save({"model_type": "hifigan", "model": {}}, other)
    with pytest.raises(TTSError, match="not a Tacotron2 checkpoint.*'hifigan'"):
        Tacotron2.from_checkpoint(other)
    state = Tacotron2(tiny(), mel_config=MEL).checkpoint_state()
    state["model_config"]["decoder_rnn_dim"] = 32  # weights no longer fit
    mismatched = tmp_path / "mismatched.pt"
    torch.save(state, mismatched)
    with pytest.raises(TTSError, match="weights do not fit"):
        Tacotron2.from_checkpoint(mismatched)


def test_config_validation():
    with pytest.raises(ValueError, match="reduction_factor"):
        Tacotron2Config(reduction_factor=0)
    with pytest.raises(ValueError, match="odd"):
        Tacotron2Config(postnet_kernel_size=4)


def test_inference_ends_at_the_cap_when_stop_never_fires():
    model = Tacotron2(tiny(max_decoder_steps_per_token=1.5), mel_config=MEL).eval()
    with torch.no_grad():
        model.decoder.projection.bias[-1] = -100.0  # the stop logit never says "stop"
    ids, lengths, _, _ = batch(lengths=(9, 5))
    mel, mel_lengths, alignments, stop_fired = model.inference(ids, lengths)
    assert mel_lengths.tolist() == [math.ceil(9 * 1.5) * 3, math.ceil(5 * 1.5) * 3]
    assert stop_fired.tolist() == [False, False]
    # a per-call cap overrides the config's
    _, mel_lengths, _, _ = model.inference(ids, lengths, max_decoder_steps_per_token=1.0)
    assert mel_lengths.tolist() == [27, 15]
