"""Tacotron2: phoneme ids -> log-mel spectrogram, with attention that cannot run away.

    phonemes ─ embedding ─ 3 × conv ─ BiLSTM ─┬─ (+ speaker embedding) ─ memory (B, T_in, C)
                                              │
    previous frame ─ prenet ─ attention LSTM ─ location-sensitive attention ─ context
                                       └──────── decoder LSTM ─ linear ─ r frames + stop logit
    frames ─ 5 × conv postnet (residual) ─ mel

Shen et al. 2018 ("Natural TTS synthesis by conditioning WaveNet on mel spectrogram
predictions"), sized down for CPU training and synthesis (see `Tacotron2Config`), plus:
- a reduction factor r: the decoder emits r frames per step, so there are r times fewer
  sequential steps (the cost that dominates both training and synthesis);
- at inference a monotonic attention window (the peak never moves back and moves at most
  `attention_window` tokens forward per step), a stop token that only counts once the attention
  has reached the end of the input, and a hard cap of `max_decoder_steps_per_token` decoder steps
  per input token: synthesis always ends, and cannot skip, repeat or babble for long.

The model normalises mels internally with the training set's per-band mean/std (buffers saved
with the weights), but what `inference` returns is always the raw natural-log mel of `tts.audio`,
so any vocoder trained on that convention can consume it. `forward` (training) works in the
normalised space; `normalize` maps a raw target into it.

A checkpoint holds the weights plus everything needed to use them: this config, the symbol
table and its version, the `MelConfig`, the speaker list and the code version.
`Tacotron2.from_checkpoint(path)` needs nothing else.
"""

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from frontend.symbols import PAD, SYMBOL_SET_VERSION, SYMBOLS
from tts.audio import MelConfig
from tts.config import ConfigError, from_dict, to_dict
from tts.errors import TTSError

MODEL_TYPE = "tacotron2"


@dataclass
class Tacotron2Config:
    # text encoder
    embedding_dim: int = 256  # phoneme embedding; ~200 symbols need far less than the paper's 512
    encoder_conv_layers: int = 3  # as in the paper: local context (neighbouring phones, tones)
    encoder_kernel_size: int = 5  # each conv sees 5 tokens, about two syllables
    encoder_dim: int = 256  # BiLSTM output (128 per direction); half the paper's, CPU-sized
    encoder_dropout: float = 0.5  # the paper's dropout after each encoder conv
    speaker_embedding_dim: int = 64  # used only with more than one speaker in the data
    # decoder
    prenet_dims: tuple[int, ...] = (256, 256)  # the paper's bottleneck; cheap, so kept
    prenet_dropout: float = 0.5  # kept on at inference too: the paper's source of variation
    attention_rnn_dim: int = 256  # paper 1024. A batch-1 step is a matrix-vector product per
    # LSTM, limited by memory bandwidth: 512 units cost 4.5 ms/step on one CPU core (RTF 0.13),
    # 256 units 1.3 ms/step (RTF 0.04), inside the RTF <= 0.05 budget; one voice needs no more
    decoder_rnn_dim: int = 256  # same reason; r=3 gives each step 3x the frames to predict
    attention_dim: int = 128  # the paper's size
    location_filters: int = 32  # the paper's location features
    location_kernel_size: int = 31  # the paper's; odd so the conv is centred
    rnn_dropout: float = 0.1  # on the LSTM outputs (in place of the paper's zoneout)
    reduction_factor: int = 3  # frames per decoder step: 3x fewer sequential steps, easier align
    postnet_dim: int = 256  # half the paper's 512: postnet cost grows with frames, not steps
    postnet_layers: int = 5  # the paper's
    postnet_kernel_size: int = 5  # the paper's
    postnet_dropout: float = 0.5  # the paper's
    # inference safety
    max_decoder_steps_per_token: float = 10.0  # hard cap: with r=3, 30 frames (0.35 s) per token,
    # about 3x the longest phone of normal speech; tokens include breaks and <eos>
    attention_window: int = 3  # at inference the attention peak moves forward at most this much
    stop_threshold: float = 0.5  # stop once sigmoid(stop logit) exceeds this (at the input's end)

    def __post_init__(self):
        if self.reduction_factor < 1:
            raise ValueError(f"reduction_factor must be >= 1, got {self.reduction_factor}")
        if self.encoder_dim % 2:
            raise ValueError(f"encoder_dim must be even (two directions), got {self.encoder_dim}")
        if self.encoder_kernel_size % 2 == 0 or self.postnet_kernel_size % 2 == 0:
            raise ValueError("conv kernel sizes must be odd so that convs keep the length")
        if self.location_kernel_size % 2 == 0:
            raise ValueError("location_kernel_size must be odd")
        if self.max_decoder_steps_per_token <= 0:
            raise ValueError("max_decoder_steps_per_token must be positive")
        if self.attention_window < 1:
            raise ValueError("attention_window must be at least 1")
        if not self.prenet_dims:
            raise ValueError("prenet_dims must name at least one layer")


