"""An HTML report to look at and listen to: per utterance the text, phonemes, audio players,
the alignment plot, predicted vs reference mels and the metric table.

    write_report("report/index.html", utterances, summary={"MCD (dB)": 5.1}, title="...")

Each utterance is a `ReportItem`. Audio and images are written as files next to the page
(`<page>_files/`), linked relatively, so the folder can be zipped and opened anywhere.
"""

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


@dataclass
class ReportItem:
    id: str
    text: str
    phonemes: str = ""
    audio: np.ndarray = None  # synthesised, float in [-1, 1]
    reference_audio: np.ndarray = None
    sample_rate: int = 22050
    mel: np.ndarray = None  # (n_mels, T) predicted log-mel
    reference_mel: np.ndarray = None  # (n_mels, T') reference log-mel
    alignment: np.ndarray = None  # (decoder steps, input tokens)
    metrics: dict = field(default_factory=dict)  # name -> number or text
    flags: list = field(default_factory=list)  # e.g. attention-health flags


def _plot_mels(path, mel, reference):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [(m, name) for m, name in ((mel, "predicted"), (reference, "reference")) if m is not None]
    fig, axes = plt.subplots(len(panels), 1, figsize=(8, 2.2 * len(panels)), squeeze=False)
    lo = min(float(np.min(m)) for m, _ in panels)
    hi = max(float(np.max(m)) for m, _ in panels)
    for ax, (m, name) in zip(axes[:, 0], panels):
        ax.imshow(m, origin="lower", aspect="auto", interpolation="none", vmin=lo, vmax=hi)
        ax.set_ylabel(f"{name}\nmel band")
    axes[-1, 0].set_xlabel("frame")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def _plot_alignment(path, alignment):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.imshow(np.asarray(alignment).T, origin="lower", aspect="auto", interpolation="none")
    ax.set_xlabel("decoder step")
    ax.set_ylabel("input token")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def _format(value):
    if isinstance(value, float):
        return "nan" if value != value else f"{value:.3f}"
    return html.escape(str(value))


def write_report(path, items, summary=None, title="Synthesis report"):
    """Write the page and its media files; returns the page path."""
    from tts.audio import save_audio

    path = Path(path)
    media = path.parent / f"{path.stem}_files"
    media.mkdir(parents=True, exist_ok=True)
    rel = os.path.relpath(media, path.parent)
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}"
        ".flag{color:#b00;font-weight:bold}.utt{border-top:2px solid #444;margin-top:1.5em}"
        "code{word-break:break-all}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    if summary:
        parts.append("<h2>Summary</h2><table>")
        parts += [f"<tr><th>{html.escape(str(k))}</th><td>{_format(v)}</td></tr>" for k, v in summary.items()]
        parts.append("</table>")
    for item in items:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in item.id)
        parts.append(f"<div class='utt' id='{safe}'><h3>{html.escape(item.id)}</h3>")
        parts.append(f"<p>{html.escape(item.text)}</p>")
        if item.phonemes:
            parts.append(f"<p><code>{html.escape(item.phonemes)}</code></p>")
        if item.flags:
            parts.append(f"<p class='flag'>flags: {html.escape(', '.join(item.flags))}</p>")
        for audio, name in ((item.audio, "synthesised"), (item.reference_audio, "reference")):
            if audio is not None:
                save_audio(media / f"{safe}_{name}.wav", audio, item.sample_rate)
                parts.append(f"<p>{name}: <audio controls preload='none' "
                             f"src='{rel}/{safe}_{name}.wav'></audio></p>")
        if item.alignment is not None:
            _plot_alignment(media / f"{safe}_alignment.png", item.alignment)
            parts.append(f"<img alt='alignment' src='{rel}/{safe}_alignment.png'>")
        if item.mel is not None or item.reference_mel is not None:
            _plot_mels(media / f"{safe}_mel.png", item.mel, item.reference_mel)
            parts.append(f"<img alt='mel spectrograms' src='{rel}/{safe}_mel.png'>")
        if item.metrics:
            parts.append("<table>" + "".join(
                f"<tr><th>{html.escape(str(k))}</th><td>{_format(v)}</td></tr>"
                for k, v in item.metrics.items()) + "</table>")
        parts.append("</div>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
