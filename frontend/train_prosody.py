"""Train the prosody tagger of `frontend.prosody` on the CSMSC label file.

Rebuild the shipped weights (`frontend/data/prosody.pt`) with

    OMP_NUM_THREADS=1 tts train-prosody            # --data ../shared/data/csmsc/000001-009000.txt

Steps: read and segment the labelled entries (jieba.posseg's cut with its HMM, ~3 s); hold out
the last `val_fraction` of them in file order for validation; build the vocabularies from the
rest; then for each ensemble member k (seed `seed + k`): train `epochs` epochs of Adam, scoring
the validation split after each, and keep the mean of the weights at the end of epochs
`average_from`..`epochs`; finally score the ensemble and save it in fp16, with its `.npz` copy
beside it (`prosody.npz`: what the front end runs, in numpy; `frontend.numpy_bilstm`). About 10
minutes per member on one thread of the development box (20-25 in all for the default two).

Deterministic: one seed per member drives initialisation, shuffling and dropout, and training
runs on one CPU thread; member k equals the single model of a `--members 1 --seed seed+k` run.
The validation P/R/F1 follow the outside protocol: input is the text with punctuation and
without marks, a boundary is scored after every token except the sentence's last, at level >= 1,
>= 2 and >= 3. The figures of the shipped weights are in BENCHMARKS.md ("Prosody").
"""

import random
from collections import Counter
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from frontend.errors import FrontendError
from frontend.numpy_bilstm import export_checkpoint
from frontend.prosody import (
    DEFAULT_CHECKPOINT,
    NUM_LEVELS,
    ProsodyConfig,
    ProsodyPredictor,
    _build_model,
    is_token,
    pad_batch,
    parse_labelled,
    segment_text,
    sentence_features,
)

THRESHOLDS = (1, 2, 3)


@dataclass
class TrainProsodyConfig:
    epochs: int = 8  # validation F1 stops rising after ~5 epochs; later ones only overfit
    average_from: int = 4  # average the weights at the end of epochs >= this (SWA-like);
    # the #2/#3 decisions swing from epoch to epoch, the average is steadier
    batch_size: int = 32  # about 250 updates per epoch over 8,100 sentences
    lr: float = 2e-3  # Adam; halved for the last quarter of the epochs
    weight_decay: float = 0.0  # dropout already regularises
    grad_clip: float = 5.0  # LSTM + CRF gradients spike early on
    word_min_count: int = 2  # rarer words share <unk>, which they teach through word dropout
    char_unk_prob: float = 0.05  # replace characters by <unk> so unseen ones get a trained vector
    val_fraction: float = 0.1  # last 10 % of the entries, in file order
    seed: int = 0
    members: int = 2  # models trained alike with seeds seed, seed + 1, ..., scores averaged:
    # the #2/#3 choice swings by ~0.01 IPH F1 from seed to seed, two members halve the file's
    # speed (still > 5,000 characters/s) and keep it a few MB


def read_label_file(path):
    """CSMSC `000001-010000.txt` -> list of (utterance id, labelled text); pinyin lines skipped."""
    path = Path(path)
    if not path.is_file():
        raise FrontendError(f"CSMSC label file not found: {path}")
    entries = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.strip() or line[0].isspace():
            continue  # the pinyin line starts with a tab
        utt, _, labelled = line.partition("\t")
        labelled = labelled.strip()
        if utt.strip().isdigit() and labelled:
            entries.append((utt.strip(), labelled))
    if not entries:
        raise FrontendError(f"no labelled entries found in {path}")
    return entries


def prepare(entries):
    """Labelled lines -> list of dicts: text, gold breaks per character, (word, POS) segmentation."""
    items = []
    for utt, labelled in entries:
        text, breaks = parse_labelled(labelled)
        if not any(is_token(ch) for ch in text):
            continue
        items.append({"utt": utt, "text": text, "breaks": breaks, "words": segment_text(text)})
    return items


def split(items, val_fraction):
    n_val = max(1, round(len(items) * val_fraction))
    return items[:-n_val], items[-n_val:]


def scored_positions(text):
    """Token positions whose boundary is scored: every token except the sentence's last."""
    tokens = [i for i, ch in enumerate(text) if is_token(ch)]
    return tokens[:-1]


def prf(pred_breaks, items):
    """P/R/F1 at each threshold, pred_breaks aligned with items' texts."""
    counts = {k: [0, 0, 0] for k in THRESHOLDS}  # tp, fp, fn
    for pred, item in zip(pred_breaks, items):
        for p in scored_positions(item["text"]):
            for k in THRESHOLDS:
                hyp, ref = pred[p] >= k, item["breaks"][p] >= k
                counts[k][0] += hyp and ref
                counts[k][1] += hyp and not ref
                counts[k][2] += ref and not hyp
    scores = {}
    for k, (tp, fp, fn) in counts.items():
        precision = tp / max(tp + fp, 1)
        recall = tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-12)
        scores[k] = (precision, recall, f1)
    return scores


def floor_breaks(item):
    """The baseline: jieba word ends as #1, punctuation after a token as #3."""
    text = item["text"]
    word_end = set()
    offset = 0
    for word, _ in item["words"]:
        inside = [offset + i for i, ch in enumerate(word) if is_token(ch)]
        if inside:
            word_end.add(inside[-1])
        offset += len(word)
    tokens = [i for i, ch in enumerate(text) if is_token(ch)]
    breaks = [0] * len(text)
    for k, p in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else len(text)
        if any(not ch.isspace() for ch in text[p + 1:nxt]):
            breaks[p] = 3
        elif p in word_end:
            breaks[p] = 1
    return breaks


