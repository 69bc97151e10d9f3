import itertools

import pytest
import torch

from frontend.crf import LinearChainCRF


def random_crf(num_labels, seed):
    gen = torch.Generator().manual_seed(seed)
    crf = LinearChainCRF(num_labels)
    with torch.no_grad():
        crf.start.copy_(torch.randn(num_labels, generator=gen))
        crf.end.copy_(torch.randn(num_labels, generator=gen))
        crf.transitions.copy_(torch.randn(num_labels, num_labels, generator=gen))
    return crf, gen


def brute_force_score(crf, emissions, labels):
    """s(y) for one unpadded row, written out term by term."""
    score = crf.start[labels[0]] + crf.end[labels[-1]]
    for t, y in enumerate(labels):
        score = score + emissions[t, y]
        if t > 0:
            score = score + crf.transitions[labels[t - 1], y]
    return score


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_partition_and_viterbi_match_enumeration(seed):
    num_labels, lengths = 3, [4, 1, 3, 2]
    crf, gen = random_crf(num_labels, seed)
    steps = max(lengths)
    emissions = torch.randn(len(lengths), steps, num_labels, generator=gen)  # (B, T, L)
    mask = torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]  # (B, T)
    log_z = crf.log_partition(emissions, mask)
    decoded = crf.decode(emissions, mask)
    for b, n in enumerate(lengths):
        seqs = list(itertools.product(range(num_labels), repeat=n))
        scores = torch.stack([brute_force_score(crf, emissions[b, :n], s) for s in seqs])
        assert torch.allclose(log_z[b], torch.logsumexp(scores, 0), atol=1e-5)
        best = seqs[int(scores.argmax())]
        assert decoded[b, :n].tolist() == list(best)
        assert decoded[b, n:].tolist() == [0] * (steps - n)


@pytest.mark.parametrize("seed", [0, 1])
def test_marginals_match_enumeration(seed):
    num_labels, lengths = 3, [4, 1, 3]
    crf, gen = random_crf(num_labels, seed)
    steps = max(lengths)
    emissions = torch.randn(len(lengths), steps, num_labels, generator=gen)  # (B, T, L)
    mask = torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]  # (B, T)
    marginals = crf.marginals(emissions, mask)
    for b, n in enumerate(lengths):
        seqs = list(itertools.product(range(num_labels), repeat=n))
        probs = torch.softmax(torch.stack([brute_force_score(crf, emissions[b, :n], s)
                                           for s in seqs]), 0)
        expected = torch.zeros(n, num_labels)
        for seq, p in zip(seqs, probs):
            for t, y in enumerate(seq):
                expected[t, y] += p
        assert torch.allclose(marginals[b, :n], expected, atol=1e-5)
        assert marginals[b, n:].abs().sum() == 0


def test_log_likelihood_sums_to_one_over_all_sequences():
    crf, gen = random_crf(2, 5)
    emissions = torch.randn(1, 3, 2, generator=gen)
    mask = torch.ones(1, 3, dtype=torch.bool)
    total = 0.0
    for seq in itertools.product(range(2), repeat=3):
        labels = torch.tensor([seq])
        total += float(crf.log_likelihood(emissions, labels, mask).detach().exp())
    assert total == pytest.approx(1.0, abs=1e-5)


def test_sequence_score_ignores_padding_labels():
    crf, gen = random_crf(3, 7)
    emissions = torch.randn(1, 4, 3, generator=gen)
    mask = torch.tensor([[True, True, False, False]])
    a = crf.sequence_score(emissions, torch.tensor([[1, 2, 0, 0]]), mask)
    b = crf.sequence_score(emissions, torch.tensor([[1, 2, 2, 1]]), mask)
    assert torch.allclose(a, b)
    assert torch.allclose(a[0], brute_force_score(crf, emissions[0, :2], (1, 2)))


def test_gradients_reach_all_parameters():
    crf, gen = random_crf(3, 9)
    emissions = torch.randn(2, 3, 3, generator=gen, requires_grad=True)
    mask = torch.tensor([[True, True, True], [True, True, False]])
    labels = torch.tensor([[0, 1, 2], [2, 2, 0]])
    (-crf.log_likelihood(emissions, labels, mask).mean()).backward()
    for p in [emissions, crf.start, crf.end, crf.transitions]:
        assert p.grad is not None and p.grad.abs().sum() > 0


@pytest.mark.parametrize("lengths", [[1], [6], [5, 1, 3, 2]])
def test_numpy_marginals_match_torch(lengths):
    """`frontend.numpy_crf` (the prosody model's decoding without torch) against the torch CRF,
    with large negative emissions as the prosody decoder writes them (forced levels)."""
    from frontend.numpy_crf import marginals

    num_labels = 5
    crf, gen = random_crf(num_labels, len(lengths))
    steps = max(lengths)
    emissions = 3 * torch.randn(len(lengths), steps, num_labels, generator=gen)  # (B, T, L)
    emissions[0, 0, 1:] -= 1e4
    mask = torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]  # (B, T)
    expected = crf.marginals(emissions, mask).numpy()
    got = marginals(emissions.numpy(), lengths, crf.start.detach().numpy(),
                    crf.end.detach().numpy(), crf.transitions.detach().numpy())
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert abs(got - expected).max() < 1e-6
    for b, n in enumerate(lengths):
        assert (got[b, n:] == 0).all()
