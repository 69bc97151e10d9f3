"""Training Tacotron2 on a feature DUMP: the whole loop, top to bottom.

One process (CPU or one GPU):

    tts train recipes/csmsc/conf/tacotron2.yaml --data dump/csmsc --exp-dir exp/tacotron2

Several GPUs on one machine (DistributedDataParallel, one process per GPU, nccl):

    torchrun --standalone --nproc_per_node=4 -m tts.cli train CONFIG --data DUMP --exp-dir EXP

Several machines (run on each, node_rank 0..N-1; HOST is node 0):

    torchrun --nnodes=2 --node_rank=0 --nproc_per_node=8 --rdzv_backend=c10d \
        --rdzv_endpoint=HOST:29500 -m tts.cli train CONFIG --data DUMP --exp-dir EXP

On CPU, torchrun runs the processes with the gloo backend (this is what the tests do).
`batch_size` is per process: the effective batch is batch_size x processes.

The YAML has three sections, each a dataclass (unknown keys are errors): `train` (TrainConfig:
optimisation, schedule, logging, checkpoints), `data` (DataConfig: batching) and `model`
(Tacotron2Config). Outputs: EXP/checkpoints/step_XXXXXXXX.pt (the last `keep_last`), EXP/tb/
(TensorBoard: losses, learning rate, throughput, attention focus/diagonality, alignment and mel
images), EXP/config.yaml (the configuration used). `--resume` continues from the newest checkpoint
exactly: same weights, optimiser, schedule, RNG states and position in the epoch.
"""

import contextlib
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm import tqdm

from tts.config import ConfigError, from_dict, read_yaml, to_dict
from tts.errors import TTSError
from tts.models.tacotron2 import Tacotron2, Tacotron2Config, lengths_to_mask
from tts.train import common
from tts.train.dataset import (LengthBucketBatchSampler, PhonemeMelDataset, check_dump,
                               collate_phoneme_mel, read_speakers, read_stats)


@dataclass
class TrainConfig:
    seed: int = 1234  # model init, dropout and batch order all follow from it
    max_steps: int = 50_000  # optimiser steps; also the length of the LR schedule
    learning_rate: float = 1e-3  # peak LR; the usual Tacotron2 Adam rate
    min_learning_rate: float = 1e-5  # the cosine decay ends here
    warmup_steps: int = 500  # linear warm-up: early LSTM gradients are large and noisy
    weight_decay: float = 1e-6  # the paper's L2 strength, applied decoupled (AdamW)
    betas: tuple[float, float] = (0.9, 0.999)  # Adam defaults
    grad_clip: float = 1.0  # max gradient norm: recurrent nets have occasional spikes
    guided_attention_weight: float = 1.0  # weight of the diagonal prior on the attention
    guided_attention_sigma: float = 0.2  # width of the allowed band (Tachibana et al. 2018)
    stop_pos_weight: float = 5.0  # one "stop" step per utterance vs. ~100 "go on" steps
    # Fraction of the decoder's previous frames replaced by its own predictions from a first,
    # gradient-free teacher-forced pass: free-running synthesis feeds the decoder its own
    # frames, and a decoder trained only on the recording's drifts (exposure bias). 0 = off;
    # > 0 costs that extra forward pass on every step.
    self_feed: float = 0.0
    log_every: int = 20  # steps between TensorBoard scalar writes
    validate_every: int = 500  # steps between validations (loss, attention measures, images)
    checkpoint_every: int = 1000  # steps between checkpoints (and one at the end)
    keep_last: int = 5  # checkpoints kept; older ones are deleted
    device: str = "auto"  # "auto" (CUDA if present), "cpu" or "cuda"
    bf16: bool = True  # bf16 autocast on CUDA (ignored on CPU, where it is slower)


@dataclass
class DataConfig:
    batch_size: int = 16  # utterances per process and step
    bucket_batches: int = 32  # batches per length bucket: bigger = less padding, less random
    max_frames: int = 1000  # skip training utterances longer than this (11.6 s at hop 256)
    num_workers: int = 2  # DataLoader processes reading mels
    valid_utterances: int = 32  # dev utterances used at each validation (first N of dev.jsonl)


@dataclass
class ExperimentConfig:
    train: TrainConfig = field(default_factory=TrainConfig)
    data: DataConfig = field(default_factory=DataConfig)
    model: Tacotron2Config = field(default_factory=Tacotron2Config)


