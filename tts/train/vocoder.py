"""GAN training of a vocoder (HiFi-GAN or the iSTFT vocoder) on a feature DUMP.

One step, as in HiFi-GAN:
  1. G turns random mel segments into audio segments;
  2. the discriminators (MPD + MSD) learn to tell real segments from generated ones (LSGAN);
  3. G learns to fool them (LSGAN) while matching their feature maps on the real audio (x2)
     and the log-mel of the real audio (L1, x45: this term dominates and sets the timbre).
Both optimisers are AdamW (betas 0.8/0.99) with an exponential learning-rate decay.

Data: random windows of `segment_frames` mel frames and the matching `segment_frames * hop`
samples from DUMP/<split>.jsonl (frames == samples // hop). With `gta_mels` set, the input mels
come from that folder instead (`<id>.npy`, ground-truth-aligned mels of a teacher-forced
acoustic model), while the targets stay the real audio: the vocoder learns to undo the acoustic
model's smoothing, which removes the metallic sound of a vocoder trained on real mels only.

Runs alone or under torchrun (DDP); bf16 autocast on CUDA only; atomic checkpoints in
EXP/checkpoints (keep last K) with optimiser, scheduler and RNG states for an exact `--resume`;
TensorBoard in EXP/tb (losses, learning rate, dev mel L1, audio samples).
"""

import math
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
import torch

from tts.audio import load_audio
from tts.config import ConfigError, from_dict, read_yaml, to_dict
from tts.errors import TTSError
from tts.train import common
from tts.train.dataset import check_dump, load_mel, read_manifest, read_stats
from tts.train.discriminators import DiscriminatorConfig, Discriminators
from tts.train.gan_losses import (discriminator_loss, feature_matching_loss,
                                  generator_adversarial_loss, mel_l1_loss)
from tts.vocoders.loading import GENERATORS, build_generator, export_generator


@dataclass
class VocoderTrainConfig:
    batch_size: int = 16  # segments per step and process (the paper's)
    segment_frames: int = 32  # 32 frames = 8,192 samples (0.37 s), the paper's segment size
    learning_rate: float = 2e-4  # both optimisers (paper)
    adam_betas: tuple = (0.8, 0.99)  # paper; a low beta1 follows the fast-moving GAN game
    weight_decay: float = 0.01  # AdamW's default, as in the paper's code
    lr_decay: float = 0.999  # multiply both learning rates by this ...
    lr_decay_every: int = 800  # ... every this many steps (~one LJSpeech epoch at batch 16)
    mel_loss_weight: float = 45.0  # paper: lambda_mel
    feature_loss_weight: float = 2.0  # paper: lambda_fm
    discriminator_start_step: int = 0  # G trains on mel L1 alone before this step (a warm-up as
    # in ParallelWaveGAN; much cheaper per step); 0 = adversarial from the start (HiFi-GAN)
    max_steps: int = 500_000  # total generator steps (the paper trains V1 for 2.5 M)
    checkpoint_every: int = 5000  # steps between checkpoints
    keep_last: int = 5  # checkpoints kept in EXP/checkpoints (0 keeps all)
    log_every: int = 100  # steps between TensorBoard scalars
    eval_every: int = 5000  # steps between dev evaluations (mel L1, audio samples)
    eval_utterances: int = 4  # dev utterances vocoded at each evaluation
    num_workers: int = 2  # DataLoader processes reading wavs
    seed: int = 1234  # seeds data order, segments and initial weights
    amp: bool = True  # bf16 autocast on CUDA (ignored on CPU)
    device: Optional[str] = None  # 'cpu', 'cuda' or null (CUDA when available)
    gta_mels: Optional[str] = None  # folder of ground-truth-aligned mels <id>.npy (fine-tuning)
    init_from: Optional[str] = None  # checkpoint to start G and D from (fine-tuning), not resume


@dataclass
class VocoderExperiment:
    model: str  # 'hifigan' or 'istft'
    generator: object  # HiFiGANConfig or ISTFTConfig
    discriminator: DiscriminatorConfig
    train: VocoderTrainConfig


