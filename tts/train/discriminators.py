"""HiFi-GAN's discriminators (training only; synthesis never imports this file).

- Multi-period (MPD): for each period p, the waveform is folded into a (T / p, p) image and 2-D
  convolutions with (k, 1) kernels look at every p-th sample, which exposes periodic structure
  (pitch harmonics) that a 1-D discriminator blurs.
- Multi-scale (MSD): 1-D convolutional discriminators on the raw waveform and on 2x and 4x
  average-pooled copies, for structure at several time scales. The first (raw) scale uses
  spectral norm, which the paper found steadier, the others weight norm.

Every sub-discriminator returns (score map, feature maps); the feature maps feed the feature
matching loss. Widths are configurable so the debug configs stay tiny.
"""

from dataclasses import dataclass

from torch import nn
from torch.nn.utils import parametrizations

LRELU_SLOPE = 0.1


@dataclass
class DiscriminatorConfig:
    periods: tuple = (2, 3, 5, 7, 11)  # MPD periods: primes, little overlap between them
    mpd_channels: tuple = (32, 128, 512, 1024, 1024)  # MPD conv widths (the paper's)
    num_scales: int = 3  # MSD: raw, x2 and x4 average-pooled waveform
    msd_width: int = 128  # MSD first-layer width; later layers 1x, 2x, 4x, 8x, 8x, 8x (paper: 128)


class PeriodDiscriminator(nn.Module):
    def __init__(self, period, channels, kernel_size=5, stride=3):
        super().__init__()
        self.period = period
        widths = (1,) + tuple(channels)
        self.convs = nn.ModuleList()
        for i, (c_in, c_out) in enumerate(zip(widths[:-1], widths[1:])):
            last = i == len(channels) - 1  # the last conv keeps the resolution
            self.convs.append(parametrizations.weight_norm(nn.Conv2d(
                c_in, c_out, (kernel_size, 1), (1 if last else stride, 1),
                padding=(kernel_size // 2, 0))))
        self.conv_post = parametrizations.weight_norm(
            nn.Conv2d(widths[-1], 1, (3, 1), 1, padding=(1, 0)))

    def forward(self, audio):  # (B, 1, N) -> (B, frames), [feature maps]
        b, c, n = audio.shape
        if n % self.period:
            pad = self.period - n % self.period
            audio = nn.functional.pad(audio, (0, pad), mode="reflect")
            n += pad
        x = audio.view(b, c, n // self.period, self.period)  # (B, 1, N / p, p)
        features = []
        for conv in self.convs:
            x = nn.functional.leaky_relu(conv(x), LRELU_SLOPE)
            features.append(x)
        x = self.conv_post(x)
        features.append(x)
        return x.flatten(1), features


class MultiPeriodDiscriminator(nn.Module):
    def __init__(self, periods=(2, 3, 5, 7, 11), channels=(32, 128, 512, 1024, 1024)):
        super().__init__()
        self.discriminators = nn.ModuleList(PeriodDiscriminator(p, channels) for p in periods)

    def forward(self, audio):  # (B, 1, N) -> [scores], [[feature maps]]
        scores, features = [], []
        for d in self.discriminators:
            s, f = d(audio)
            scores.append(s)
            features.append(f)
        return scores, features


class ScaleDiscriminator(nn.Module):
    def __init__(self, width=128, spectral_norm=False):
        super().__init__()
        norm = parametrizations.spectral_norm if spectral_norm else parametrizations.weight_norm
        w = width
        # (in, out, kernel, stride, groups): grouped strided convs as in MelGAN / HiFi-GAN
        layers = [
            (1, w, 15, 1, 1),
            (w, w, 41, 2, 4),
            (w, 2 * w, 41, 2, 16),
            (2 * w, 4 * w, 41, 4, 16),
            (4 * w, 8 * w, 41, 4, 16),
            (8 * w, 8 * w, 41, 1, 16),
            (8 * w, 8 * w, 5, 1, 1),
        ]
        self.convs = nn.ModuleList(
            norm(nn.Conv1d(c_in, c_out, k, s, groups=g, padding=k // 2))
            for c_in, c_out, k, s, g in layers
        )
        self.conv_post = norm(nn.Conv1d(8 * w, 1, 3, 1, padding=1))

    def forward(self, audio):  # (B, 1, N) -> (B, frames), [feature maps]
        x = audio
        features = []
        for conv in self.convs:
            x = nn.functional.leaky_relu(conv(x), LRELU_SLOPE)
            features.append(x)
        x = self.conv_post(x)
        features.append(x)
        return x.flatten(1), features


class MultiScaleDiscriminator(nn.Module):
    def __init__(self, num_scales=3, width=128):
        super().__init__()
        if width % 16:
            raise ValueError(f"msd_width must be a multiple of 16 (grouped convs), got {width}")
        self.discriminators = nn.ModuleList(
            ScaleDiscriminator(width, spectral_norm=(i == 0)) for i in range(num_scales)
        )
        self.pool = nn.AvgPool1d(4, 2, padding=2)

    def forward(self, audio):  # (B, 1, N) -> [scores], [[feature maps]]
        scores, features = [], []
        for i, d in enumerate(self.discriminators):
            if i > 0:
                audio = self.pool(audio)  # (B, 1, N / 2^i)
            s, f = d(audio)
            scores.append(s)
            features.append(f)
        return scores, features


class Discriminators(nn.Module):
    """MPD and MSD together: one module, one optimiser, one state_dict."""

    def __init__(self, config: DiscriminatorConfig = DiscriminatorConfig()):
        super().__init__()
        self.config = config
        self.mpd = MultiPeriodDiscriminator(config.periods, config.mpd_channels)
        self.msd = MultiScaleDiscriminator(config.num_scales, config.msd_width)

    def forward(self, audio):  # (B, N) -> [scores], [[feature maps]] of all sub-discriminators
        audio = audio.unsqueeze(1)  # (B, 1, N)
        p_scores, p_features = self.mpd(audio)
        s_scores, s_features = self.msd(audio)
        return p_scores + s_scores, p_features + s_features