def load_experiment_config(path):
    """The three sections of a training YAML; unknown sections or keys raise ConfigError."""
    return from_dict(ExperimentConfig, read_yaml(path), str(path))


# --------------------------------------------------------------------------- losses


def guided_attention_loss(alignments, input_lengths, output_lengths, sigma=0.2):
    """Attention mass away from the diagonal, per decoder step (0 = perfectly diagonal).

    alignments (B, T_out, T_in); output_lengths counts decoder steps. The penalty of cell (n, t)
    is 1 - exp(-(n/N - t/T)^2 / (2 sigma^2)) (Tachibana et al. 2018): attention that moves
    through the text at an even pace pays almost nothing, attention spread everywhere ~0.5.
    """
    B, T_out, T_in = alignments.shape
    device = alignments.device
    n = torch.arange(T_out, device=device)[None, :, None] / output_lengths[:, None, None]
    t = torch.arange(T_in, device=device)[None, None, :] / input_lengths[:, None, None]
    penalty = 1.0 - torch.exp(-((n - t) ** 2) / (2 * sigma**2))  # (B, T_out, T_in)
    mask = (lengths_to_mask(output_lengths, T_out)[:, :, None]
            & lengths_to_mask(input_lengths, T_in)[:, None, :])  # (B, T_out, T_in)
    return (alignments.float() * penalty * mask).sum() / output_lengths.sum()


def attention_measures(alignments, input_lengths, output_lengths):
    """Focus rate (mean peak weight per step; 1 = sharp) and diagonality (1 - guided loss)."""
    steps = lengths_to_mask(output_lengths, alignments.shape[1])  # (B, T_out)
    focus = (alignments.float().max(-1).values * steps).sum() / steps.sum()
    diagonality = 1.0 - guided_attention_loss(alignments, input_lengths, output_lengths, 0.2)
    return focus.item(), diagonality.item()


def decoder_steps(mel_lengths, r):
    return torch.div(mel_lengths + r - 1, r, rounding_mode="floor")  # ceil(frames / r)


def tacotron2_loss(outputs, target, mel_lengths, input_lengths, r, cfg):
    """Losses of a teacher-forced pass. target: normalised mels (B, n_mels, T).

    L1 on the mel before and after the postnet (sharper than the paper's MSE on log-mels),
    stop-token BCE, guided attention. Returns (total, dict of floats for logging).
    """
    mel_mask = lengths_to_mask(mel_lengths, target.shape[-1]).unsqueeze(1)  # (B, 1, T)
    n_valid = mel_mask.sum() * target.shape[1]
    before = (F.l1_loss(outputs["mel_before"].float(), target, reduction="none") * mel_mask).sum()
    after = (F.l1_loss(outputs["mel_after"].float(), target, reduction="none") * mel_mask).sum()
    steps = decoder_steps(mel_lengths, r)  # (B,)
    stop_logits = outputs["stop_logits"].float()  # (B, T_steps)
    step_index = torch.arange(stop_logits.shape[1], device=stop_logits.device)[None, :]
    stop_target = (step_index >= steps[:, None] - 1).float()  # 1 from the last real step on
    step_mask = step_index < steps[:, None]
    stop = F.binary_cross_entropy_with_logits(
        stop_logits, stop_target, reduction="none",
        pos_weight=torch.tensor(cfg.stop_pos_weight, device=stop_logits.device),
    )
    stop = (stop * step_mask).sum() / step_mask.sum()
    guided = guided_attention_loss(outputs["alignments"], input_lengths, steps,
                                   cfg.guided_attention_sigma)
    mel_before, mel_after = before / n_valid, after / n_valid
    total = mel_before + mel_after + stop + cfg.guided_attention_weight * guided
    parts = {"loss": total.item(), "mel_before": mel_before.item(),
             "mel_after": mel_after.item(), "stop": stop.item(), "guided_attention": guided.item()}
    return total, parts


# --------------------------------------------------------------------------- schedule


def lr_lambda(cfg):
    """Multiplier of the peak LR: linear warm-up, then cosine decay to min_learning_rate."""
    floor = cfg.min_learning_rate / cfg.learning_rate

    def factor(step):
        if step < cfg.warmup_steps:
            return (step + 1) / cfg.warmup_steps
        progress = min(1.0, (step - cfg.warmup_steps) / max(1, cfg.max_steps - cfg.warmup_steps))
        return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))

    return factor