def load_experiment(path):
    """Read a vocoder YAML: `model`, `generator`, `discriminator`, `train` sections."""
    data = read_yaml(path)
    known = {"model", "generator", "discriminator", "train"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown section {unknown[0]!r} "
                          f"(known: {', '.join(sorted(known))})")
    model = data.get("model")
    if model not in GENERATORS:
        raise ConfigError(f"{path}: 'model' must be one of {', '.join(GENERATORS)}, got {model!r}")
    return VocoderExperiment(
        model=model,
        generator=from_dict(GENERATORS[model][0], data.get("generator"), f"{path} [generator]"),
        discriminator=from_dict(DiscriminatorConfig, data.get("discriminator"),
                                f"{path} [discriminator]"),
        train=from_dict(VocoderTrainConfig, data.get("train"), f"{path} [train]"),
    )


# --------------------------------------------------------------------------- data


class AudioMelSegments(torch.utils.data.Dataset):
    """Random (mel (n_mels, S), audio (S * hop,)) windows of the utterances of one split."""

    def __init__(self, dump, items, mel_config, segment_frames, gta_dir=None):
        self.dump = Path(dump)
        self.items = items
        self.mel_config = mel_config
        self.segment_frames = segment_frames
        self.gta_dir = Path(gta_dir) if gta_dir else None
        if self.gta_dir is not None:
            missing = [it["id"] for it in items if not (self.gta_dir / f"{it['id']}.npy").is_file()]
            if missing:
                raise TTSError(f"GTA mel folder {self.gta_dir} lacks {len(missing)} utterance(s), "
                               f"e.g. {missing[0]}.npy")

    def __len__(self):
        return len(self.items)

    def utterance(self, index):
        """Whole (mel (n_mels, T), audio (T * hop,)) of one utterance, trimmed to agree."""
        item = self.items[index]
        hop = self.mel_config.hop_length
        audio, sr = load_audio(self.dump / item["audio"])
        if sr != self.mel_config.sample_rate:
            raise TTSError(f"{item['audio']}: {sr} Hz, the dump's mels are at "
                           f"{self.mel_config.sample_rate} Hz")
        if self.gta_dir is not None:
            path = self.gta_dir / f"{item['id']}.npy"
            try:
                mel = torch.from_numpy(np.ascontiguousarray(np.load(path), dtype=np.float32))
            except (OSError, ValueError) as err:
                raise TTSError(f"cannot read GTA mel {path}: {err}") from None
            if mel.ndim != 2 or mel.shape[0] != self.mel_config.n_mels:
                raise TTSError(f"{path}: expected ({self.mel_config.n_mels}, frames), got "
                               f"{tuple(mel.shape)}")
        else:
            mel = load_mel(self.dump, item, self.mel_config.n_mels)  # (n_mels, T)
        frames = len(audio) // hop
        # an acoustic model with a reduction factor may round its length up by a few frames
        if abs(mel.shape[-1] - frames) > 4:
            raise TTSError(f"utterance {item['id']}: {mel.shape[-1]} mel frames but "
                           f"{len(audio)} samples ({frames} frames)")
        frames = min(frames, mel.shape[-1])
        return mel[:, :frames], torch.from_numpy(audio[:frames * hop])

    def __getitem__(self, index):
        mel, audio = self.utterance(index)
        hop, size = self.mel_config.hop_length, self.segment_frames
        frames = mel.shape[-1]
        if frames >= size:
            start = random.randint(0, frames - size)  # python RNG: torch seeds it per worker
            return mel[:, start:start + size], audio[start * hop:(start + size) * hop]
        # short utterance: pad with silence (log floor / zeros)
        mel = torch.nn.functional.pad(mel, (0, size - frames), value=self.mel_config.log_min)
        audio = torch.nn.functional.pad(audio, (0, (size - frames) * hop))
        return mel, audio


