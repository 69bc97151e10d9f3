"""The front end's small BiLSTMs run in numpy, so that analysing text never imports torch.

torch stays the training and reference implementation (`frontend.polyphone`, `frontend.prosody`);
importing it takes 1-2 s on the development box, longer than the whole front end is allowed to
take to start (issue 4: 1.5 s). After training, `export_checkpoint` copies a `.pt` file's weights
into an `.npz` beside it:

    python -m frontend.numpy_bilstm            # re-export every shipped model

An `.npz` holds the state dict's arrays under their torch names (dtype kept: the prosody model's
fp16 stays fp16) and one JSON string, `meta`: the checkpoint's other entries (format, config,
vocabularies) plus the sha256 of the `.pt` it was made from, so a stale export is caught
(`tests/frontend/test_numpy_bilstm.py`). It loads with `allow_pickle=False`: no code runs.

`BiLSTM` computes what `torch.nn.LSTM(bidirectional=True, batch_first=True)` computes over a
packed, right-padded batch, to float32 rounding (~1e-6). Why it is fast for short sentences:
the input projection of every step is one matmul; the two directions run as one batch of 2B
rows, the backward one on each sequence reversed within its own length (so padding stays at the
end and never reaches a real position); the rows of the i, f, o gates are halved once at load
time (exact in floating point) so that one `tanh` gives all four gates:
sigmoid(x) = 0.5 * tanh(x / 2) + 0.5.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np


class BiLSTM:
    """Inference-only bidirectional LSTM with torch's parameter layout (gates i, f, g, o)."""

    def __init__(self, arrays, prefix="lstm.", layers=1):
        self.layers = []
        for layer in range(layers):
            dirs = []
            for suffix in ("", "_reverse"):
                name = f"l{layer}{suffix}"
                w_ih = np.asarray(arrays[f"{prefix}weight_ih_{name}"], dtype=np.float32)  # (4H, C)
                w_hh = np.asarray(arrays[f"{prefix}weight_hh_{name}"], dtype=np.float32)  # (4H, H)
                bias = (np.asarray(arrays[f"{prefix}bias_ih_{name}"], dtype=np.float32)
                        + np.asarray(arrays[f"{prefix}bias_hh_{name}"], dtype=np.float32))
                dirs.append(_gate_order(w_ih, w_hh, bias))
            hidden = dirs[0][1].shape[0]
            w_ih = np.stack([dirs[0][0], dirs[1][0]])  # (2, C, 4H)
            w_hh = np.stack([dirs[0][1], dirs[1][1]])  # (2, H, 4H)
            bias = np.stack([dirs[0][2], dirs[1][2]])[:, None, :]  # (2, 1, 4H)
            self.layers.append((w_ih, w_hh, bias, hidden))

    def __call__(self, x, lengths):
        """x: (B, T, C) float32, right-padded; lengths: (B,) ints >= 1 -> (B, T, 2H).
        Positions past a sequence's length hold values that mean nothing."""
        reverse = _reverser(lengths, x.shape[1])
        xt = np.ascontiguousarray(x.transpose(1, 0, 2), dtype=np.float32)  # (T, B, C)
        return self._layers(_input_gates(self.layers[0], xt, reverse), reverse)

    def input_tables(self, embeddings):
        """For a first layer whose input is embeddings concatenated in this order: each table
        times its slice of the input weights, (2, V, 4H), the bias folded into the first. The
        input part of the gates is then a sum of table rows (`from_ids`) instead of a product
        per sentence: the same numbers up to float32 rounding (a dot product split in parts)."""
        w_ih, _, bias, _ = self.layers[0]  # (2, C, 4H), (2, 1, 4H)
        tables, start = [], 0
        for k, table in enumerate(embeddings):
            width = table.shape[1]
            part = np.asarray(table, dtype=np.float32) @ w_ih[:, start:start + width]  # (2, V, 4H)
            tables.append(part + bias if k == 0 else part)
            start += width
        if start != w_ih.shape[1]:
            raise ValueError(f"embeddings are {start} wide, the LSTM takes {w_ih.shape[1]}")
        return tables

    def from_ids(self, tables, ids, lengths):
        """`__call__` on the concatenated embeddings of `ids` ((B, T) arrays, one per table of
        `input_tables`) -> (B, T, 2H)."""
        reverse = _reverser(lengths, ids[0].shape[1])
        return self._layers(_gates_from_ids(tables, ids, reverse), reverse)

    def _layers(self, gx, reverse):
        for k, layer in enumerate(self.layers):
            if k:
                gx = _input_gates(layer, xt, reverse)
            out = _run(gx, layer[1], layer[3])  # (2, T, B, H)
            xt = np.concatenate([out[0], reverse(out[1])], axis=-1)  # (T, B, 2H)
        return xt.transpose(1, 0, 2)