# --------------------------------------------------------------------------- the loop


def _to(batch, device):
    return {k: v.to(device, non_blocking=True) if torch.is_tensor(v) else v
            for k, v in batch.items()}


def _forward(model, batch, feed=None):
    return model(batch["phoneme_ids"], batch["input_lengths"], batch["mels"],
                 batch["mel_lengths"], batch["speaker_ids"], feed)


def _self_feed(model, batch, fraction):
    """The previous frames for a self-fed step: the recording's, with `fraction` of the frames
    (chosen at random) replaced by the model's own teacher-forced predictions. `model` is the
    bare model, not its DistributedDataParallel wrapper: this pass needs no gradient sync."""
    with torch.no_grad():
        predicted = _forward(model, batch)["mel_before"].float()  # (B, n_mels, T) normalised
    target = model.normalize(batch["mels"])
    pick = torch.rand(target.shape[0], 1, target.shape[2], device=target.device) < fraction
    return torch.where(pick, predicted, target)


def train(config_path, dump, exp_dir, resume=False, max_steps=None, show_progress=True,
          init_from=None):
    """Train (or resume) a Tacotron2. Returns [(step, loss)] of the steps this call ran.

    `init_from` starts a new run (step 0, fresh optimiser and schedule) from the weights of
    another Tacotron2 checkpoint or exported voice: fine-tuning, or going on from a shipped model
    whose optimiser state was not kept. Its model config, symbols and mel settings must match.
    """
    cfg = load_experiment_config(config_path)
    dump = check_dump(dump, ("train", "dev"))
    exp_dir = Path(exp_dir)
    checkpoint_dir = exp_dir / "checkpoints"
    latest = common.latest_checkpoint(checkpoint_dir)
    if latest is not None and not resume:
        raise TTSError(f"{exp_dir} already has checkpoints: pass --resume to continue, "
                       "or choose another --exp-dir")
    if resume and init_from is not None:
        raise TTSError("--resume and --init-from exclude each other: a resumed run already has "
                       "its weights")
    if cfg.train.device not in ("auto", "cpu", "cuda"):
        raise ConfigError(f"{config_path}: train.device must be auto, cpu or cuda")
    info = common.setup_distributed(None if cfg.train.device == "auto" else cfg.train.device)
    try:
        return _train(cfg, dump, exp_dir, latest if resume else None, max_steps, info,
                      show_progress, init_from)
    finally:
        common.cleanup_distributed()


