"""HiFi-GAN generator (Kong et al. 2020): log-mel -> waveform by transposed-convolution upsampling.

The generator is a stack of upsampling stages. Each stage multiplies the time resolution by its
rate with a transposed convolution and then refines the signal with a multi-receptive-field
fusion (MRF): the average of several residual blocks with different kernel sizes and dilations.
The product of the rates is the hop length, so T mel frames give exactly T * hop samples.

Two published sizes are provided as configs: V1 (best quality, 13.9 M parameters) and V3
(small and fast, 1.5 M parameters). The discriminators and losses live in `tts.train`; this file
is all that inference needs.
"""

import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils import parametrizations, parametrize

from tts.audio import MelConfig
from tts.vocoders.base import Vocoder

LRELU_SLOPE = 0.1  # leaky ReLU slope used throughout the paper's generator


@dataclass
class HiFiGANConfig:
    upsample_rates: tuple = (8, 8, 2, 2)  # per-stage upsampling; the product must be hop_length
    upsample_kernel_sizes: tuple = (16, 16, 4, 4)  # twice each rate: every output gets 2 taps
    upsample_initial_channel: int = 512  # width after the input conv; halved at every stage
    resblock: str = "1"  # "1": two convs per dilation (V1/V2); "2": one conv per dilation (V3)
    resblock_kernel_sizes: tuple = (3, 7, 11)  # one residual block per kernel size in each MRF
    resblock_dilation_sizes: tuple = ((1, 3, 5), (1, 3, 5), (1, 3, 5))  # dilations per block


def hifigan_v1():
    """V1 of the paper: 512 channels, resblock 1, rates 8-8-2-2."""
    return HiFiGANConfig()


def hifigan_v3():
    """V3 of the paper: 256 channels, resblock 2, rates 8-8-4."""
    return HiFiGANConfig(
        upsample_rates=(8, 8, 4),
        upsample_kernel_sizes=(16, 16, 8),
        upsample_initial_channel=256,
        resblock="2",
        resblock_kernel_sizes=(3, 5, 7),
        resblock_dilation_sizes=((1, 2), (2, 6), (3, 12)),
    )


def _padding(kernel_size, dilation=1):
    return (kernel_size * dilation - dilation) // 2  # keeps the length of a stride-1 conv


def _weight_norm(module):
    return parametrizations.weight_norm(module)


class ResBlock1(nn.Module):
    """Per dilation: lrelu -> dilated conv -> lrelu -> conv, added to the input."""

    def __init__(self, channels, kernel_size, dilations):
        super().__init__()
        self.convs1 = nn.ModuleList(
            _weight_norm(nn.Conv1d(channels, channels, kernel_size, dilation=d,
                                   padding=_padding(kernel_size, d)))
            for d in dilations
        )
        self.convs2 = nn.ModuleList(
            _weight_norm(nn.Conv1d(channels, channels, kernel_size,
                                   padding=_padding(kernel_size)))
            for _ in dilations
        )
        self.kernel_size = kernel_size
        self.dilations = tuple(dilations)

    def forward(self, x):  # (B, C, T) -> (B, C, T)
        for conv1, conv2 in zip(self.convs1, self.convs2):
            y = conv1(nn.functional.leaky_relu(x, LRELU_SLOPE))
            y = conv2(nn.functional.leaky_relu(y, LRELU_SLOPE))
            x = x + y
        return x

    def radius(self):
        """Samples on each side that one output sample depends on."""
        return sum(_padding(self.kernel_size, d) + _padding(self.kernel_size)
                   for d in self.dilations)


class ResBlock2(nn.Module):
    """Per dilation: lrelu -> dilated conv, added to the input (V3's lighter block)."""

    def __init__(self, channels, kernel_size, dilations):
        super().__init__()
        self.convs = nn.ModuleList(
            _weight_norm(nn.Conv1d(channels, channels, kernel_size, dilation=d,
                                   padding=_padding(kernel_size, d)))
            for d in dilations
        )
        self.kernel_size = kernel_size
        self.dilations = tuple(dilations)

    def forward(self, x):  # (B, C, T) -> (B, C, T)
        for conv in self.convs:
            x = x + conv(nn.functional.leaky_relu(x, LRELU_SLOPE))
        return x

    def radius(self):
        return sum(_padding(self.kernel_size, d) for d in self.dilations)