def run_together(lstms, tables, ids, lengths):
    """Several one-layer `BiLSTM`s of the same hidden size, each over its own inputs (given as
    for `from_ids`) of the same lengths, in one recurrence (their directions side by side): for
    one short sentence, where every step costs about the same few numpy calls whatever their
    size, two models take about 0.75 of the time they take one after the other. Returns one
    (B, T, 2H) array per model."""
    if any(len(m.layers) != 1 for m in lstms) or len({m.layers[0][3] for m in lstms}) != 1:
        raise ValueError("run_together needs one-layer BiLSTMs of the same hidden size")
    batch, steps = ids[0][0].shape
    reverse = _reverser(lengths, steps)
    hidden = lstms[0].layers[0][3]
    gx = np.empty((2 * len(lstms), steps, batch, 4 * hidden), dtype=np.float32)
    for k, (t, i) in enumerate(zip(tables, ids)):
        _gates_from_ids(t, i, reverse, out=gx[2 * k:2 * k + 2])
    out = _run(gx, _stacked_w_hh(tuple(lstms)), hidden)  # (2M, T, B, H)
    return [np.concatenate([out[2 * k], reverse(out[2 * k + 1])], axis=-1).transpose(1, 0, 2)
            for k in range(len(lstms))]


def _gates_from_ids(tables, ids, reverse, out=None):
    """Input part of the gates from `BiLSTM.input_tables`: (2, T, B, 4H), written to `out`."""
    batch, steps = ids[0].shape
    if out is None:
        out = np.empty((2, steps, batch, tables[0].shape[2]), dtype=np.float32)
    for k, (table, rows) in enumerate(zip(tables, ids)):
        rows = rows.T  # (T, B)
        if k == 0:
            np.take(table[0], rows, axis=0, out=out[0])
            np.take(table[1], reverse(rows), axis=0, out=out[1])
        else:
            out[0] += table[0][rows]
            out[1] += table[1][reverse(rows)]
    return out


@lru_cache(maxsize=8)
def _stacked_w_hh(lstms):
    """The recurrent weights of models run together, (2M, H, 4H): made once per set of models."""
    return np.concatenate([m.layers[0][1] for m in lstms])


def _reverser(lengths, steps):
    """The function that puts (T, B, ...) arrays in the backward direction's reading order: each
    sequence reversed within its own length, padding kept at the end (it is its own inverse)."""
    lengths = np.asarray(lengths)
    if (lengths == steps).all():  # nothing padded (one sentence): a view
        return lambda a: a[::-1]
    t = np.arange(steps)[:, None]
    order = np.where(t < lengths[None, :], lengths[None, :] - 1 - t, t)  # (T, B)
    cols = np.arange(len(lengths))[None, :]
    return lambda a: a[order, cols]


def _input_gates(layer, xt, reverse):
    """The input part of the gates of both directions: xt (T, B, C) -> (2, T, B, 4H)."""
    w_ih, _, bias, hidden = layer
    steps, batch = xt.shape[:2]
    g4 = 4 * hidden
    gx = np.empty((2, steps, batch, g4), dtype=np.float32)
    rows = steps * batch  # as 2-D products: a 3-D one loops over the steps
    np.matmul(xt.reshape(rows, -1), w_ih[0], out=gx[0].reshape(rows, g4))
    np.matmul(reverse(xt).reshape(rows, -1), w_ih[1], out=gx[1].reshape(rows, g4))
    gx += bias[:, None]
    return gx


