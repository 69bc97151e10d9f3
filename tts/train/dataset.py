"""Reading a feature DUMP (see the recipes): manifests, mels, statistics, batches.

A DUMP folder holds `train.jsonl` / `dev.jsonl` / `test.jsonl` (one utterance per line: id,
speaker, text, phonemes, mel, audio, frames), `mels/<id>.npy` (float32, (n_mels, frames)),
`wavs/<id>.wav`, `stats.json` (mel mean/std over train, the MelConfig) and `speakers.json`.

`LengthBucketBatchSampler` groups utterances of similar length (less padding, faster steps)
while keeping the order random, and splits the batches of an epoch between DDP processes. It is
deterministic given (seed, epoch), which is what makes `--resume` exact: a resumed run rebuilds
the epoch's batches and skips the ones already seen.
"""

import json
import math
from pathlib import Path

import numpy as np
import torch

from frontend.symbols import SYMBOL_TO_ID, UNK
from tts.audio import MelConfig
from tts.config import from_dict
from tts.errors import TTSError

MANIFEST_KEYS = ("id", "speaker", "phonemes", "mel", "frames")


def check_dump(dump, splits=("train",)):
    """Raise a TTSError naming what is missing if `dump` is not a usable DUMP folder."""
    dump = Path(dump)
    if not dump.is_dir():
        raise TTSError(f"data folder not found: {dump} (run the recipe's feature stage first)")
    for name in [f"{s}.jsonl" for s in splits] + ["stats.json", "speakers.json"]:
        if not (dump / name).is_file():
            raise TTSError(f"{dump} is not a feature dump: {name} is missing")
    return dump


def read_manifest(dump, split):
    """The utterances of `DUMP/<split>.jsonl` as dicts, checked for the keys trainers need."""
    path = Path(dump) / f"{split}.jsonl"
    if not path.is_file():
        raise TTSError(f"manifest not found: {path}")
    items = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise TTSError(f"{path}:{line_no}: not valid JSON ({err.msg})") from None
            missing = [k for k in MANIFEST_KEYS if k not in item]
            if missing:
                raise TTSError(f"{path}:{line_no}: missing key {missing[0]!r}")
            items.append(item)
    if not items:
        raise TTSError(f"manifest is empty: {path}")
    return items


def read_stats(dump):
    """(mel_mean (n_mels,), mel_std (n_mels,), MelConfig) from DUMP/stats.json."""
    path = Path(dump) / "stats.json"
    if not path.is_file():
        raise TTSError(f"statistics not found: {path}")
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
        mean = torch.tensor(stats["mel_mean"], dtype=torch.float32)
        std = torch.tensor(stats["mel_std"], dtype=torch.float32)
        mel_config = from_dict(MelConfig, stats["mel_config"], str(path))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
        raise TTSError(f"{path}: malformed statistics ({err})") from None
    if mean.shape != (mel_config.n_mels,) or std.shape != (mel_config.n_mels,):
        raise TTSError(f"{path}: mel_mean/mel_std must have {mel_config.n_mels} values")
    return mean, std, mel_config


def read_speakers(dump):
    """Sorted speaker names from DUMP/speakers.json; a name's index is its speaker id."""
    path = Path(dump) / "speakers.json"
    if not path.is_file():
        raise TTSError(f"speaker list not found: {path}")
    try:
        speakers = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise TTSError(f"{path}: not valid JSON ({err.msg})") from None
    if not isinstance(speakers, list) or not all(isinstance(s, str) for s in speakers):
        raise TTSError(f"{path}: expected a list of speaker names")
    return speakers


def load_mel(dump, item, n_mels=None):
    """The cached log-mel of one manifest item: float32 tensor (n_mels, frames)."""
    path = Path(dump) / item["mel"]
    try:
        mel = np.load(path)
    except (OSError, ValueError) as err:
        raise TTSError(f"cannot read mel {path}: {err}") from None
    if mel.ndim != 2 or (n_mels is not None and mel.shape[0] != n_mels):
        raise TTSError(f"{path}: expected a ({n_mels or 'n_mels'}, frames) array, got {mel.shape}")
    return torch.from_numpy(np.ascontiguousarray(mel, dtype=np.float32))


class PhonemeMelDataset(torch.utils.data.Dataset):
    """(phoneme ids, mel, speaker id) per utterance of one split, for acoustic models.

    Phonemes outside `symbols` raise: a silently mapped <unk> would hide a front-end/model
    mismatch. Mels are read lazily so that a large corpus does not sit in memory.
    """

    def __init__(self, dump, split, symbols=None, speakers=None, n_mels=None):
        self.dump = Path(dump)
        self.items = read_manifest(dump, split)
        symbol_to_id = SYMBOL_TO_ID if symbols is None else {s: i for i, s in enumerate(symbols)}
        speakers = read_speakers(dump) if speakers is None else list(speakers)
        speaker_to_id = {s: i for i, s in enumerate(speakers)}
        self.n_mels = n_mels
        self.phoneme_ids = []
        self.speaker_ids = []
        for item in self.items:
            phones = item["phonemes"].split()
            unknown = [p for p in phones if p not in symbol_to_id or p == UNK]
            if unknown:
                raise TTSError(f"{split}.jsonl, utterance {item['id']}: unknown phoneme "
                               f"{unknown[0]!r} (not in the model's symbol table)")
            if item["speaker"] not in speaker_to_id:
                raise TTSError(f"{split}.jsonl, utterance {item['id']}: speaker "
                               f"{item['speaker']!r} is not in speakers.json")
            self.phoneme_ids.append(torch.tensor([symbol_to_id[p] for p in phones]))
            self.speaker_ids.append(speaker_to_id[item["speaker"]])

    def __len__(self):
        return len(self.items)

    @property
    def frames(self):
        """Length of every utterance in frames (for the bucketing sampler and throughput)."""
        return [int(item["frames"]) for item in self.items]

    def __getitem__(self, index):
        item = self.items[index]
        mel = load_mel(self.dump, item, self.n_mels)  # (n_mels, T)
        return {
            "id": item["id"],
            "phoneme_ids": self.phoneme_ids[index],  # (T_in,)
            "mel": mel,  # (n_mels, T)
            "speaker_id": self.speaker_ids[index],
        }


