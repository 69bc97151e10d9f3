"""Rebuild the polyphone data files in `frontend/data/` deterministically (seeded).

    python -m frontend.train_polyphone --data ../shared/data [--epochs 10] [--out frontend/data]

Data: the CPP dev split (`cpp/dev.sent`, `cpp/dev.lb`: one marked character per sentence) and the
9,000 CSMSC sentences (`csmsc/000001-009000.txt`), whose surface pinyin labels every character.
Validation: a fixed 10% of each (seed 0), never trained on; `benchmarks/bench_pinyin.py` uses the
same split.

Steps:
1. `polyphone_candidates.tsv`: the CPP set's polyphonic characters with their readings (the
   standard Mainland readings; the model only ever chooses among these).
2. `csmsc_words.tsv`: for each jieba word of the CSMSC training sentences, its readings as the
   annotators wrote them, with tone sandhi undone (a 2nd tone where the dictionary has a 3rd, and
   一/不, go back to the dictionary), kept where one reading holds at least 60% of at least
   `--min-count` occurrences and differs from what the rules give.
3. `polyphone.pt`: the classifier of `frontend.polyphone`, trained on CPP (train part) and on the
   CSMSC training sentences' polyphonic characters whose label is unambiguous (the surface reading
   is a candidate and cannot be a sandhi form of another candidate). Ten epochs, the weights
   averaged over epochs 3-10 (`--average-from`); both were chosen on 10% of the CPP training part
   held out (seed 1), not on the validation split, whose score is only printed.
   Distilled from an ensemble (`--teachers 3`): three such classifiers (seeds 0, 1, 2) average
   their probabilities; the one that ships (seed 0, same recipe) learns half from the labels,
   half from the ensemble's probabilities (`--alpha`), and from the ensemble alone on the other
   polyphonic characters of the CPP training sentences (~29,000 unlabelled). The ensemble itself
   would cost a third of the pinyin path's speed; the student costs nothing. Chosen on the same
   held-out 10% (BENCHMARKS.md, "Polyphones, issue 4"). About 4x the time of one classifier.
4. `tone.pt`: the tone corrector of `frontend.polyphone`, trained on the CSMSC training sentences:
   the readings after the classifier and the rules go in, the annotators' tones are the target
   (syllables whose letters differ from ours are left out).

Each `.pt` is also exported to an `.npz` of the same name (`frontend.numpy_bilstm`), the copy the
front end runs with numpy at inference; the `.pt` stays the training and reference model.
"""

import argparse
import random
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from frontend import polyphone
from frontend.numpy_bilstm import export_checkpoint
from frontend.pinyin import align_surface, is_erhua, is_han, read_csmsc, word_pinyin
from frontend.sandhi import Word, apply_sandhi
from frontend.segment import segment

SEED = 0
VAL_FRACTION = 0.1


def split_ids(ids, seed=SEED):
    """(train, validation) sets of ids: a fixed 10%, shuffled with `seed`."""
    ids = list(ids)
    random.Random(seed).shuffle(ids)
    n = int(len(ids) * VAL_FRACTION)
    return set(ids[n:]), set(ids[:n])