class HiFiGAN(Vocoder):
    """The HiFi-GAN generator behind the `Vocoder` interface: (B, n_mels, T) -> (B, T * hop)."""

    def __init__(self, config: HiFiGANConfig = HiFiGANConfig(),
                 mel_config: MelConfig = MelConfig()):
        super().__init__(mel_config)
        rates = tuple(config.upsample_rates)
        kernels = tuple(config.upsample_kernel_sizes)
        if len(rates) != len(kernels):
            raise ValueError("upsample_rates and upsample_kernel_sizes must have the same length")
        if math.prod(rates) != mel_config.hop_length:
            raise ValueError(f"the upsampling rates {rates} multiply to {math.prod(rates)}, "
                             f"but the hop length is {mel_config.hop_length}")
        for rate, kernel in zip(rates, kernels):
            if kernel < rate or (kernel - rate) % 2:
                raise ValueError(f"upsample kernel {kernel} must be >= rate {rate} and differ "
                                 "from it by an even number (exact length T * rate)")
        if len(config.resblock_kernel_sizes) != len(config.resblock_dilation_sizes):
            raise ValueError("resblock_kernel_sizes and resblock_dilation_sizes differ in length")
        if config.resblock not in ("1", "2"):
            raise ValueError(f"resblock must be '1' or '2', got {config.resblock!r}")
        if config.upsample_initial_channel % (2 ** len(rates)):
            raise ValueError("upsample_initial_channel must be divisible by 2 ** stages")
        self.config = config
        block = ResBlock1 if config.resblock == "1" else ResBlock2
        channels = config.upsample_initial_channel
        self.conv_pre = _weight_norm(nn.Conv1d(mel_config.n_mels, channels, 7, padding=3))
        self.ups = nn.ModuleList()
        self.resblocks = nn.ModuleList()
        for rate, kernel in zip(rates, kernels):
            self.ups.append(_weight_norm(nn.ConvTranspose1d(
                channels, channels // 2, kernel, stride=rate, padding=(kernel - rate) // 2)))
            channels //= 2
            for k, d in zip(config.resblock_kernel_sizes, config.resblock_dilation_sizes):
                self.resblocks.append(block(channels, k, d))
        self.conv_post = _weight_norm(nn.Conv1d(channels, 1, 7, padding=3))
        self.num_kernels = len(config.resblock_kernel_sizes)
        for module in self.modules():
            if isinstance(module, (nn.Conv1d, nn.ConvTranspose1d)):
                # N(0, 0.01) as in the paper's code; default init makes the first steps explode
                weight = (module.parametrizations.weight.original1
                          if parametrize.is_parametrized(module, "weight") else module.weight)
                nn.init.normal_(weight, 0.0, 0.01)

    def forward(self, mel):  # (B, n_mels, T) -> (B, T * hop)
        x = self.conv_pre(mel)  # (B, C, T)
        for i, up in enumerate(self.ups):
            x = up(nn.functional.leaky_relu(x, LRELU_SLOPE))  # (B, C / 2, T * rate)
            blocks = self.resblocks[i * self.num_kernels:(i + 1) * self.num_kernels]
            x = sum(b(x) for b in blocks) / self.num_kernels  # MRF: average of the blocks
        x = self.conv_post(nn.functional.leaky_relu(x))  # (B, 1, T * hop); 0.01 slope as in paper
        return torch.tanh(x).squeeze(1)  # (B, T * hop)

    def receptive_field_frames(self):
        """Mel frames on each side that one output sample can depend on (an upper bound).

        Chunked vocoding needs at least this much context for its output to equal the whole one.
        """
        radius = 3.0  # conv_pre, in frames
        scale = 1  # samples per frame at the current stage
        for i, (rate, kernel) in enumerate(zip(self.config.upsample_rates,
                                               self.config.upsample_kernel_sizes)):
            radius += math.ceil(kernel / rate) / scale  # inputs touching one transposed output
            scale *= rate
            blocks = self.resblocks[i * self.num_kernels:(i + 1) * self.num_kernels]
            radius += max(b.radius() for b in blocks) / scale
        radius += 3 / scale  # conv_post
        return math.ceil(radius)

    def remove_weight_norm(self):
        """Fold the weight-norm parametrisation into plain weights (faster inference)."""
        for module in self.modules():
            if parametrize.is_parametrized(module, "weight"):
                parametrize.remove_parametrizations(module, "weight", leave_parametrized=True)
        return self
