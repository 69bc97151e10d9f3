"""The linear-chain CRF's marginals (`frontend.crf.LinearChainCRF.marginals`) in numpy, so that
the prosody model decodes without torch (see `frontend.numpy_bilstm` for why).

Same parameters, same padding convention (rows right-padded, `lengths` real positions each, at
least one), and the same steps in the same order as the torch code, in float32: forward scores
alpha, backward scores beta (a row's last real position and its padding get `end`),
p(y_t = l) = exp(alpha + beta - log Z). The two agree to float32 rounding (~1e-7), checked in
`tests/frontend/test_crf.py`.
"""

import numpy as np


def logsumexp(x, axis):
    """log(sum(exp(x))) along `axis` as torch computes it: the maximum taken out first (left
    in when it is infinite, so that a row of -inf stays -inf)."""
    top = x.max(axis=axis, keepdims=True)
    top = np.where(np.isinf(top), np.zeros_like(top), top)
    with np.errstate(divide="ignore"):  # log(0) = -inf, as in torch
        return np.log(np.exp(x - top).sum(axis=axis)) + np.squeeze(top, axis)


def marginals(emissions, lengths, start, end, transitions):
    """p(y_t = l | emissions) as (B, T, L), 0 on padding.

    emissions: (B, T, L) float32; lengths: (B,) ints >= 1; start, end: (L,); transitions:
    (L, L) [from, to]."""
    batch, steps, num_labels = emissions.shape
    mask = (np.arange(steps)[None, :] < np.asarray(lengths)[:, None])[:, :, None]  # (B, T, 1)
    alphas = np.empty_like(emissions)  # scores of the prefixes that end in l at t
    alpha = start + emissions[:, 0]  # (B, L)
    alphas[:, 0] = alpha
    for t in range(1, steps):
        # (B, L_from, 1) + (L_from, L_to) -> over L_from -> (B, L_to)
        step = logsumexp(alpha[:, :, None] + transitions, axis=1) + emissions[:, t]
        alpha = np.where(mask[:, t], step, alpha)
        alphas[:, t] = alpha
    log_z = logsumexp(alpha + end, axis=1)  # (B,)
    betas = np.empty_like(emissions)  # scores of the suffixes after t given y_t = l
    ends = np.broadcast_to(end, (batch, num_labels))
    beta = ends
    betas[:, steps - 1] = beta
    for t in range(steps - 1, 0, -1):
        # (B, 1, L_to) + (L_from, L_to) -> over L_to -> (B, L_from)
        step = logsumexp((emissions[:, t] + beta)[:, None, :] + transitions, axis=2)
        beta = np.where(mask[:, t], step, ends)
        betas[:, t - 1] = beta
    log_p = alphas + betas - log_z[:, None, None]  # (B, T, L)
    return np.exp(log_p) * mask
