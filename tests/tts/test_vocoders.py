"""Neural vocoders: shapes, hop alignment, receptive field, inverse STFT, chunking, GAN step,
losses, checkpoint loading. Random weights throughout: these are properties of the code."""

import math

import pytest
import torch

from tts.audio import MelConfig, magnitude_spectrogram
from tts.errors import TTSError
from tts.train.discriminators import DiscriminatorConfig, Discriminators
from tts.train.gan_losses import (discriminator_loss, feature_matching_loss,
                                  generator_adversarial_loss, mel_l1_loss)
from tts.train.vocoder import gan_step
from tts.vocoders import GriffinLim, HiFiGAN, ISTFTVocoder, load_vocoder
from tts.vocoders.hifigan import HiFiGANConfig, hifigan_v1, hifigan_v3
from tts.vocoders.istft import ISTFTConfig
from tts.vocoders.loading import export_generator
from tts.vocoders.streaming import iter_vocode, vocode_chunked

MEL = MelConfig()
TINY_HIFIGAN = HiFiGANConfig(upsample_initial_channel=32, resblock_kernel_sizes=(3, 7),
                             resblock_dilation_sizes=((1, 3), (1, 3)))
TINY_ISTFT = ISTFTConfig(dim=32, intermediate_dim=64, num_layers=2)
TINY_DISC = DiscriminatorConfig(periods=(2, 3), mpd_channels=(4, 8, 8, 8, 8), num_scales=2,
                                msd_width=16)

GENERATORS = {
    "hifigan_v1": lambda: HiFiGAN(hifigan_v1(), MEL),
    "hifigan_v3": lambda: HiFiGAN(hifigan_v3(), MEL),
    "istft": lambda: ISTFTVocoder(ISTFTConfig(), MEL),
}