def _train(cfg, dump, exp_dir, checkpoint, max_steps, info, show_progress, init_from=None):
    tcfg, dcfg = cfg.train, cfg.data
    device = info.device
    total_steps = tcfg.max_steps if max_steps is None else max_steps
    common.seed_everything(tcfg.seed + info.rank)  # dropout differs between processes

    # ---- data
    mel_mean, mel_std, mel_config = read_stats(dump)
    speakers = read_speakers(dump)
    train_set = PhonemeMelDataset(dump, "train", speakers=speakers, n_mels=mel_config.n_mels)
    keep = [i for i, n in enumerate(train_set.frames) if n <= dcfg.max_frames]
    if not keep:
        raise TTSError(f"no training utterance is at most data.max_frames={dcfg.max_frames} long")
    train_subset = torch.utils.data.Subset(train_set, keep)
    sampler = LengthBucketBatchSampler(
        [train_set.frames[i] for i in keep], dcfg.batch_size, num_replicas=info.world_size,
        rank=info.rank, seed=tcfg.seed, bucket_batches=dcfg.bucket_batches,
    )
    loader = torch.utils.data.DataLoader(
        train_subset, batch_sampler=sampler, collate_fn=collate_phoneme_mel,
        num_workers=dcfg.num_workers, pin_memory=device.type == "cuda",
        # its own generator: creating an iterator must not draw from the global RNG, or a
        # resumed run (which creates one mid-epoch) would see different dropout masks
        generator=torch.Generator().manual_seed(tcfg.seed),
    )
    dev_set = PhonemeMelDataset(dump, "dev", speakers=speakers, n_mels=mel_config.n_mels)
    n_valid = min(dcfg.valid_utterances, len(dev_set))
    valid_batches = [collate_phoneme_mel([dev_set[i] for i in range(s, min(s + dcfg.batch_size,
                                                                           n_valid))])
                     for s in range(0, n_valid, dcfg.batch_size)]

    # ---- model, optimiser, schedule
    model = Tacotron2(cfg.model, speakers=speakers, mel_config=mel_config, mel_mean=mel_mean,
                      mel_std=mel_std).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=tcfg.learning_rate, betas=tcfg.betas,
                                  weight_decay=tcfg.weight_decay)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda(tcfg))
    step = 0
    if init_from is not None:
        _load_initial_weights(model, init_from, cfg)
        if info.is_main:
            print(f"starting from the weights of {init_from}")
    if checkpoint is not None:
        state = common.load_checkpoint(checkpoint)  # on CPU; load_state_dict moves tensors
        if state.get("model_config") != to_dict(cfg.model):
            raise TTSError(f"the model section of the config differs from {checkpoint}'s: "
                           "resume with the config the run started with")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step = int(state["step"])
        rng = state["rng"]
        if len(rng) == info.world_size:
            common.set_rng_state(rng[info.rank])
        else:  # a different number of processes: the run continues, but not bit for bit
            common.seed_everything(tcfg.seed + info.rank + step)
        if info.is_main:
            print(f"resuming from {checkpoint} at step {step}")
    raw_model = model
    if info.distributed:
        model = torch.nn.parallel.DistributedDataParallel(
            model, device_ids=[device.index] if device.type == "cuda" else None
        )
    autocast = (torch.autocast("cuda", dtype=torch.bfloat16)
                if device.type == "cuda" and tcfg.bf16 else contextlib.nullcontext())

    writer = common.tensorboard_writer(exp_dir / "tb", enabled=info.is_main)
    if info.is_main:
        exp_dir.mkdir(parents=True, exist_ok=True)
        import yaml

        (exp_dir / "config.yaml").write_text(yaml.safe_dump(to_dict(cfg), sort_keys=False))

    def save(step):
        rng = common.rng_state()
        if info.distributed:  # every process's RNG, so that each resumes its own stream
            gathered = [None] * info.world_size
            torch.distributed.all_gather_object(gathered, rng)
            rng = gathered
        else:
            rng = [rng]
        if info.is_main:
            state = raw_model.checkpoint_state()
            state.update(optimizer=optimizer.state_dict(), scheduler=scheduler.state_dict(),
                         step=step, rng=rng, train_config=to_dict(cfg),
                         code_version=common.code_version())
            common.save_checkpoint(common.checkpoint_path(exp_dir / "checkpoints", step), state)
            common.prune_checkpoints(exp_dir / "checkpoints", tcfg.keep_last)

    # ---- loop
    r = cfg.model.reduction_factor
    hop_seconds = mel_config.hop_length / mel_config.sample_rate
    history = []
    epoch, skip = divmod(step, len(sampler))
    progress = tqdm(total=total_steps, initial=step, disable=not (info.is_main and show_progress),
                    desc="tacotron2", dynamic_ncols=True)
    tic = start = time.perf_counter()
    audio_seconds = run_audio_seconds = 0.0
    while step < total_steps:
        sampler.set_epoch(epoch, skip=skip)
        for batch in loader:
            model.train()
            batch = _to(batch, device)
            with autocast:
                feed = _self_feed(raw_model, batch, tcfg.self_feed) if tcfg.self_feed else None
                outputs = _forward(model, batch, feed)
            loss, parts = tacotron2_loss(outputs, raw_model.normalize(batch["mels"]),
                                         batch["mel_lengths"], batch["input_lengths"], r, tcfg)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), tcfg.grad_clip)
            optimizer.step()
            scheduler.step()
            step += 1
            history.append((step, parts["loss"]))
            batch_seconds = batch["mel_lengths"].sum().item() * hop_seconds * info.world_size
            audio_seconds += batch_seconds
            run_audio_seconds += batch_seconds
            progress.update(1)
            progress.set_postfix(loss=f"{parts['loss']:.3f}")

            if step % tcfg.log_every == 0 or step == total_steps:
                elapsed = time.perf_counter() - tic
                for name, value in parts.items():
                    writer.add_scalar(f"train/{name}", value, step)
                writer.add_scalar("train/grad_norm", grad_norm.item(), step)
                writer.add_scalar("train/learning_rate", scheduler.get_last_lr()[0], step)
                writer.add_scalar("train/audio_seconds_per_second", audio_seconds / elapsed, step)
                tic, audio_seconds = time.perf_counter(), 0.0
            if step % tcfg.validate_every == 0 or step == total_steps:
                validate(raw_model, valid_batches, device, autocast, r, tcfg, writer, step, info)
            if step % tcfg.checkpoint_every == 0 or step == total_steps:
                save(step)
            if step >= total_steps:
                break
        epoch, skip = epoch + 1, 0
    progress.close()
    writer.close()
    if info.is_main and history:
        elapsed = time.perf_counter() - start  # includes validation and checkpoint writing
        print(f"{len(history)} steps, {run_audio_seconds:.1f} s of audio in {elapsed:.1f} s: "
              f"{run_audio_seconds / elapsed:.2f} s of audio per second")
    return history