def pad_stack(tensors, pad_value=0.0):
    """Right-pad tensors (..., T_i) along their last axis to max T and stack: (B, ..., T_max)."""
    lengths = torch.tensor([t.shape[-1] for t in tensors], dtype=torch.long)
    out = tensors[0].new_full((len(tensors), *tensors[0].shape[:-1], int(lengths.max())),
                              pad_value)
    for i, t in enumerate(tensors):
        out[i, ..., : t.shape[-1]] = t
    return out, lengths


def collate_phoneme_mel(examples, mel_pad_value=0.0):
    """Batch of PhonemeMelDataset examples, padded (pad id 0 = '<pad>').

    Returns ids, phoneme_ids (B, T_in), input_lengths (B,), mels (B, n_mels, T_out),
    mel_lengths (B,), speaker_ids (B,).
    """
    phoneme_ids, input_lengths = pad_stack([e["phoneme_ids"] for e in examples], 0)
    mels, mel_lengths = pad_stack([e["mel"] for e in examples], mel_pad_value)
    return {
        "ids": [e["id"] for e in examples],
        "phoneme_ids": phoneme_ids,  # (B, T_in)
        "input_lengths": input_lengths,  # (B,)
        "mels": mels,  # (B, n_mels, T_out)
        "mel_lengths": mel_lengths,  # (B,)
        "speaker_ids": torch.tensor([e["speaker_id"] for e in examples], dtype=torch.long),
    }


class LengthBucketBatchSampler(torch.utils.data.Sampler):
    """Batches of indices of similar length, in random order, split between DDP processes.

    Each epoch: shuffle all indices with a generator seeded by (seed, epoch); cut them into
    buckets of `bucket_batches` batches; sort each bucket by length and cut it into batches;
    shuffle the batches. Process `rank` of `num_replicas` takes every num_replicas-th batch;
    the batch list is trimmed (drop_last) or wrapped around so every process gets the same count
    (DDP needs equal step counts). `set_epoch(epoch, skip=n)` starts the epoch after n batches.
    """

    def __init__(self, lengths, batch_size, num_replicas=1, rank=0, seed=0, shuffle=True,
                 drop_last=False, bucket_batches=32):
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if not 0 <= rank < num_replicas:
            raise ValueError(f"rank {rank} is not in [0, {num_replicas})")
        self.lengths = list(lengths)
        self.batch_size = batch_size
        self.num_replicas = num_replicas
        self.rank = rank
        self.seed = seed
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.bucket_batches = bucket_batches
        self.epoch = 0
        self.skip = 0
        if self._num_global_batches() < 1:
            raise TTSError(f"{len(self.lengths)} utterances make no batch of {batch_size} on "
                           f"{num_replicas} process(es): lower the batch size")

    def _num_global_batches(self):
        n = len(self.lengths)
        per_rank = (n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size))
        if self.drop_last:
            return (per_rank // self.num_replicas) * self.num_replicas
        return math.ceil(per_rank / self.num_replicas) * self.num_replicas

    def set_epoch(self, epoch, skip=0):
        self.epoch = epoch
        self.skip = skip

    def epoch_batches(self):
        """All batches of this epoch for this process (ignores `skip`)."""
        n = len(self.lengths)
        if self.shuffle:
            g = torch.Generator().manual_seed(self.seed * 100_003 + self.epoch)
            order = torch.randperm(n, generator=g).tolist()
        else:
            order = list(range(n))
        bucket = self.batch_size * self.bucket_batches
        batches = []
        for start in range(0, n, bucket):
            chunk = sorted(order[start:start + bucket], key=lambda i: self.lengths[i])
            batches.extend(chunk[i:i + self.batch_size] for i in range(0, len(chunk),
                                                                        self.batch_size))
        if self.drop_last:
            batches = [b for b in batches if len(b) == self.batch_size]
        if self.shuffle:
            perm = torch.randperm(len(batches), generator=g).tolist()
            batches = [batches[i] for i in perm]
        total = self._num_global_batches()
        if len(batches) < total:  # wrap around so every process steps the same number of times
            batches = (batches * math.ceil(total / len(batches)))[:total]
        batches = batches[:total]
        return batches[self.rank::self.num_replicas]

    def __iter__(self):
        return iter(self.epoch_batches()[self.skip:])

    def __len__(self):
        """Batches per epoch for this process (independent of `skip`)."""
        return self._num_global_batches() // self.num_replicas