def load_cpp(data):
    """[(sentence, char position, reading)] from the CPP dev split."""
    sents = (Path(data) / "cpp" / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (Path(data) / "cpp" / "dev.lb").read_text(encoding="utf-8").splitlines()
    out = []
    for sent, lb in zip(sents, labels):
        pos = sent.find("▁")
        text = sent.replace("▁", "")
        out.append((text, pos, lb.strip().replace("u:", "v")))
    return out


def load_candidates(data):
    table = defaultdict(list)
    path = Path(data) / "cpp" / "POLYPHONIC_CHARS.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            ch, r = line.split("\t")
            r = r.strip().replace("u:", "v")
            if r not in table[ch]:
                table[ch].append(r)
    return dict(table)


def load_csmsc(data):
    """[(utt id, plain text, surface reading per character)] of the alignable sentences."""
    out = []
    for utt, labelled, syllables in read_csmsc(Path(data) / "csmsc" / "000001-009000.txt"):
        text = re.sub(r"#[1-4]", "", labelled)
        surface = align_surface(text, syllables)
        if surface is not None:
            out.append((utt, text, surface))
    return out


def dictionary_words(text):
    """sandhi.Word list with pypinyin's readings (the model's input)."""
    return [Word(w, p, list(word_pinyin(w)), None, False) for w, p in segment(text, hmm=False)]


def lexical(surface, dictionary, ch):
    """A surface reading with sandhi undone, as far as that is certain."""
    if surface is None or dictionary is None:
        return surface
    if ch in "一不":
        return dictionary
    if surface[-1] == "2" and dictionary[-1] == "3" and surface[:-1] == dictionary[:-1]:
        return dictionary
    return surface


def build_word_table(sentences, min_count):
    """{word: readings} learnt from CSMSC training sentences (see the module docstring)."""
    seen = defaultdict(Counter)
    for _, text, surface in sentences:
        k = 0
        for w, p in segment(text, hmm=False):
            n = len(w)
            if all(is_han(c) for c in w):
                dic = word_pinyin(w)
                readings = tuple(lexical(surface[k + i], dic[i], w[i]) for i in range(n))
                if all(r is not None or w[i] == "儿" for i, r in enumerate(readings)):
                    seen[w][readings] += 1
            k += n
    table = {}
    for w, counts in seen.items():
        readings, top = counts.most_common(1)[0]
        total = sum(counts.values())
        if top < min_count or top < 0.6 * total:
            continue
        rule = Word(w, "x", list(word_pinyin(w)), None, False)
        apply_sandhi([rule])  # what the rules give for the word alone
        lexical_rule = tuple(lexical(r, d, c) for r, d, c in zip(rule.readings, word_pinyin(w), w))
        if readings != lexical_rule:
            table[w] = readings
    return table


def cpp_examples(items):
    """[(words, [(pos, guess, candidates)], [label])] for CPP sentences."""
    cands = polyphone.candidates()
    out = []
    for text, pos, label in items:
        ch = text[pos]
        if ch not in cands or label not in cands[ch]:
            continue
        words = dictionary_words(text)
        polyphone.apply_word_table(words)
        guess = [r for w in words for r in w.readings][pos]
        out.append((words, [(pos, guess, cands[ch])], [label]))
    return out


def unlabelled_cpp_examples(items):
    """[(words, targets, None)]: the polyphonic characters of CPP sentences other than the marked
    one (several candidates, the dictionary's guess among them), for a teacher to label."""
    cands = polyphone.candidates()
    out = []
    for text, pos, _ in items:
        words = dictionary_words(text)
        polyphone.apply_word_table(words)
        guesses = [r for w in words for r in w.readings]
        targets = [(k, guesses[k], cands[ch]) for k, ch in enumerate(text)
                   if k != pos and len(cands.get(ch, ())) > 1 and guesses[k] in cands[ch]]
        if targets:
            out.append((words, targets, None))
    return out


def csmsc_examples(sentences):
    cands = polyphone.candidates()
    out = []
    for _, text, surface in sentences:
        words = dictionary_words(text)
        polyphone.apply_word_table(words)
        targets, labels = [], []
        for (pos, guess, cs) in polyphone.targets(words):
            s = surface[pos]
            if s is None or text[pos] in "一不":
                continue
            if is_erhua(s):
                s = s[:-2] + s[-1]
            if s not in cs:
                continue
            if s[-1] == "2" and s[:-1] + "3" in cs:
                continue  # could be a 3rd tone changed by sandhi
            targets.append((pos, guess, cs))
            labels.append(s)
        if targets:
            out.append((words, targets, labels))
    return out


def accuracy(clf, examples, use_model=True):
    right = total = 0
    for i in range(0, len(examples), 256):
        chunk = examples[i:i + 256]
        if use_model:
            preds = clf.predict([(w, t) for w, t, _ in chunk])
        else:
            preds = [[g for _, g, _ in t] for _, t, _ in chunk]
        for p, (_, _, labels) in zip(preds, chunk):
            right += sum(a == b for a, b in zip(p, labels))
            total += len(labels)
    return right / max(total, 1), total


def train_members(train_examples, val_examples, vocab, epochs, seed, average_from=0, members=1):
    """`members` classifiers trained alike from seeds seed, seed + 1, ... (`train`), put together
    as one ensemble (`PolyphoneConfig.members`: their probabilities averaged)."""
    import torch

    trained = [train(train_examples, val_examples, vocab, epochs, seed + k, average_from)
               for k in range(members)]
    if members == 1:
        return trained[0]
    cfg = polyphone.PolyphoneConfig(members=members)
    model = polyphone.build_model(cfg, len(vocab["chars"]) + 2, len(vocab["pos"]) + 2,
                                  len(vocab["readings"]))
    for member, clf in zip(model.members, trained):
        member.load_state_dict(clf.model.state_dict())
    model.eval()
    clf = polyphone.PolyphoneClassifier(model, vocab, cfg)
    with torch.inference_mode():
        acc, n = accuracy(clf, val_examples)
    print(f"ensemble of {members}: val acc {acc:.4f} ({n})", flush=True)
    return clf


def teacher_probabilities(clf, examples):
    """The classifier's probabilities over all readings, (targets, R), for each example."""
    import torch

    out = []
    with torch.inference_mode():
        for i in range(0, len(examples), 256):
            chunk = examples[i:i + 256]
            p = clf.model(*polyphone.make_batch([(w, t) for w, t, _ in chunk], clf.vocab))
            p = p.softmax(-1)  # (N, R), 0 off the candidates
            k = 0
            for _, targets, _ in chunk:
                out.append(p[k:k + len(targets)])
                k += len(targets)
    return out


def train(train_examples, val_examples, vocab, epochs, seed, average_from=0, soft=None,
          alpha=0.5):
    """The classifier after `epochs` passes (no choice by validation: its score is printed
    only); with `average_from` k > 0, the mean of its weights after epochs k..epochs.

    soft: a teacher's probabilities for each training example (`teacher_probabilities`): the
    loss is then alpha x cross-entropy with the label + (1 - alpha) x cross-entropy with the
    teacher, or the teacher's part alone for an example whose labels are None."""
    import torch

    print(f"classifier, seed {seed}", flush=True)
    torch.manual_seed(seed)
    cfg = polyphone.PolyphoneConfig()
    model = polyphone.build_model(cfg, len(vocab["chars"]) + 2, len(vocab["pos"]) + 2,
                                  len(vocab["readings"]))
    clf = polyphone.PolyphoneClassifier(model, vocab, cfg)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    rng = random.Random(seed)
    order = list(range(len(train_examples)))
    mean, n_mean = None, 0
    for epoch in range(epochs):
        model.train()
        rng.shuffle(order)
        t0, total_loss = time.time(), 0.0
        for i in range(0, len(order), 64):
            chunk = [train_examples[j] for j in order[i:i + 64]]
            batch = polyphone.make_batch([(w, t) for w, t, _ in chunk], vocab)
            labels = torch.tensor([-1 if ls is None else vocab["readings"][l]
                                   for _, targets, ls in chunk
                                   for l in (ls or [None] * len(targets))])  # (N,)
            logits = model(*batch)  # (N, R)
            if soft is None:
                loss = torch.nn.functional.cross_entropy(logits, labels)
            else:
                q = torch.cat([soft[j] for j in order[i:i + 64]])  # (N, R)
                logp = logits.log_softmax(-1).masked_fill(~batch[7], 0.0)  # q is 0 there
                teacher = -(q * logp).sum(-1)
                gold = torch.nn.functional.cross_entropy(logits, labels.clamp(min=0),
                                                         reduction="none")
                loss = torch.where(labels >= 0, alpha * gold + (1 - alpha) * teacher,
                                   teacher).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(chunk)
        model.eval()
        acc, n = accuracy(clf, val_examples)
        print(f"epoch {epoch + 1}: loss {total_loss / len(order):.4f}  val acc {acc:.4f} "
              f"({n})  {time.time() - t0:.0f} s", flush=True)
        if average_from and epoch + 1 >= average_from:
            n_mean += 1
            state = model.state_dict()
            if mean is None:
                mean = {k: v.clone() for k, v in state.items()}
            else:
                for k in mean:
                    mean[k] += (state[k] - mean[k]) / n_mean
    if mean is not None:
        model.load_state_dict(mean)
        model.eval()
        acc, n = accuracy(clf, val_examples)
        print(f"mean of epochs {average_from}-{epochs}: val acc {acc:.4f} ({n})", flush=True)
    return clf


def tone_examples(sentences, clf):
    """[(words after model + rules, spoken tone per character or -100)] of CSMSC sentences."""
    from frontend.sandhi import apply_sandhi

    polyphone._CLASSIFIER = clf
    out = []
    for _, text, surface in sentences:
        words = dictionary_words(text)
        polyphone.disambiguate(words)
        apply_sandhi(words)
        flat = [r for w in words for r in w.readings]
        labels = []
        for ours, spoken in zip(flat, surface):
            same = ours is not None and spoken is not None and ours[:-1] == spoken[:-1]
            labels.append(int(spoken[-1]) if same else -100)
        out.append((words, labels))
    return out


def tone_error_rate(corrector, examples):
    """Share of labelled syllables whose tone differs (before, after correction)."""
    wrong_rules = wrong_model = total = 0
    for i in range(0, len(examples), 256):
        chunk = examples[i:i + 256]
        preds = corrector.predict([w for w, _ in chunk])
        for p, (words, labels) in zip(preds, chunk):
            flat = [r for w in words for r in w.readings]
            for r, t, label in zip(flat, p, labels):
                if label < 0:
                    continue
                total += 1
                wrong_rules += int(r[-1]) != label
                wrong_model += t != label
    return wrong_rules / max(total, 1), wrong_model / max(total, 1)


def train_tone(train_examples, val_examples, vocab, epochs, seed):
    import torch

    torch.manual_seed(seed)
    cfg = polyphone.PolyphoneConfig()
    model = polyphone.build_tone_model(cfg, len(vocab["chars"]) + 2, len(vocab["pos"]) + 2)
    corrector = polyphone.ToneCorrector(model, vocab, cfg)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    rng = random.Random(seed)
    order = list(range(len(train_examples)))
    best = (2.0, None)
    for epoch in range(epochs):
        model.train()
        rng.shuffle(order)
        t0 = time.time()
        for i in range(0, len(order), 32):
            chunk = [train_examples[j] for j in order[i:i + 32]]
            batch = polyphone.tone_batch([w for w, _ in chunk], vocab)
            T = batch[0].shape[1]
            labels = torch.full((len(chunk), T), -100, dtype=torch.long)
            for b, (_, ls) in enumerate(chunk):
                labels[b, :len(ls)] = torch.tensor(ls)
            logits = model(*batch)  # (B, T, 6)
            logits = logits.masked_fill(torch.isinf(logits), -1e4)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 6), labels.reshape(-1),
                                                     ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        rules, learnt = tone_error_rate(corrector, val_examples)
        print(f"tone epoch {epoch + 1}: val tone errors rules {rules:.4f}, model {learnt:.4f} "
              f"{time.time() - t0:.0f} s", flush=True)
        if learnt < best[0]:
            best = (learnt, {k: v.clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[1])
    model.eval()
    return corrector


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data", help="folder with cpp/ and csmsc/")
    parser.add_argument("--out", default=str(polyphone.DATA_DIR), help="where the files go")
    parser.add_argument("--epochs", type=int, default=10, help="passes over the training data")
    parser.add_argument("--average-from", type=int, default=3,
                        help="classifier: mean of the weights after this epoch..the last (0: last)")
    parser.add_argument("--teachers", type=int, default=3,
                        help="classifier: an ensemble of this many (seeds seed, seed+1, ...) "
                             "labels the training and unlabelled CPP characters for the one "
                             "model that ships (1: no ensemble, no distillation)")
    parser.add_argument("--alpha", type=float, default=0.5,
                        help="distillation: weight of the labels against the teachers'")
    parser.add_argument("--min-count", type=int, default=2, help="word table: least occurrences")
    parser.add_argument("--tone-epochs", type=int, default=10, help="passes for the tone model")
    parser.add_argument("--reuse-polyphone", action="store_true",
                        help="load the classifier from --out instead of training it again (the "
                             "same file, since training is seeded); retrains the tone model only")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    random.seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    cands = load_candidates(args.data)
    (out / polyphone.CANDIDATES.name).write_text(
        "".join(f"{ch}\t{' '.join(rs)}\n" for ch, rs in sorted(cands.items())), encoding="utf-8")
    polyphone.candidates.cache_clear()

    csmsc = load_csmsc(args.data)
    cs_train_ids, cs_val_ids = split_ids([u for u, _, _ in csmsc], args.seed)
    cs_train = [s for s in csmsc if s[0] in cs_train_ids]
    cs_val = [s for s in csmsc if s[0] in cs_val_ids]
    table = build_word_table(cs_train, args.min_count)
    (out / polyphone.WORD_TABLE.name).write_text(
        "".join(f"{w}\t{' '.join(r or '-' for r in rs)}\n" for w, rs in sorted(table.items())),
        encoding="utf-8")
    polyphone.word_table.cache_clear()
    print(f"word table: {len(table)} words", flush=True)

    cpp = load_cpp(args.data)
    cpp_train_ids, cpp_val_ids = split_ids(range(len(cpp)), args.seed)
    tr = cpp_examples([cpp[i] for i in sorted(cpp_train_ids)]) + csmsc_examples(cs_train)
    va_cpp = cpp_examples([cpp[i] for i in sorted(cpp_val_ids)])
    va_cs = csmsc_examples(cs_val)
    print(f"examples: train {sum(len(t) for _, t, _ in tr)}, val CPP {len(va_cpp)}, "
          f"val CSMSC {sum(len(t) for _, t, _ in va_cs)}", flush=True)

    chars = Counter(c for words, _, _ in tr for w in words for c in w.text)
    pos = Counter(w.pos for words, _, _ in tr for w in words)
    readings = sorted({r for rs in cands.values() for r in rs})
    vocab = {
        "chars": {c: i + 2 for i, c in enumerate(sorted(c for c, n in chars.items() if n >= 2))},
        "pos": {p: i + 2 for i, p in enumerate(sorted(pos))},
        "readings": {r: i for i, r in enumerate(readings)},
    }
    if args.reuse_polyphone:
        clf = polyphone.PolyphoneClassifier.load(out / polyphone.WEIGHTS.name)
        vocab = clf.vocab
    else:
        clf = train_members(tr, va_cpp + va_cs, vocab, args.epochs, args.seed, args.average_from,
                            args.teachers)
        if args.teachers > 1:  # the shipped model: one student of the ensemble (speed)
            unlabelled = unlabelled_cpp_examples([cpp[i] for i in sorted(cpp_train_ids)])
            print(f"distilling: {sum(len(t) for _, t, _ in unlabelled)} unlabelled characters",
                  flush=True)
            soft = teacher_probabilities(clf, tr + unlabelled)
            clf = train(tr + unlabelled, va_cpp + va_cs, vocab, args.epochs, args.seed,
                        args.average_from, soft, args.alpha)
    for name, ex in (("CPP val", va_cpp), ("CSMSC val", va_cs)):
        print(f"{name}: model {accuracy(clf, ex)[0]:.4f}, dictionary "
              f"{accuracy(clf, ex, use_model=False)[0]:.4f} ({accuracy(clf, ex)[1]})")
    clf.save(out / polyphone.WEIGHTS.name, {"seed": args.seed})
    print(f"wrote {out / polyphone.WEIGHTS.name}, "
          f"{export_checkpoint(out / polyphone.WEIGHTS.name)}", flush=True)

    tone_train = tone_examples(cs_train, clf)
    tone_val = tone_examples(cs_val, clf)
    corrector = train_tone(tone_train, tone_val, vocab, args.tone_epochs, args.seed)
    corrector.save(out / polyphone.TONE_WEIGHTS.name, {"seed": args.seed})
    print(f"wrote {out / polyphone.TONE_WEIGHTS.name}, "
          f"{export_checkpoint(out / polyphone.TONE_WEIGHTS.name)}")


if __name__ == "__main__":
    main()