def _gate_order(w_ih, w_hh, bias):
    """torch's gate rows (i, f, g, o) -> columns (i, f, o, g), i/f/o halved for the tanh form."""
    hidden = w_hh.shape[1]
    i, f, g, o = (slice(k * hidden, (k + 1) * hidden) for k in range(4))

    def reorder(a):
        return np.concatenate([a[i] * 0.5, a[f] * 0.5, a[o] * 0.5, a[g]])

    return (np.ascontiguousarray(reorder(w_ih).T), np.ascontiguousarray(reorder(w_hh).T),
            reorder(bias))


def _run(gx, w_hh, hidden):
    """The recurrence. gx: (2, T, B, 4H) input part of the gates (both directions, each in its
    own reading order), w_hh: (2, H, 4H) -> h of every step, (2, T, B, H)."""
    dirs, steps, batch, g4 = gx.shape
    out = np.empty((dirs, steps, batch, hidden), dtype=np.float32)
    h = np.zeros((dirs, batch, hidden), dtype=np.float32)
    c = np.zeros((dirs, batch, hidden), dtype=np.float32)
    z = np.empty((dirs, batch, g4), dtype=np.float32)
    h1, h2, h3 = hidden, 2 * hidden, 3 * hidden
    sig = z[..., :h3]
    i_gate, f_gate, o_gate, g_gate = z[..., :h1], z[..., h1:h2], z[..., h2:h3], z[..., h3:]
    for t in range(steps):
        np.matmul(h, w_hh, out=z)  # (2, B, 4H)
        z += gx[:, t]
        np.tanh(z, out=z)
        sig *= 0.5
        sig += 0.5  # i, f, o: sigmoid of the unhalved gates
        c *= f_gate
        i_gate *= g_gate
        c += i_gate
        h = out[:, t]
        np.tanh(c, out=h)
        h *= o_gate
    return out


def pad_ids(*features):
    """Per-sentence id lists of one or more features (each sentence non-empty) -> an int array
    (F, B, T) right-padded with 0, and the lengths (B,)."""
    lengths = np.array([len(r) for r in features[0]])
    if len(lengths) == 1:  # one sentence: nothing to pad
        return np.array(features, dtype=np.int64), lengths
    out = np.zeros((len(features), len(lengths), int(lengths.max())), dtype=np.int64)
    for k, rows in enumerate(features):
        for b, r in enumerate(rows):
            out[k, b, :len(r)] = r
    return out, lengths


# --- export and loading --------------------------------------------------------------------------

def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def export_checkpoint(pt_path, npz_path=None, state_key=None):
    """Write the `.npz` of a torch checkpoint (see the module docstring); returns its path.

    state_key: the entry that holds the state dict ('model' or 'state_dict' when None)."""
    import torch

    pt_path = Path(pt_path)
    npz_path = Path(npz_path) if npz_path else pt_path.with_suffix(".npz")
    ckpt = torch.load(pt_path, map_location="cpu", weights_only=True)
    state_key = state_key or ("model" if "model" in ckpt else "state_dict")
    arrays = {k: v.detach().cpu().numpy() for k, v in ckpt[state_key].items()}
    meta = {k: v for k, v in ckpt.items() if k != state_key}
    meta["state_key"] = state_key
    meta["source_sha256"] = sha256(pt_path)
    meta = json.dumps(meta, ensure_ascii=False, sort_keys=True)  # raises on a non-JSON entry
    with open(npz_path, "wb") as f:  # np.savez would append '.npz' to a name without it
        np.savez(f, meta=np.array(meta), **arrays)
    return npz_path


def load_npz(path):
    """(arrays by torch name, meta dict) of an exported model; no pickle is involved."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if k != "meta"}
        meta = json.loads(str(data["meta"]))
    return arrays, meta


def shipped_checkpoints():
    """The `.pt` files the front end ships, each exported to an `.npz` of the same name."""
    data = Path(__file__).resolve().parent / "data"
    return [data / "polyphone.pt", data / "tone.pt", data / "prosody.pt"]


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="Export the front end's torch models to .npz")
    parser.add_argument("checkpoints", nargs="*", help="`.pt` files (default: the shipped ones)")
    args = parser.parse_args(argv)
    for pt in args.checkpoints or shipped_checkpoints():
        if Path(pt).is_file():
            print(f"wrote {export_checkpoint(pt)}")
        else:
            print(f"skipped {pt}: not found")


if __name__ == "__main__":
    main()
