"""A small linear-chain conditional random field in torch.

Scores a label sequence y_1..y_n given per-position emissions e_t(y) as
    s(y) = start[y_1] + sum_t e_t(y_t) + sum_{t>1} trans[y_{t-1}, y_t] + end[y_n]
and normalises over all label sequences of the same length with the forward algorithm.
Batches are padded on the right: `mask` (B, T) is True on the first `length` positions of each
row, and every row has at least one real position.
"""

import torch
from torch import nn


class LinearChainCRF(nn.Module):
    def __init__(self, num_labels):
        super().__init__()
        self.num_labels = num_labels
        # Zero init: the model starts as independent per-position softmaxes over the emissions.
        self.start = nn.Parameter(torch.zeros(num_labels))
        self.end = nn.Parameter(torch.zeros(num_labels))
        self.transitions = nn.Parameter(torch.zeros(num_labels, num_labels))  # [from, to]

    def sequence_score(self, emissions, labels, mask):
        """Unnormalised score s(y) of `labels` (B, T); emissions (B, T, L); returns (B,)."""
        maskf = mask.to(emissions.dtype)
        emit = emissions.gather(2, labels.unsqueeze(2)).squeeze(2)  # (B, T)
        score = self.start[labels[:, 0]] + (emit * maskf).sum(1)
        trans = self.transitions[labels[:, :-1], labels[:, 1:]]  # (B, T - 1)
        score = score + (trans * maskf[:, 1:]).sum(1)
        last = mask.long().sum(1) - 1  # (B,)
        last_labels = labels.gather(1, last.unsqueeze(1)).squeeze(1)
        return score + self.end[last_labels]

    def log_partition(self, emissions, mask):
        """log sum_y exp s(y) over all label sequences of each row's length; returns (B,)."""
        alpha = self.start + emissions[:, 0]  # (B, L)
        for t in range(1, emissions.size(1)):
            # (B, L_from, 1) + (L_from, L_to) -> logsumexp over L_from -> (B, L_to)
            step = torch.logsumexp(alpha.unsqueeze(2) + self.transitions, dim=1) + emissions[:, t]
            alpha = torch.where(mask[:, t].unsqueeze(1), step, alpha)
        return torch.logsumexp(alpha + self.end, dim=1)

    def log_likelihood(self, emissions, labels, mask):
        """log p(labels | emissions) per row, (B,). Train by minimising its negative mean."""
        return self.sequence_score(emissions, labels, mask) - self.log_partition(emissions, mask)

    @torch.no_grad()
    def marginals(self, emissions, mask):
        """Forward-backward: p(y_t = l | emissions) as (B, T, L), 0 on padding."""
        alphas = [self.start + emissions[:, 0]]  # each (B, L): scores of prefixes ending in l
        for t in range(1, emissions.size(1)):
            step = torch.logsumexp(alphas[-1].unsqueeze(2) + self.transitions, dim=1)
            step = step + emissions[:, t]  # (B, L)
            alphas.append(torch.where(mask[:, t].unsqueeze(1), step, alphas[-1]))
        log_z = torch.logsumexp(alphas[-1] + self.end, dim=1)  # (B,)
        # beta_t(l): scores of the suffixes after t given y_t = l; a row's last real position
        # (and its padding) gets `end`.
        end = self.end.expand_as(alphas[0])
        beta = end
        betas = [beta]
        for t in range(emissions.size(1) - 1, 0, -1):
            # (B, 1, L_to) + (L_from, L_to) -> logsumexp over L_to -> (B, L_from)
            step = torch.logsumexp((emissions[:, t] + beta).unsqueeze(1) + self.transitions, dim=2)
            beta = torch.where(mask[:, t].unsqueeze(1), step, end)
            betas.append(beta)
        betas.reverse()
        log_p = torch.stack(alphas, 1) + torch.stack(betas, 1) - log_z[:, None, None]  # (B, T, L)
        return log_p.exp() * mask.unsqueeze(2).to(emissions.dtype)

    @torch.no_grad()
    def decode(self, emissions, mask):
        """Viterbi: the best label sequence of each row, as (B, T) with 0 on padding."""
        batch, steps, num_labels = emissions.shape
        score = self.start + emissions[:, 0]  # (B, L)
        identity = torch.arange(num_labels, device=emissions.device).expand(batch, num_labels)
        backpointers = []
        for t in range(1, steps):
            # (B, L_from, L_to): best previous label for each current label
            best, arg = (score.unsqueeze(2) + self.transitions).max(dim=1)
            step = best + emissions[:, t]
            keep = mask[:, t].unsqueeze(1)
            score = torch.where(keep, step, score)
            # On padding the pointer is the identity, so backtracking passes through unchanged.
            backpointers.append(torch.where(keep, arg, identity))
        best_last = (score + self.end).argmax(dim=1)  # (B,)
        path = [best_last]
        for arg in reversed(backpointers):
            path.append(arg.gather(1, path[-1].unsqueeze(1)).squeeze(1))
        path.reverse()
        labels = torch.stack(path, dim=1)  # (B, T)
        return labels.masked_fill(~mask, 0)