def epoch_batches(num_items, batch_size, info, seed, epoch):
    """Index batches of one epoch for this process; every process gets the same count."""
    g = torch.Generator().manual_seed(seed * 100_003 + epoch)
    order = torch.randperm(num_items, generator=g).tolist()
    per_rank = math.ceil(num_items / info.world_size)
    order = (order * math.ceil(per_rank * info.world_size / num_items))[:per_rank * info.world_size]
    mine = order[info.rank::info.world_size]
    return [mine[i:i + batch_size] for i in range(0, len(mine), batch_size)]


# --------------------------------------------------------------------------- training


def gan_step(generator, discriminators, optim_g, optim_d, mel, audio, mel_config,
             mel_loss_weight=45.0, feature_loss_weight=2.0, use_amp=False, adversarial=True):
    """One discriminator update and one generator update; returns the losses as floats.

    mel (B, n_mels, S), audio (B, S * hop) on the models' device. The discriminators see real
    and generated segments in one forward (one batch, one DDP reduction per backward).
    adversarial=False: the warm-up step, G on the mel loss alone and D untouched.
    """
    device_type = audio.device.type
    batch = audio.shape[0]
    if not adversarial:
        with torch.autocast(device_type, dtype=torch.bfloat16, enabled=use_amp):
            fake = generator(mel)  # (B, S * hop)
        loss_mel = mel_l1_loss(fake, audio, mel_config)
        optim_g.zero_grad(set_to_none=True)
        (mel_loss_weight * loss_mel).backward()
        optim_g.step()
        mel_l1 = loss_mel.item()
        return {"loss_d": 0.0, "loss_g": mel_loss_weight * mel_l1, "loss_adv": 0.0,
                "loss_fm": 0.0, "mel_l1": mel_l1}
    with torch.autocast(device_type, dtype=torch.bfloat16, enabled=use_amp):
        fake = generator(mel)  # (B, S * hop)
        scores, _ = discriminators(torch.cat([audio, fake.detach().to(audio.dtype)]))
    loss_d = discriminator_loss([s[:batch] for s in scores], [s[batch:] for s in scores])
    optim_d.zero_grad(set_to_none=True)
    loss_d.backward()
    optim_d.step()

    with torch.autocast(device_type, dtype=torch.bfloat16, enabled=use_amp):
        scores, features = discriminators(torch.cat([audio, fake.to(audio.dtype)]))
    loss_adv = generator_adversarial_loss([s[batch:] for s in scores])
    loss_fm = feature_matching_loss([[f[:batch] for f in fs] for fs in features],
                                    [[f[batch:] for f in fs] for fs in features])
    loss_mel = mel_l1_loss(fake, audio, mel_config)
    loss_g = loss_adv + feature_loss_weight * loss_fm + mel_loss_weight * loss_mel
    # D's parameters also receive gradients here; optim_d.zero_grad() clears them next step
    optim_g.zero_grad(set_to_none=True)
    loss_g.backward()
    optim_g.step()
    return {"loss_d": loss_d.item(), "loss_g": loss_g.item(), "loss_adv": loss_adv.item(),
            "loss_fm": loss_fm.item(), "mel_l1": loss_mel.item()}


def _eval_dev(generator, dataset, count, device, writer, step):
    """Vocode the first `count` dev utterances whole: mean mel L1 (and audio to TensorBoard)."""
    generator.eval()
    losses = []
    with torch.no_grad():
        for i in range(min(count, len(dataset))):
            mel, audio = dataset.utterance(i)
            fake = generator(mel.unsqueeze(0).to(device)).float()  # (1, T * hop)
            losses.append(mel_l1_loss(fake, audio.unsqueeze(0).to(device),
                                      dataset.mel_config).item())
            sr = dataset.mel_config.sample_rate
            writer.add_audio(f"dev/generated_{i}", fake[0].clamp(-1, 1).cpu(), step, sr)
            writer.add_audio(f"dev/real_{i}", audio.cpu(), step, sr)
    generator.train()
    return sum(losses) / max(len(losses), 1)