def format_scores(scores):
    names = {1: "PW (>=#1)", 2: "PPH (>=#2)", 3: "IPH (>=#3)"}
    return "  ".join(f"{names[k]} P {p:.3f} R {r:.3f} F1 {f:.3f}" for k, (p, r, f) in scores.items())


def build_vocab(train_items, word_min_count):
    chars = sorted({ch for item in train_items for ch in item["text"] if is_token(ch)})
    pos_tags = sorted({tag for item in train_items for _, tag in item["words"]})
    counts = Counter(w for item in train_items for w, _ in item["words"]
                     if any(is_token(ch) for ch in w))
    words = sorted(w for w, n in counts.items() if n >= word_min_count)
    return chars, pos_tags, words


def train_member(predictor, examples, val_items, cfg, rng, max_steps=None, log=print):
    """Train the one model of `predictor` in place: Adam, weights averaged over the last epochs."""
    import torch

    model = predictor.models[0]
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    step = 0
    averaged, n_averaged = None, 0
    for epoch in range(cfg.epochs):
        if epoch == (3 * cfg.epochs) // 4:
            for group in opt.param_groups:
                group["lr"] = cfg.lr / 2
        model.train()
        order = list(range(len(examples)))
        rng.shuffle(order)
        total, count, t_epoch = 0.0, 0, time.perf_counter()
        for start in range(0, len(order), cfg.batch_size):
            batch = [examples[i] for i in order[start:start + cfg.batch_size]]
            feats, lengths, mask = pad_batch([f for f, _ in batch])
            labels = torch.zeros_like(mask, dtype=torch.long)
            for b, (_, lab) in enumerate(batch):
                labels[b, :len(lab)] = torch.tensor(lab)
            if cfg.char_unk_prob > 0:
                drop = (torch.rand(mask.shape) < cfg.char_unk_prob) & mask
                feats["chars"] = feats["chars"].masked_fill(drop, 1)
                drop = (torch.rand(mask.shape) < cfg.char_unk_prob) & mask
                feats["words"] = feats["words"].masked_fill(drop, 1)
            loss = model.loss(feats, lengths, labels, mask)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            opt.step()
            total += float(loss.detach()) * len(batch)
            count += len(batch)
            step += 1
            if max_steps is not None and step >= max_steps:
                break
        model.eval()
        scores = prf(predictor.predict([it["words"] for it in val_items]), val_items)
        log(f"epoch {epoch + 1}/{cfg.epochs}: loss {total / max(count, 1):.3f} "
            f"({time.perf_counter() - t_epoch:.0f} s)  val {format_scores(scores)}")
        if epoch + 1 >= cfg.average_from:
            n_averaged += 1
            current = {k: v.detach().clone() for k, v in model.state_dict().items()}
            if averaged is None:
                averaged = current
            else:
                for k, v in averaged.items():
                    v += (current[k] - v) / n_averaged  # running mean
        if max_steps is not None and step >= max_steps:
            break

    if n_averaged > 1:
        model.load_state_dict(averaged)
        scores = prf(predictor.predict([it["words"] for it in val_items]), val_items)
        log(f"average of the last {n_averaged} epochs: val {format_scores(scores)}")
    model.eval()


def train(data_path, out_path=DEFAULT_CHECKPOINT, cfg=None, model_cfg=None, max_steps=None,
          log=print):
    """Train, report validation figures, save the checkpoint. Returns the final scores."""
    import torch

    cfg = cfg or TrainProsodyConfig()
    model_cfg = model_cfg or ProsodyConfig()
    torch.set_num_threads(1)

    t0 = time.perf_counter()
    items = prepare(read_label_file(data_path))
    train_items, val_items = split(items, cfg.val_fraction)
    log(f"{len(train_items)} training and {len(val_items)} validation sentences "
        f"(segmented in {time.perf_counter() - t0:.1f} s)")
    log("floor (jieba words as #1, punctuation as #3): "
        + format_scores(prf([floor_breaks(it) for it in val_items], val_items)))

    chars, pos_tags, words = build_vocab(train_items, cfg.word_min_count)
    models = []
    for member in range(cfg.members):
        seed = cfg.seed + member
        # Seeded here, so member k is the model a one-member run with --seed seed + k gives.
        torch.manual_seed(seed)
        model = _build_model(model_cfg, len(chars) + 2, len(pos_tags) + 2, len(words) + 2)
        predictor = ProsodyPredictor(model, chars, pos_tags, model_cfg, words)
        if member == 0:
            examples = []
            for item in train_items:
                positions, feats = sentence_features(item["words"], predictor.char_index,
                                                     predictor.pos_index, predictor.word_index)
                labels = [min(item["breaks"][p], NUM_LEVELS - 1) for p in positions]
                examples.append((feats, labels))
            n_params = sum(p.numel() for p in model.parameters())
            log(f"model: {n_params / 1e6:.2f} M parameters per member, {len(chars)} characters, "
                f"{len(pos_tags)} POS tags, {len(words)} words")
        if cfg.members > 1:
            log(f"member {member + 1}/{cfg.members} (seed {seed})")
        train_member(predictor, examples, val_items, cfg, random.Random(seed), max_steps, log)
        models.append(model)

    predictor = ProsodyPredictor(models, chars, pos_tags, model_cfg, words)
    scores = prf(predictor.predict([it["words"] for it in val_items]), val_items)
    if cfg.members > 1:
        log(f"ensemble of {cfg.members} members: val {format_scores(scores)}")
    predictor.save(out_path, extra={
        "train_config": asdict(cfg),
        "val_scores": {str(k): list(v) for k, v in scores.items()},
    })
    log(f"saved {out_path} ({Path(out_path).stat().st_size / 1e6:.2f} MB)")
    # the copy the front end runs (numpy, no torch at inference)
    log(f"saved {export_checkpoint(out_path, state_key='state_dict')}")
    return scores