def _load_initial_weights(model, path, cfg):
    """Copy the weights (and mel normalisation) of checkpoint PATH into MODEL, after checking that
    it is the same network over the same symbols, speakers and mel features."""
    state = common.load_checkpoint(path)
    source = Tacotron2.from_state(state, str(path))  # refuses other model types, broken files
    if to_dict(source.config) != to_dict(cfg.model):
        raise TTSError(f"the model section of the config differs from {path}'s: --init-from needs "
                       "the same network")
    for what in ("symbols", "speakers", "mel_config"):
        if getattr(source, what) != getattr(model, what):
            raise TTSError(f"{path} was trained with other {what.replace('_', ' ')} than this "
                           "dump's: --init-from needs the same")
    model.load_state_dict(source.state_dict())  # fp16 weights of an exported voice become fp32


def validate(model, batches, device, autocast, r, cfg, writer, step, info):
    """Teacher-forced dev loss and attention measures, plus one free-running synthesis.

    Runs inside a forked RNG, so validating (prenet dropout draws random numbers) does not
    change the training run: a run validated every 10 steps trains exactly like one that is not.
    """
    if not info.is_main:
        return None
    devices = [device.index or 0] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices), torch.no_grad():
        model.eval()
        totals, focus, diagonality, n = {}, 0.0, 0.0, 0
        for batch in batches:
            batch = _to(batch, device)
            with autocast:
                outputs = _forward(model, batch)
            _, parts = tacotron2_loss(outputs, model.normalize(batch["mels"]), batch["mel_lengths"],
                                      batch["input_lengths"], r, cfg)
            f, d = attention_measures(outputs["alignments"], batch["input_lengths"],
                                      decoder_steps(batch["mel_lengths"], r))
            size = len(batch["ids"])
            for name, value in parts.items():
                totals[name] = totals.get(name, 0.0) + value * size
            focus, diagonality, n = focus + f * size, diagonality + d * size, n + size
        for name, value in totals.items():
            writer.add_scalar(f"valid/{name}", value / n, step)
        writer.add_scalar("valid/attention_focus_rate", focus / n, step)
        writer.add_scalar("valid/attention_diagonality", diagonality / n, step)

        first = batches[0]
        length = int(first["input_lengths"][0])
        frames = int(first["mel_lengths"][0])
        steps = math.ceil(frames / r)
        writer.add_figure("valid/alignment_teacher_forced", common.plot_alignment(
            outputs_alignment(model, first, device, autocast)[:steps, :length]), step)
        mel, mel_lengths, alignment, _ = model.inference(
            first["phoneme_ids"][:1, :length], speaker_ids=first["speaker_ids"][:1])
        writer.add_figure("valid/alignment_inference", common.plot_alignment(alignment[0]), step)
        writer.add_figure("valid/mel", common.plot_mels(
            [first["mels"][0, :, :frames], mel[0, :, :int(mel_lengths[0])]],
            ["recorded", "synthesised"]), step)
        model.train()
    return {"focus_rate": focus / n, "diagonality": diagonality / n}


def outputs_alignment(model, batch, device, autocast):
    """Teacher-forced alignment of the first utterance of a batch: (T_steps, T_in)."""
    batch = _to({k: (v[:1] if torch.is_tensor(v) else v) for k, v in batch.items()}, device)
    with autocast:
        outputs = _forward(model, batch)
    return outputs["alignments"][0].float()