def random_mel(batch, frames, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(batch, MEL.n_mels, frames, generator=g) * 2.0 - 6.0  # log-mel range


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generator_output_is_frames_times_hop(name):
    torch.manual_seed(0)
    vocoder = GENERATORS[name]().eval()
    for frames in (1, 7, 20):
        audio = vocoder(random_mel(2, frames))
        assert audio.shape == (2, frames * MEL.hop_length)
        assert torch.isfinite(audio).all()
        assert audio.abs().max() <= 1.0


@pytest.mark.parametrize("config, params", [(hifigan_v1(), 13.93e6), (hifigan_v3(), 1.46e6)])
def test_hifigan_sizes_match_the_paper(config, params):
    assert math.prod(config.upsample_rates) == MEL.hop_length
    n = sum(p.numel() for p in HiFiGAN(config, MEL).parameters())
    assert abs(n - params) / params < 0.01


def test_upsampling_must_equal_hop_length():
    with pytest.raises(ValueError, match="multiply to 128, but the hop length is 256"):
        HiFiGAN(HiFiGANConfig(upsample_rates=(8, 8, 2), upsample_kernel_sizes=(16, 16, 4)), MEL)
    with pytest.raises(ValueError, match="even number"):
        HiFiGAN(HiFiGANConfig(upsample_kernel_sizes=(15, 16, 4, 4)), MEL)


@pytest.mark.parametrize("name", ["hifigan_v3", "istft"])
def test_receptive_field_bounds_the_dependency_on_mel_frames(name):
    torch.manual_seed(0)
    vocoder = GENERATORS[name]()
    reach = vocoder.receptive_field_frames()
    frames, centre = 2 * reach + 21, reach + 10
    mel = random_mel(1, frames).requires_grad_(True)
    audio = vocoder(mel)
    audio[0, centre * MEL.hop_length:(centre + 1) * MEL.hop_length].sum().backward()
    used = (mel.grad[0].abs().sum(0) > 0).nonzero().flatten()
    assert used.min() >= centre - reach and used.max() <= centre + reach
    assert used.max() - used.min() >= 2  # it does look at its neighbours


def test_inverse_stft_inverts_the_analysis_stft():
    vocoder = ISTFTVocoder(ISTFTConfig(), MEL)
    audio = torch.randn(2, 40 * MEL.hop_length, generator=torch.Generator().manual_seed(1)) * 0.1
    pad = (MEL.n_fft - MEL.hop_length) // 2
    padded = torch.nn.functional.pad(audio.unsqueeze(1), (pad, pad), mode="reflect").squeeze(1)
    spec = torch.stft(padded, MEL.n_fft, MEL.hop_length, MEL.win_length,
                      window=torch.hann_window(MEL.win_length), center=False, return_complex=True)
    assert spec.shape[-1] == 40
    torch.testing.assert_close(vocoder.inverse_stft(spec), audio, atol=1e-6, rtol=0)
    # the magnitude is the one tts.audio analyses
    torch.testing.assert_close(spec.abs(), magnitude_spectrogram(audio, MEL), atol=1e-4, rtol=0)


@pytest.mark.parametrize("name", ["hifigan_v3", "istft"])
def test_chunked_vocoding_equals_whole_vocoding(name):
    torch.manual_seed(0)
    vocoder = GENERATORS[name]().eval()
    mel = random_mel(1, 150)
    whole = vocoder.vocode(mel)
    pieces = list(iter_vocode(vocoder, mel, chunk_frames=40, crossfade_frames=4))
    assert len(pieces) == 4
    chunked = torch.cat(pieces, dim=-1)
    assert chunked.shape == whole.shape
    torch.testing.assert_close(chunked, whole, atol=1e-5, rtol=0)


def test_silent_frames_are_gated_to_zero_and_the_rest_is_untouched():
    vocoder = GENERATORS["istft"]().eval()
    mel = random_mel(1, 60)
    mel[..., 20:40] = MEL.log_min  # a pause: the mel's floor
    gated = vocoder.vocode(mel)[0]
    vocoder.silence_gate = None
    raw = vocoder.vocode(mel)[0]
    hop, ramp = MEL.hop_length, int(0.005 * MEL.sample_rate) // 2 + 1
    assert raw[20 * hop:40 * hop].abs().max() > 1e-4  # the vocoder alone makes noise in the pause
    assert gated[20 * hop + ramp:40 * hop - ramp].abs().max() == 0
    assert torch.equal(gated[:20 * hop - ramp], raw[:20 * hop - ramp])
    assert torch.equal(gated[40 * hop + ramp:], raw[40 * hop + ramp:])


def test_chunked_vocoding_equals_whole_vocoding_across_a_gated_pause():
    torch.manual_seed(0)
    vocoder = GENERATORS["istft"]().eval()
    mel = random_mel(1, 150)
    mel[..., 30:55] = MEL.log_min  # crosses the chunk edge at frame 40
    whole = vocoder.vocode(mel)
    chunked = vocode_chunked(vocoder, mel, chunk_frames=40, crossfade_frames=4)
    torch.testing.assert_close(chunked, whole, atol=1e-5, rtol=0)
    assert whole[0, 32 * MEL.hop_length:53 * MEL.hop_length].abs().max() == 0


def test_chunking_without_context_differs_but_keeps_length():
    torch.manual_seed(0)
    vocoder = GENERATORS["hifigan_v3"]().eval()
    mel = random_mel(1, 90)
    whole = vocoder.vocode(mel)
    chunked = vocode_chunked(vocoder, mel, chunk_frames=30, context_frames=0, crossfade_frames=2)
    assert chunked.shape == whole.shape
    assert (chunked - whole).abs().max() > 1e-4  # context is what makes them agree
    with pytest.raises(ValueError, match="must exceed crossfade_frames"):
        vocode_chunked(vocoder, mel, chunk_frames=4, crossfade_frames=4)


def test_discriminator_outputs_for_the_paper_config():
    torch.manual_seed(0)
    disc = Discriminators(DiscriminatorConfig())
    scores, features = disc(torch.randn(2, 2048) * 0.1)
    assert len(scores) == len(features) == 5 + 3  # 5 periods + 3 scales
    for score, maps in zip(scores, features):
        assert score.dim() == 2 and score.shape[0] == 2
        assert len(maps) in (6, 8)  # MPD: 5 convs + post; MSD: 7 convs + post
        assert all(m.shape[0] == 2 for m in maps)
    # period p folds the signal into (N / p, p) columns: the last map keeps p columns
    assert [f[-1].shape[-1] for f in features[:5]] == [2, 3, 5, 7, 11]
    # MSD: the raw scale sees twice the samples of the pooled one
    assert features[5][0].shape[-1] == 2048 and features[6][0].shape[-1] == 1025


@pytest.mark.parametrize("kind", ["hifigan", "istft"])
def test_one_gan_step_updates_generator_and_discriminators(kind):
    torch.manual_seed(0)
    generator = HiFiGAN(TINY_HIFIGAN, MEL) if kind == "hifigan" else ISTFTVocoder(TINY_ISTFT, MEL)
    disc = Discriminators(TINY_DISC)
    optim_g = torch.optim.AdamW(generator.parameters(), 2e-4, betas=(0.8, 0.99))
    optim_d = torch.optim.AdamW(disc.parameters(), 2e-4, betas=(0.8, 0.99))
    g_before = [p.detach().clone() for p in generator.parameters()]
    d_before = [p.detach().clone() for p in disc.parameters()]
    mel = random_mel(2, 16)
    audio = torch.randn(2, 16 * MEL.hop_length) * 0.1
    losses = gan_step(generator, disc, optim_g, optim_d, mel, audio, MEL)
    assert set(losses) == {"loss_d", "loss_g", "loss_adv", "loss_fm", "mel_l1"}
    assert all(math.isfinite(v) for v in losses.values())
    assert losses["loss_g"] == pytest.approx(losses["loss_adv"] + 2 * losses["loss_fm"]
                                             + 45 * losses["mel_l1"], rel=1e-5)
    g_changed = [not torch.equal(a, b) for a, b in zip(g_before, generator.parameters())]
    d_changed = [not torch.equal(a, b) for a, b in zip(d_before, disc.parameters())]
    assert all(g_changed), "every generator parameter gets a gradient"
    assert all(d_changed), "every discriminator parameter gets a gradient"


def test_warm_up_step_trains_the_generator_on_mel_loss_alone():
    torch.manual_seed(0)
    generator, disc = ISTFTVocoder(TINY_ISTFT, MEL), Discriminators(TINY_DISC)
    optim_g = torch.optim.AdamW(generator.parameters(), 2e-4)
    optim_d = torch.optim.AdamW(disc.parameters(), 2e-4)
    d_before = [p.detach().clone() for p in disc.parameters()]
    g_before = [p.detach().clone() for p in generator.parameters()]
    losses = gan_step(generator, disc, optim_g, optim_d, random_mel(2, 16),
                      torch.randn(2, 16 * MEL.hop_length) * 0.1, MEL, adversarial=False)
    assert losses["loss_d"] == losses["loss_adv"] == losses["loss_fm"] == 0.0
    assert losses["loss_g"] == pytest.approx(45 * losses["mel_l1"])
    assert all(torch.equal(a, b) for a, b in zip(d_before, disc.parameters()))
    assert all(not torch.equal(a, b) for a, b in zip(g_before, generator.parameters()))


def test_least_squares_and_feature_losses():
    ones, zeros = [torch.ones(2, 5)], [torch.zeros(2, 5)]
    assert discriminator_loss(ones, zeros).item() == 0.0  # perfect discriminator
    assert discriminator_loss(zeros, ones).item() == 2.0  # (1-0)^2 + 1^2
    assert generator_adversarial_loss(ones).item() == 0.0
    assert generator_adversarial_loss([torch.full((3,), 0.5)] * 2).item() == 0.5
    real = [[torch.zeros(2, 4), torch.ones(3)]]
    fake = [[torch.full((2, 4), 0.5), torch.zeros(3)]]
    assert feature_matching_loss(real, fake).item() == pytest.approx(0.5 + 1.0)
    audio = torch.randn(1, 4096) * 0.1
    assert mel_l1_loss(audio, audio, MEL).item() == 0.0
    assert mel_l1_loss(audio * 0.5, audio, MEL).item() > 0.1


def test_load_vocoder_round_trip(tmp_path):
    torch.manual_seed(0)
    for kind, model in [("hifigan", HiFiGAN(TINY_HIFIGAN, MEL)),
                        ("istft", ISTFTVocoder(TINY_ISTFT, MEL))]:
        model.eval()
        path = tmp_path / f"{kind}.pt"
        torch.save(export_generator(model, kind, "test"), path)
        loaded = load_vocoder(path)
        assert type(loaded) is type(model) and not loaded.training
        assert loaded.config == model.config and loaded.code_version == "test"
        mel = random_mel(1, 12)
        torch.testing.assert_close(loaded.vocode(mel), model.vocode(mel), atol=1e-5, rtol=0)
    assert isinstance(load_vocoder("griffin-lim"), GriffinLim)


def test_load_vocoder_errors(tmp_path):
    with pytest.raises(TTSError, match="vocoder not found: .*nope.pt"):
        load_vocoder(tmp_path / "nope.pt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(TTSError, match="no vocoder checkpoint"):
        load_vocoder(tmp_path / "empty")
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(b"not a checkpoint at all")
    with pytest.raises(TTSError, match="cannot read vocoder checkpoint"):
        load_vocoder(corrupt)
    foreign = tmp_path / "foreign.pt"
    torch.save({"weights": torch.zeros(3)}, foreign)
    with pytest.raises(TTSError, match="is not a vocoder checkpoint .missing kind"):
        load_vocoder(foreign)
    state = export_generator(HiFiGAN(TINY_HIFIGAN, MEL), "hifigan", "test")
    state["kind"] = "wavenet"
    torch.save(state, foreign)
    with pytest.raises(TTSError, match="unknown vocoder kind 'wavenet'"):
        load_vocoder(foreign)
    state["kind"] = "hifigan"
    state["model_config"]["upsample_initial_channel"] = 64  # weights are for 32
    torch.save(state, foreign)
    with pytest.raises(TTSError, match="weights do not match the stored config"):
        load_vocoder(foreign)