def train_vocoder(config_path, data, exp_dir, resume=False, max_steps=None, quiet=False):
    """Train (or resume) a vocoder; returns a dict of the last step's losses and the step."""
    from tqdm import tqdm

    exp = load_experiment(config_path)
    tc = exp.train
    if max_steps is not None:
        tc.max_steps = max_steps
    if tc.max_steps < 1 or tc.batch_size < 1 or tc.segment_frames < 1:
        raise TTSError("max_steps, batch_size and segment_frames must be at least 1")
    dump = check_dump(data, splits=("train", "dev"))
    _, _, mel_config = read_stats(dump)
    exp_dir = Path(exp_dir)
    ckpt_dir = exp_dir / "checkpoints"
    latest = common.latest_checkpoint(ckpt_dir)
    if latest is not None and not resume:
        raise TTSError(f"{ckpt_dir} already holds checkpoints: pass --resume to continue, or "
                       "choose another --exp-dir")
    if resume and latest is None:
        raise TTSError(f"--resume: no checkpoint in {ckpt_dir}")

    info = common.setup_distributed(tc.device)
    device = info.device
    common.seed_everything(tc.seed + info.rank)
    generator = build_generator(exp.model, exp.generator, mel_config).to(device)
    discriminators = Discriminators(exp.discriminator).to(device)
    optim_g = torch.optim.AdamW(generator.parameters(), tc.learning_rate, betas=tc.adam_betas,
                                weight_decay=tc.weight_decay)
    optim_d = torch.optim.AdamW(discriminators.parameters(), tc.learning_rate,
                                betas=tc.adam_betas, weight_decay=tc.weight_decay)
    sched_g = torch.optim.lr_scheduler.ExponentialLR(optim_g, tc.lr_decay)
    sched_d = torch.optim.lr_scheduler.ExponentialLR(optim_d, tc.lr_decay)
    step, epoch, batch_in_epoch = 0, 0, 0
    if resume:
        state = common.load_checkpoint(latest, map_location=device)
        if state.get("kind") != exp.model:
            raise TTSError(f"{latest} holds a {state.get('kind')!r} vocoder, the config a "
                           f"{exp.model!r} one")
        generator.load_state_dict(state["generator"])
        discriminators.load_state_dict(state["discriminator"])
        optim_g.load_state_dict(state["optim_g"])
        optim_d.load_state_dict(state["optim_d"])
        sched_g.load_state_dict(state["sched_g"])
        sched_d.load_state_dict(state["sched_d"])
        step, epoch, batch_in_epoch = state["step"], state["epoch"], state["batch_in_epoch"]
        common.set_rng_state(state["rng"][0])
        if info.rank > 0:  # only rank 0's generators are saved; the others start afresh
            common.seed_everything(tc.seed + info.rank + 7919 * step)
    elif tc.init_from:
        state = common.load_checkpoint(tc.init_from, map_location=device)
        if state.get("kind") != exp.model or "generator" not in state:
            raise TTSError(f"init_from {tc.init_from}: not a {exp.model!r} vocoder checkpoint")
        generator.load_state_dict(state["generator"])
        if "discriminator" in state:
            discriminators.load_state_dict(state["discriminator"])

    train_set = AudioMelSegments(dump, read_manifest(dump, "train"), mel_config,
                                 tc.segment_frames, tc.gta_mels)
    dev_set = AudioMelSegments(dump, read_manifest(dump, "dev"), mel_config,
                               tc.segment_frames, tc.gta_mels)
    g_model, d_model = generator, discriminators
    if info.distributed:
        ids = [device.index] if device.type == "cuda" else None
        g_model = torch.nn.parallel.DistributedDataParallel(generator, device_ids=ids)
        d_model = torch.nn.parallel.DistributedDataParallel(discriminators, device_ids=ids)
    use_amp = tc.amp and device.type == "cuda"
    writer = common.tensorboard_writer(exp_dir / "tb", enabled=info.is_main)
    if info.is_main:
        exp_dir.mkdir(parents=True, exist_ok=True)
        import yaml

        (exp_dir / "config.yaml").write_text(yaml.safe_dump(
            {"model": exp.model, "generator": to_dict(exp.generator),
             "discriminator": to_dict(exp.discriminator), "train": to_dict(tc)},
            sort_keys=False), encoding="utf-8")

    def save(final=False):
        if not info.is_main:
            return
        state = export_generator(generator, exp.model, common.code_version())
        state.update({
            "discriminator_config": to_dict(exp.discriminator),
            "train_config": to_dict(tc),
            "discriminator": discriminators.state_dict(),
            "optim_g": optim_g.state_dict(), "optim_d": optim_d.state_dict(),
            "sched_g": sched_g.state_dict(), "sched_d": sched_d.state_dict(),
            "step": step, "epoch": epoch, "batch_in_epoch": batch_in_epoch,
            "rng": [common.rng_state()],
        })
        common.save_checkpoint(common.checkpoint_path(ckpt_dir, step), state)
        common.prune_checkpoints(ckpt_dir, tc.keep_last)
        if final:  # what users load: the generator alone, a fraction of the size
            common.save_checkpoint(exp_dir / "generator.pt",
                                   export_generator(generator, exp.model, common.code_version()))

    generator.train()
    discriminators.train()
    last = {}
    bar = tqdm(total=tc.max_steps, initial=step, disable=quiet or not info.is_main,
               desc=f"train-vocoder {exp.model}", dynamic_ncols=True)
    started, first_step = time.perf_counter(), step
    while step < tc.max_steps:
        batches = epoch_batches(len(train_set), tc.batch_size, info, tc.seed, epoch)
        loader = torch.utils.data.DataLoader(
            train_set, batch_sampler=batches[batch_in_epoch:], num_workers=tc.num_workers,
            pin_memory=device.type == "cuda", persistent_workers=False)
        for mel, audio in loader:
            mel = mel.to(device, non_blocking=True)  # (B, n_mels, S)
            audio = audio.to(device, non_blocking=True)  # (B, S * hop)
            losses = gan_step(g_model, d_model, optim_g, optim_d, mel, audio, mel_config,
                              tc.mel_loss_weight, tc.feature_loss_weight, use_amp,
                              adversarial=step >= tc.discriminator_start_step)
            step += 1
            batch_in_epoch += 1
            if step % tc.lr_decay_every == 0:
                sched_g.step()
                sched_d.step()
            last = {"step": step, **losses}
            if not math.isfinite(last["loss_g"]) or not math.isfinite(last["loss_d"]):
                raise TTSError(f"step {step}: loss is not finite ({last}); lower the learning "
                               "rate or check the data")
            bar.update(1)
            if step % tc.log_every == 0 or step == tc.max_steps:
                for key in ("loss_d", "loss_g", "loss_adv", "loss_fm", "mel_l1"):
                    writer.add_scalar(f"train/{key}", common.all_reduce_mean(last[key], info),
                                      step)
                writer.add_scalar("train/lr", optim_g.param_groups[0]["lr"], step)
                writer.add_scalar("train/steps_per_s",
                                  (step - first_step) / (time.perf_counter() - started), step)
                bar.set_postfix(mel=f"{last['mel_l1']:.3f}", d=f"{last['loss_d']:.2f}")
            if info.is_main and (step % tc.eval_every == 0 or step == tc.max_steps):
                last["dev_mel_l1"] = _eval_dev(generator, dev_set, tc.eval_utterances, device,
                                               writer, step)
                writer.add_scalar("dev/mel_l1", last["dev_mel_l1"], step)
                writer.flush()
            if step % tc.checkpoint_every == 0 or step == tc.max_steps:
                save(final=step == tc.max_steps)
            if step >= tc.max_steps:
                break
        else:
            epoch += 1
            batch_in_epoch = 0
    bar.close()
    writer.close()
    common.cleanup_distributed()
    return last