def lengths_to_mask(lengths, max_length=None):
    """(B,) lengths -> (B, T) bool, True on real positions."""
    max_length = int(lengths.max()) if max_length is None else max_length
    return torch.arange(max_length, device=lengths.device)[None, :] < lengths[:, None]


class Encoder(nn.Module):
    """Phoneme embeddings (B, T_in, E) -> memory (B, T_in, encoder_dim)."""

    def __init__(self, in_dim, out_dim, kernel_size, n_layers, dropout):
        super().__init__()
        self.convs = nn.ModuleList(
            nn.Sequential(
                nn.Conv1d(in_dim, in_dim, kernel_size, padding=kernel_size // 2),
                nn.BatchNorm1d(in_dim),
                nn.ReLU(),
                nn.Dropout(dropout),
            )
            for _ in range(n_layers)
        )
        self.lstm = nn.LSTM(in_dim, out_dim // 2, batch_first=True, bidirectional=True)

    def forward(self, x, lengths, mask):  # x (B, T_in, E), lengths (B,), mask (B, T_in)
        x = x.transpose(1, 2)  # (B, E, T_in)
        keep = mask.unsqueeze(1).to(x.dtype)  # (B, 1, T_in)
        for conv in self.convs:
            x = conv(x) * keep  # zero the padding, so a batch gives what each item gives alone
        x = x.transpose(1, 2)  # (B, T_in, E)
        packed = nn.utils.rnn.pack_padded_sequence(
            x, lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        out, _ = self.lstm(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        return out  # (B, T_in, out_dim)


class Prenet(nn.Module):
    """Bottleneck on the previous frame; dropout always on (it forces the decoder to attend)."""

    def __init__(self, in_dim, dims, dropout):
        super().__init__()
        sizes = [in_dim, *dims]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.dropout = dropout

    def forward(self, x):  # (..., n_mels) -> (..., dims[-1])
        for layer in self.layers:
            x = F.dropout(F.relu(layer(x)), self.dropout, training=True)
        return x


class LocationSensitiveAttention(nn.Module):
    """Energies e_j = v·tanh(W q + V h_j + U f_j), f = conv([previous, cumulative weights])."""

    def __init__(self, query_dim, memory_dim, attention_dim, n_filters, kernel_size):
        super().__init__()
        self.query_layer = nn.Linear(query_dim, attention_dim, bias=False)
        self.memory_layer = nn.Linear(memory_dim, attention_dim, bias=False)
        self.location_conv = nn.Conv1d(2, n_filters, kernel_size, padding=kernel_size // 2,
                                       bias=False)
        self.location_layer = nn.Linear(n_filters, attention_dim, bias=False)
        self.v = nn.Linear(attention_dim, 1)

    def forward(self, query, processed_memory, weights_cat):
        # query (B, Q); processed_memory (B, T_in, A) = memory_layer(memory), computed once per
        # utterance; weights_cat (B, 2, T_in) previous and cumulative attention weights
        features = self.location_conv(weights_cat).transpose(1, 2)  # (B, T_in, filters)
        location = self.location_layer(features)  # (B, T_in, A)
        hidden = torch.tanh(self.query_layer(query).unsqueeze(1) + processed_memory + location)
        return self.v(hidden).squeeze(-1)  # (B, T_in) energies


class Decoder(nn.Module):
    """One autoregressive step at a time; all state is passed in and returned, never stored."""

    def __init__(self, n_mels, r, memory_dim, cfg):
        super().__init__()
        self.n_mels = n_mels
        self.r = r
        self.prenet = Prenet(n_mels, cfg.prenet_dims, cfg.prenet_dropout)
        self.attention_rnn = nn.LSTMCell(cfg.prenet_dims[-1] + memory_dim, cfg.attention_rnn_dim)
        self.attention = LocationSensitiveAttention(
            cfg.attention_rnn_dim, memory_dim, cfg.attention_dim, cfg.location_filters,
            cfg.location_kernel_size,
        )
        self.decoder_rnn = nn.LSTMCell(cfg.attention_rnn_dim + memory_dim, cfg.decoder_rnn_dim)
        # r frames and the stop logit come out of one matmul: one op fewer per step
        self.projection = nn.Linear(cfg.decoder_rnn_dim + memory_dim, n_mels * r + 1)
        self.rnn_dropout = cfg.rnn_dropout

    def initial_state(self, memory):  # memory (B, T_in, C)
        B, T_in, C = memory.shape
        zeros = memory.new_zeros
        return (
            zeros(B, C),  # context
            zeros(B, self.attention_rnn.hidden_size),  # attention LSTM h
            zeros(B, self.attention_rnn.hidden_size),  # attention LSTM c
            zeros(B, self.decoder_rnn.hidden_size),  # decoder LSTM h
            zeros(B, self.decoder_rnn.hidden_size),  # decoder LSTM c
            zeros(B, T_in),  # attention weights of the previous step
            zeros(B, T_in),  # cumulative attention weights
        )

    def step(self, prenet_out, state, memory, processed_memory, allowed):
        """prenet_out (B, P); allowed (B, T_in) bool: where attention may look this step.

        Returns (B, r * n_mels + 1) frames and stop logit, and the new state.
        """
        context, attn_h, attn_c, dec_h, dec_c, weights, cumulative = state
        attn_h, attn_c = self.attention_rnn(torch.cat([prenet_out, context], -1), (attn_h, attn_c))
        attn_h = F.dropout(attn_h, self.rnn_dropout, self.training)
        energies = self.attention(attn_h, processed_memory, torch.stack([weights, cumulative], 1))
        weights = torch.softmax(energies.masked_fill(~allowed, float("-inf")), dim=-1)  # (B, T_in)
        cumulative = cumulative + weights
        context = torch.bmm(weights.unsqueeze(1), memory).squeeze(1)  # (B, C)
        dec_h, dec_c = self.decoder_rnn(torch.cat([attn_h, context], -1), (dec_h, dec_c))
        dec_h = F.dropout(dec_h, self.rnn_dropout, self.training)
        out = self.projection(torch.cat([dec_h, context], -1))  # (B, r * n_mels + 1)
        return out, (context, attn_h, attn_c, dec_h, dec_c, weights, cumulative)


class Postnet(nn.Module):
    """5 convs predicting a residual that sharpens the decoder's mel."""

    def __init__(self, n_mels, dim, kernel_size, n_layers, dropout):
        super().__init__()
        sizes = [n_mels] + [dim] * (n_layers - 1) + [n_mels]
        self.layers = nn.ModuleList()
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            last = i == n_layers - 1
            self.layers.append(nn.Sequential(
                nn.Conv1d(a, b, kernel_size, padding=kernel_size // 2),
                nn.BatchNorm1d(b),
                nn.Identity() if last else nn.Tanh(),
                nn.Dropout(dropout),
            ))

    def forward(self, x, mask):  # x (B, n_mels, T), mask (B, T)
        keep = mask.unsqueeze(1).to(x.dtype)  # (B, 1, T)
        for layer in self.layers:
            x = layer(x * keep)  # padding stays zero between layers, as for a lone utterance
        return x * keep


class Tacotron2(nn.Module):
    def __init__(self, config=None, symbols=SYMBOLS, speakers=(), mel_config=None,
                 mel_mean=None, mel_std=None, symbol_set_version=SYMBOL_SET_VERSION):
        super().__init__()
        self.config = config = config or Tacotron2Config()
        self.symbols = list(symbols)
        self.symbol_set_version = symbol_set_version
        self.speakers = list(speakers)
        self.mel_config = mel_config = mel_config or MelConfig()
        self.code_version = "unknown"  # of the code that trained it; set by from_checkpoint
        self._symbol_to_id = {s: i for i, s in enumerate(self.symbols)}
        if self.symbols[0] != PAD:
            raise TTSError(f"symbol 0 must be {PAD!r} (the padding id), got {self.symbols[0]!r}")
        n_mels = mel_config.n_mels
        mel_mean = torch.zeros(n_mels) if mel_mean is None else torch.as_tensor(mel_mean).float()
        mel_std = torch.ones(n_mels) if mel_std is None else torch.as_tensor(mel_std).float()
        self.register_buffer("mel_mean", mel_mean.reshape(n_mels).clone())  # (n_mels,)
        self.register_buffer("mel_std", mel_std.reshape(n_mels).clamp(min=1e-3).clone())

        self.embedding = nn.Embedding(len(self.symbols), config.embedding_dim, padding_idx=0)
        self.encoder = Encoder(config.embedding_dim, config.encoder_dim,
                               config.encoder_kernel_size, config.encoder_conv_layers,
                               config.encoder_dropout)
        self.speaker_embedding = None
        if len(self.speakers) > 1:
            # added to the memory, so attention and decoder sizes do not depend on the speakers
            self.speaker_embedding = nn.Sequential(
                nn.Embedding(len(self.speakers), config.speaker_embedding_dim),
                nn.Linear(config.speaker_embedding_dim, config.encoder_dim),
            )
        self.decoder = Decoder(n_mels, config.reduction_factor, config.encoder_dim, config)
        self.postnet = Postnet(n_mels, config.postnet_dim, config.postnet_kernel_size,
                               config.postnet_layers, config.postnet_dropout)

    # ------------------------------------------------------------------ helpers

    @property
    def n_mels(self):
        return self.mel_config.n_mels

    @property
    def reduction_factor(self):
        return self.config.reduction_factor

    def normalize(self, mel):  # raw log-mel (B, n_mels, T) -> per-band standardised
        return (mel - self.mel_mean[:, None]) / self.mel_std[:, None]

    def denormalize(self, mel):  # inverse of `normalize`
        return mel * self.mel_std[:, None] + self.mel_mean[:, None]

    def phonemes_to_ids(self, phonemes):
        """Token ids of a phoneme list in *this model's* symbol table; TTSError if unknown."""
        ids = []
        for p in phonemes:
            if p not in self._symbol_to_id:
                raise TTSError(f"phoneme {p!r} is not in this model's symbol table "
                               f"(symbol set {self.symbol_set_version})")
            ids.append(self._symbol_to_id[p])
        return ids

    def speaker_id(self, name):
        if name not in self.speakers:
            raise TTSError(f"unknown speaker {name!r}: this model knows {', '.join(self.speakers)}")
        return self.speakers.index(name)

    def encode(self, phoneme_ids, lengths, speaker_ids=None):
        """(B, T_in) ids -> memory (B, T_in, C) and its mask (B, T_in)."""
        mask = lengths_to_mask(lengths, phoneme_ids.shape[1])
        memory = self.encoder(self.embedding(phoneme_ids), lengths, mask)  # (B, T_in, C)
        if self.speaker_embedding is not None:
            if speaker_ids is None:
                raise TTSError("this model has several speakers: pass speaker_ids")
            memory = memory + self.speaker_embedding(speaker_ids).unsqueeze(1)
        return memory, mask

    # ------------------------------------------------------------------ training

    def forward(self, phoneme_ids, input_lengths, mels, mel_lengths, speaker_ids=None, feed=None):
        """Teacher-forced pass. mels: raw log-mel (B, n_mels, T) padded; returns a dict with

        mel_before, mel_after: normalised predictions (B, n_mels, T) (before / after postnet)
        stop_logits: (B, T_steps) with T_steps = ceil(T / r)
        alignments: (B, T_steps, T_in)

        feed: optional normalised frames (B, n_mels, T) to give the decoder as its previous
        frames instead of the recording's (the trainer's self-feeding: its own predictions).
        """
        r, n_mels = self.reduction_factor, self.n_mels
        B, _, T = mels.shape
        memory, mask = self.encode(phoneme_ids, input_lengths, speaker_ids)
        processed_memory = self.decoder.attention.memory_layer(memory)  # (B, T_in, A) once
        steps = math.ceil(T / r)
        target = F.pad(self.normalize(mels) if feed is None else feed,
                       (0, steps * r - T))  # (B, n_mels, steps * r)
        # step t is fed the last frame of step t-1 (step 0 a zero "go" frame)
        previous = target[:, :, r - 1::r][:, :, :-1].transpose(1, 2)  # (B, steps - 1, n_mels)
        inputs = torch.cat([target.new_zeros(B, 1, n_mels), previous], 1)  # (B, steps, n_mels)
        prenet_out = self.decoder.prenet(inputs)  # (B, steps, P): all steps in one matmul

        state = self.decoder.initial_state(memory)
        outputs, alignments = [], []
        for t in range(steps):
            out, state = self.decoder.step(prenet_out[:, t], state, memory, processed_memory, mask)
            outputs.append(out)
            alignments.append(state[5])
        outputs = torch.stack(outputs, 1)  # (B, steps, r * n_mels + 1)
        frames = outputs[..., :-1].reshape(B, steps * r, n_mels).transpose(1, 2)[..., :T]
        mel_mask = lengths_to_mask(mel_lengths, T)  # (B, T)
        mel_after = frames + self.postnet(frames, mel_mask)
        return {
            "mel_before": frames,  # (B, n_mels, T)
            "mel_after": mel_after,  # (B, n_mels, T)
            "stop_logits": outputs[..., -1],  # (B, steps)
            "alignments": torch.stack(alignments, 1),  # (B, steps, T_in)
        }

    # ------------------------------------------------------------------ inference

    @torch.inference_mode()
    def inference(self, phoneme_ids, lengths=None, speaker_ids=None,
                  max_decoder_steps_per_token=None):
        """Synthesise a batch. phoneme_ids (B, T_in) long, padded with 0; lengths (B,) or None.

        Returns (mel (B, n_mels, T_out) raw log-mel after postnet, padded with the log of
        silence; mel_lengths (B,); alignments (B, T_steps, T_in); stop_fired (B,) bool: False
        where the step cap ended the utterance instead of the stop token).
        """
        phoneme_ids = torch.as_tensor(phoneme_ids)
        if phoneme_ids.dim() == 1:
            phoneme_ids = phoneme_ids.unsqueeze(0)
        if phoneme_ids.dim() != 2 or phoneme_ids.shape[1] == 0:
            raise TTSError(f"expected phoneme ids of shape (B, T_in), "
                           f"got {tuple(phoneme_ids.shape)}")
        device = self.mel_mean.device
        phoneme_ids = phoneme_ids.to(device=device, dtype=torch.long)
        B, T_in = phoneme_ids.shape
        if lengths is None:
            lengths = torch.full((B,), T_in, dtype=torch.long)
        lengths = torch.as_tensor(lengths, dtype=torch.long).to(device)
        if lengths.shape != (B,) or int(lengths.min()) < 1 or int(lengths.max()) > T_in:
            raise TTSError(f"lengths must be (B,) values in [1, {T_in}]")
        if int(phoneme_ids.min()) < 0 or int(phoneme_ids.max()) >= len(self.symbols):
            raise TTSError(f"phoneme ids must be in [0, {len(self.symbols)})")
        if speaker_ids is not None:
            speaker_ids = torch.as_tensor(speaker_ids, dtype=torch.long).to(device).reshape(B)
        per_token = max_decoder_steps_per_token or self.config.max_decoder_steps_per_token
        r, n_mels, window = self.reduction_factor, self.n_mels, self.config.attention_window

        memory, mask = self.encode(phoneme_ids, lengths, speaker_ids)  # (B, T_in, C), (B, T_in)
        processed_memory = self.decoder.attention.memory_layer(memory)  # (B, T_in, A) once
        max_steps = torch.ceil(lengths.float() * per_token).long().clamp(min=1)  # (B,) hard cap
        token_index = torch.arange(T_in, device=device)[None, :]  # (1, T_in)
        last_tokens = (lengths - 2).clamp(min=0)  # stop only once attending '#4' / '<eos>'
        stop_logit = math.log(self.config.stop_threshold / (1 - self.config.stop_threshold))

        state = self.decoder.initial_state(memory)
        frame = memory.new_zeros(B, n_mels)  # the "go" frame
        position = torch.zeros(B, dtype=torch.long, device=device)  # attention peak so far
        done = torch.zeros(B, dtype=torch.bool, device=device)
        stop_fired = torch.zeros(B, dtype=torch.bool, device=device)
        n_steps = torch.zeros(B, dtype=torch.long, device=device)
        outputs, alignments = [], []
        for t in range(int(max_steps.max())):
            # monotonic window: from the current peak to `window` tokens ahead, inside the input
            offset = token_index - position[:, None]  # (B, T_in)
            allowed = (offset >= 0) & (offset <= window) & mask
            out, state = self.decoder.step(self.decoder.prenet(frame), state, memory,
                                           processed_memory, allowed)
            weights = state[5]  # (B, T_in)
            position = torch.maximum(position, weights.argmax(-1))
            outputs.append(out)
            alignments.append(weights)
            frame = out[:, (r - 1) * n_mels:r * n_mels]  # last of the r frames feeds the next step
            n_steps += ~done
            fire = (out[:, -1] > stop_logit) & (position >= last_tokens) & ~done
            stop_fired |= fire
            done |= fire | (t + 1 >= max_steps)
            if bool(done.all()):
                break
        steps = len(outputs)
        outputs = torch.stack(outputs, 1)  # (B, steps, r * n_mels + 1)
        frames = outputs[..., :-1].reshape(B, steps * r, n_mels).transpose(1, 2)  # (B, n_mels, T)
        mel_lengths = n_steps * r
        mel_mask = lengths_to_mask(mel_lengths, steps * r)  # (B, T_out)
        frames = frames * mel_mask.unsqueeze(1)
        mel = self.denormalize(frames + self.postnet(frames, mel_mask))
        mel = mel.masked_fill(~mel_mask.unsqueeze(1), self.mel_config.log_min)
        return mel, mel_lengths, torch.stack(alignments, 1), stop_fired

    # ------------------------------------------------------------------ checkpoints

    def checkpoint_state(self):
        """The model part of a checkpoint: weights and everything needed to rebuild it."""
        return {
            "model_type": MODEL_TYPE,
            "model_config": to_dict(self.config),
            "symbols": list(self.symbols),
            "symbol_set_version": self.symbol_set_version,
            "mel_config": dataclasses.asdict(self.mel_config),
            "speakers": list(self.speakers),
            "model": self.state_dict(),
        }

    @classmethod
    def from_state(cls, state, source="<checkpoint>"):
        """Rebuild from a checkpoint dict (as `checkpoint_state` wrote it, plus training keys)."""
        if not isinstance(state, dict) or state.get("model_type") != MODEL_TYPE:
            kind = state.get("model_type") if isinstance(state, dict) else None
            raise TTSError(f"{source} is not a Tacotron2 checkpoint"
                           + (f" (it holds a {kind!r} model)" if kind else ""))
        missing = [k for k in ("model_config", "symbols", "mel_config", "speakers", "model")
                   if k not in state]
        if missing:
            raise TTSError(f"{source}: incomplete Tacotron2 checkpoint (no {missing[0]!r})")
        try:
            config = from_dict(Tacotron2Config, state["model_config"], f"{source}: model_config")
            mel_config = from_dict(MelConfig, state["mel_config"], f"{source}: mel_config")
        except ConfigError as err:
            raise TTSError(f"checkpoint from another version of this code? {err}") from None
        model = cls(config, symbols=state["symbols"], speakers=state["speakers"],
                    mel_config=mel_config,
                    symbol_set_version=state.get("symbol_set_version", "unknown"))
        try:
            model.load_state_dict(state["model"])
        except RuntimeError as err:
            raise TTSError(f"{source}: weights do not fit the stored config "
                           f"({str(err).splitlines()[0]})") from None
        model.code_version = state.get("code_version", "unknown")
        return model

    @classmethod
    def from_checkpoint(cls, path, device="cpu"):
        """Load a trained model for synthesis (eval mode) from a checkpoint file."""
        path = Path(path)
        if not path.is_file():
            raise TTSError(f"checkpoint not found: {path}")
        try:
            state = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as err:  # a truncated zip, a pickle with code in it, not a torch file...
            first = (str(err).strip().splitlines() or [type(err).__name__])[0]
            raise TTSError(f"cannot read checkpoint {path}: {first}") from None
        return cls.from_state(state, str(path)).to(device).eval()
