"""HiFi-GAN's losses: least-squares GAN, feature matching, mel L1.

Scores and feature maps come as lists over sub-discriminators (see `discriminators.py`).
Least squares (Mao et al. 2017): the discriminator pushes real scores to 1 and generated ones
to 0, the generator pushes generated scores to 1; unlike the log loss its gradient does not
vanish for confidently rejected samples.
"""

import torch

from tts.audio import mel_spectrogram


def discriminator_loss(real_scores, fake_scores):
    """sum_k E[(1 - D_k(x))^2] + E[D_k(G(s))^2]."""
    loss = 0.0
    for real, fake in zip(real_scores, fake_scores):
        loss = loss + torch.mean((1.0 - real.float()) ** 2) + torch.mean(fake.float() ** 2)
    return loss


def generator_adversarial_loss(fake_scores):
    """sum_k E[(1 - D_k(G(s)))^2]."""
    loss = 0.0
    for fake in fake_scores:
        loss = loss + torch.mean((1.0 - fake.float()) ** 2)
    return loss


def feature_matching_loss(real_features, fake_features):
    """sum over sub-discriminators and layers of the mean |D(x) - D(G(s))| (real ones detached)."""
    loss = 0.0
    for real_maps, fake_maps in zip(real_features, fake_features):
        for real, fake in zip(real_maps, fake_maps):
            loss = loss + torch.mean(torch.abs(real.detach().float() - fake.float()))
    return loss


def mel_l1_loss(audio_fake, audio_real, mel_config):
    """Mean |log-mel(G(s)) - log-mel(x)| in fp32; (B, N) each."""
    fake = mel_spectrogram(audio_fake.float(), mel_config)  # (B, n_mels, N // hop)
    real = mel_spectrogram(audio_real.float(), mel_config)
    return torch.nn.functional.l1_loss(fake, real)
