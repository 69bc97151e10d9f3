"""The classifier's training steps on a few made-up sentences: an ensemble of teachers, its
probabilities, and a student distilled from them (labelled and unlabelled characters)."""

import pytest

torch = pytest.importorskip("torch")

from frontend import polyphone, train_polyphone  # noqa: E402
from frontend.sandhi import Word  # noqa: E402

HANG = ["hang2", "xing2"]
ZHANG = ["chang2", "zhang3"]


def _examples():
    labelled = [
        ([Word("银行", "n", ["yin2", "hang2"])], [(1, "hang2", HANG)], ["hang2"]),
        ([Word("行", "v", ["xing2"]), Word("走", "v", ["zou3"])], [(0, "xing2", HANG)], ["xing2"]),
        ([Word("长大", "v", ["zhang3", "da4"])], [(0, "zhang3", ZHANG)], ["zhang3"]),
        ([Word("很", "d", ["hen3"]), Word("长", "a", ["chang2"])], [(1, "chang2", ZHANG)],
         ["chang2"]),
    ]
    unlabelled = [([Word("行长", "n", ["hang2", "zhang3"])],
                   [(0, "hang2", HANG), (1, "zhang3", ZHANG)], None)]
    return labelled, unlabelled


def _vocab(examples):
    chars = sorted({c for words, _, _ in examples for w in words for c in w.text})
    pos = sorted({w.pos for words, _, _ in examples for w in words})
    readings = sorted(set(HANG + ZHANG))
    return {"chars": {c: i + 2 for i, c in enumerate(chars)},
            "pos": {p: i + 2 for i, p in enumerate(pos)},
            "readings": {r: i for i, r in enumerate(readings)}}


def test_ensemble_teacher_and_distilled_student():
    labelled, unlabelled = _examples()
    vocab = _vocab(labelled + unlabelled)
    teacher = train_polyphone.train_members(labelled, labelled, vocab, epochs=1, seed=0,
                                            members=2)
    assert teacher.cfg.members == 2 and len(teacher.model.members) == 2

    soft = train_polyphone.teacher_probabilities(teacher, labelled + unlabelled)
    assert [len(p) for p in soft] == [1, 1, 1, 1, 2]
    for p, (_, targets, _) in zip(soft, labelled + unlabelled):
        torch.testing.assert_close(p.sum(-1), torch.ones(len(targets)))
        for row, (_, _, cands) in zip(p, targets):  # nothing off the candidates
            off = [i for r, i in vocab["readings"].items() if r not in cands]
            assert float(row[off].sum()) == 0.0

    # the ensemble's probability is the mean of its members'
    batch = polyphone.make_batch([(w, t) for w, t, _ in labelled], vocab)
    with torch.inference_mode():
        mean = torch.stack([m(*batch).softmax(-1) for m in teacher.model.members]).mean(0)
        torch.testing.assert_close(teacher.model(*batch).exp(), mean)

    student = train_polyphone.train(labelled + unlabelled, labelled, vocab, epochs=2, seed=0,
                                    soft=soft, alpha=0.5)
    assert student.cfg.members == 1
    chosen = student.predict([(w, t) for w, t, _ in labelled + unlabelled])
    for picks, (_, targets, _) in zip(chosen, labelled + unlabelled):
        assert all(p in cands for p, (_, _, cands) in zip(picks, targets))
