"""Text in, audio out: the object users load to synthesise.

    from tts import Synthesizer
    synth = Synthesizer.from_pretrained("zh-demo")           # or a checkpoint path / folder
    audio, sr = synth.synth("今天天气很好。")                  # float32 mono, its sample rate
    synth.synth_to_file("今天天气很好。", "out.wav")          # .wav or .flac
    for chunk in synth.stream(long_text):                     # first audio comes quickly
        play(chunk)

The path from text to audio, in order: `Frontend.analyze` (normalisation, words, pinyin,
prosody, phonemes per sentence) -> `split_phonemes` (overlong sentences cut at their strongest
breaks) -> `Tacotron2.inference` (batched) -> vocoder -> pieces joined by pauses whose length
follows the break level they end on.

SSML (`synth(ssml=...)`, the subset of `frontend/ssml.py`) becomes spans of text, each with its
own rate, and breaks: every span is planned like plain text, a break sets the pause after the
piece before it (or the silence before the first), and a span's rate multiplies `speed`.
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from frontend.symbols import BREAKS, EOS
from tts.errors import TTSError

DEFAULT_MODEL = "zh-demo"
MAX_TOKENS = 120  # a piece longer than this is cut at a break: attention is surest on short input
PAUSES = {"#1": 0.0, "#2": 0.08, "#3": 0.2, "#4": 0.3}  # seconds of silence after a piece


@dataclass
class Piece:
    """One acoustic-model input: a sentence, or part of an overlong one."""

    phonemes: list  # symbols, ending with '#4', '<eos>'
    pause_after: float  # seconds of silence after it
    mel: np.ndarray = None  # (n_mels, T) log-mel
    alignment: np.ndarray = None  # (decoder steps, input tokens)
    stop_fired: bool = True
    rate: float = 1.0  # speaking rate of this piece (SSML <prosody rate>), times the call's speed
    pause_before: float = 0.0  # seconds of silence before it (an SSML <break> at the very start)


@dataclass
class SynthesisResult:
    audio: np.ndarray  # (samples,) float32 in [-1, 1]
    sample_rate: int
    analysis: object  # the front end's analysis of the text
    pieces: list = field(default_factory=list)


def split_phonemes(phonemes, max_tokens=MAX_TOKENS):
    """Cut one sentence's phonemes into pieces of at most `max_tokens` tokens.

    Cuts fall on the strongest break (#3 before #2 before #1), the one nearest the middle, and
    recursively until every piece fits; a sentence without breaks is cut between syllables.
    Returns [(phonemes, break it ended on)]; each piece ends with '#4', '<eos>' as in training.
    """
    if max_tokens < 8:
        raise ValueError(f"max_tokens must be at least 8, got {max_tokens}")
    body = [p for p in phonemes if p != EOS]
    while body and body[-1] in BREAKS:
        body.pop()
    return [(part + ["#4", EOS], level) for part, level in _split(body, "#4", max_tokens - 2)]


def _split(body, end_level, limit):
    if len(body) <= limit:
        return [(body, end_level)] if body else []
    middle = len(body) / 2
    breaks = [i for i in range(1, len(body) - 1) if body[i] in BREAKS]
    if breaks:
        cut = min(breaks, key=lambda i: (-BREAKS.index(body[i]), abs(i - middle)))
        left, level, right = body[:cut], body[cut], body[cut + 1:]
    else:  # between syllables: after a toned final, not before an erhua 'rr'
        ends = [i + 1 for i in range(len(body) - 1) if body[i][-1].isdigit() and body[i + 1] != "rr"]
        cut = min(ends, key=lambda i: abs(i - middle)) if ends else int(middle)
        left, level, right = body[:cut], "#1", body[cut:]
    return _split(left, level, limit) + _split(right, end_level, limit)


def sentence_phonemes(analysis):
    """The phoneme list of each sentence of a front-end analysis."""
    return [list(sentence.phonemes) for sentence in analysis.sentences]


def _find_checkpoint(folder):
    """A trained voice folder: acoustic.pt, or the newest step_*.pt of a training run."""
    if (folder / "acoustic.pt").is_file():
        return folder / "acoustic.pt"
    for sub in (folder / "checkpoints", folder):
        found = sorted(sub.glob("step_*.pt")) if sub.is_dir() else []
        if found:
            return found[-1]
    raise TTSError(f"no acoustic model in {folder} (expected acoustic.pt or checkpoints/step_*.pt)")


def resolve_voice(name_or_path):
    """{'acoustic': Path, 'vocoder': Path (optional)} for a registry name, folder or file."""
    path = Path(name_or_path)
    if path.is_file():
        return {"acoustic": path}
    if path.is_dir():
        paths = {"acoustic": _find_checkpoint(path)}
        if (path / "vocoder.pt").is_file():
            paths["vocoder"] = path / "vocoder.pt"
        return paths
    from tts.pretrained import resolve_model

    return resolve_model(str(name_or_path))


class Synthesizer:
    def __init__(self, acoustic, vocoder, frontend=None, device="cpu", batch_size=8,
                 max_tokens=MAX_TOKENS):
        if frontend is None:
            from frontend import Frontend

            frontend = Frontend()
        a, v = acoustic.mel_config, vocoder.mel_config
        if (a.sample_rate, a.hop_length, a.n_mels) != (v.sample_rate, v.hop_length, v.n_mels):
            raise TTSError(
                f"the vocoder expects {v.n_mels} mels at {v.sample_rate} Hz / hop {v.hop_length} but "
                f"the acoustic model makes {a.n_mels} at {a.sample_rate} Hz / hop {a.hop_length}"
            )
        self.acoustic = acoustic.to(device).eval()
        self.vocoder = vocoder.to(device).eval()
        self.frontend = frontend
        self.device = torch.device(device)
        self.batch_size = batch_size
        self.max_tokens = max_tokens

    @classmethod
    def from_pretrained(cls, name_or_path=DEFAULT_MODEL, vocoder=None, device="cpu", **kwargs):
        """A registry name (see `tts models`), a voice folder or a Tacotron2 checkpoint.

        `vocoder`: None for the voice's own (Griffin-Lim if it has none), 'griffin-lim', or a
        vocoder checkpoint / training folder.
        """
        from tts.models.tacotron2 import Tacotron2
        from tts.vocoders import GriffinLim
        from tts.vocoders.loading import load_vocoder

        paths = resolve_voice(name_or_path)
        acoustic = Tacotron2.from_checkpoint(paths["acoustic"], device=device)
        choice = vocoder or paths.get("vocoder") or "griffin-lim"
        if str(choice) == "griffin-lim":
            vocoder_model = GriffinLim(acoustic.mel_config)
        else:
            vocoder_model = load_vocoder(choice, device=device)
        return cls(acoustic, vocoder_model, device=device, **kwargs)

    @property
    def sample_rate(self):
        return self.acoustic.mel_config.sample_rate

    @property
    def speakers(self):
        return list(self.acoustic.speakers)

    def plan(self, text=None, ssml=None):
        """Front-end analysis and the pieces the acoustic model will read. With `ssml` instead
        of `text` the analysis is a list, one per span of the document."""
        if ssml is not None:
            if text is not None:
                raise TTSError("give either text or ssml, not both")
            return self._plan_ssml(ssml)
        if not isinstance(text, str) or not text.strip():
            raise TTSError("empty text: give at least one speakable Chinese character or word")
        analysis, pieces = self._plan_text(text)
        if not pieces:
            raise TTSError(f"nothing to say in {text[:40]!r}: no speakable characters after normalisation")
        pieces[-1].pause_after = 0.0  # nothing follows the last piece
        return analysis, pieces

    def _plan_text(self, text, rate=1.0):
        analysis = self.frontend.analyze(text)
        pieces = [
            Piece(phonemes, PAUSES[level], rate=rate)
            for sentence in sentence_phonemes(analysis)
            for phonemes, level in split_phonemes(sentence, self.max_tokens)
        ]
        return analysis, pieces

    def _plan_ssml(self, ssml):
        from frontend.ssml import Break, parse_ssml

        analyses, pieces = [], []
        lead = 0.0
        after_break = False  # a second break in a row adds to the first
        for item in parse_ssml(ssml):
            if isinstance(item, Break):
                if not pieces:
                    lead += item.seconds
                elif after_break:
                    pieces[-1].pause_after += item.seconds
                else:  # an explicit break replaces the pause the text would have had
                    pieces[-1].pause_after = item.seconds
                after_break = True
                continue
            analysis, span = self._plan_text(item.text, rate=item.rate)
            analyses.append(analysis)
            if span:
                # a span that stops mid-sentence (a rate change) is joined by a short pause
                ending = item.text.rstrip("”’」』）)")[-1:]
                span[-1].pause_after = PAUSES["#4" if ending in "。！？!?；;…" else "#3" if ending in "，,、：:" else "#2"]
                pieces += span
                after_break = False
        if not pieces:
            raise TTSError("nothing to say in the SSML: no speakable characters after normalisation")
        pieces[0].pause_before = lead
        if not after_break:
            pieces[-1].pause_after = 0.0  # only an explicit trailing <break> leaves silence at the end
        return analyses, pieces

    def _speaker_ids(self, speaker, n):
        if not self.acoustic.speakers or len(self.acoustic.speakers) < 2:
            if speaker not in (None, "", *self.acoustic.speakers):
                raise TTSError(f"this voice has a single speaker; unknown speaker {speaker!r}")
            return None
        if speaker is None:
            speaker = self.acoustic.speakers[0]
        if speaker not in self.acoustic.speakers:
            raise TTSError(f"unknown speaker {speaker!r}; this voice has: {', '.join(self.acoustic.speakers)}")
        return torch.full((n,), self.acoustic.speakers.index(speaker), dtype=torch.long)

    def run_acoustic(self, pieces, speaker=None, speed=1.0):
        """Fill each piece's mel and alignment, batching pieces of similar length. A piece is
        spoken at `speed` times its own rate."""
        if not 0.25 <= speed <= 4.0:
            raise TTSError(f"speed must be between 0.25 and 4.0, got {speed}")
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i].phonemes))
        for start in range(0, len(order), self.batch_size):
            batch = [pieces[i] for i in order[start:start + self.batch_size]]
            ids = [self.acoustic.phonemes_to_ids(p.phonemes) for p in batch]
            lengths = torch.tensor([len(x) for x in ids])
            padded = torch.zeros(len(ids), int(lengths.max()), dtype=torch.long)
            for row, x in enumerate(ids):
                padded[row, :len(x)] = torch.as_tensor(x)
            mel, mel_lengths, alignments, stop_fired = self.acoustic.inference(
                padded.to(self.device), lengths.to(self.device), self._speaker_ids(speaker, len(ids)))
            r = self.acoustic.reduction_factor
            for row, piece in enumerate(batch):
                frames = int(mel_lengths[row])
                m = mel[row:row + 1, :, :frames]  # (1, n_mels, T)
                rate = speed * piece.rate
                if rate != 1.0:
                    m = torch.nn.functional.interpolate(m, size=max(1, round(frames / rate)), mode="linear")
                piece.mel = m[0].float().cpu().numpy()
                piece.alignment = alignments[row, :max(1, frames // r), :int(lengths[row])].float().cpu().numpy()
                piece.stop_fired = bool(stop_fired[row])

    def _silence(self, seconds):
        return np.zeros(int(round(seconds * self.sample_rate)), dtype=np.float32)

    @torch.inference_mode()
    def synthesize(self, text=None, speaker=None, speed=1.0, ssml=None):
        """Like `synth`, with the analysis, mels and alignments kept for inspection."""
        analysis, pieces = self.plan(text, ssml=ssml)
        self.run_acoustic(pieces, speaker, speed)
        parts = []
        for piece in pieces:
            if piece.pause_before > 0:
                parts.append(self._silence(piece.pause_before))
            parts.append(self.vocoder.vocode(torch.from_numpy(piece.mel))[0].cpu().numpy())
            if piece.pause_after > 0:
                parts.append(self._silence(piece.pause_after))
        audio = np.concatenate(parts).astype(np.float32)
        return SynthesisResult(audio, self.sample_rate, analysis, pieces)

    def synth(self, text=None, speaker=None, speed=1.0, ssml=None):
        """-> (audio float32 (samples,), sample_rate). Give `text`, or `ssml` (an SSML document,
        the subset of `frontend/ssml.py`)."""
        result = self.synthesize(text, speaker=speaker, speed=speed, ssml=ssml)
        return result.audio, result.sample_rate

    def synth_to_file(self, text, path, speaker=None, speed=1.0, ssml=None):
        from tts.audio import save_audio

        audio, sr = self.synth(text, speaker=speaker, speed=speed, ssml=ssml)
        save_audio(path, audio, sr)
        return Path(path)

    @torch.inference_mode()
    def stream(self, text=None, speaker=None, speed=1.0, chunk_frames=64, ssml=None):
        """Yield float32 audio chunks as they are made: piece by piece, each through the vocoder
        in chunks of `chunk_frames` frames, so the first audio comes after one short piece."""
        from tts.vocoders.streaming import iter_vocode

        if ssml is not None or text is None:
            _, pieces = self.plan(text, ssml=ssml)
        else:
            pieces = self._lazy_pieces(text)  # the front end runs one sentence ahead, not the whole text
        pending = 0.0  # the pause after a piece is only known to be needed once another follows
        for piece in pieces:
            if pending + piece.pause_before > 0:
                yield self._silence(pending + piece.pause_before)
            self.run_acoustic([piece], speaker, speed)
            for chunk in iter_vocode(self.vocoder, torch.from_numpy(piece.mel), chunk_frames=chunk_frames):
                yield chunk[0].cpu().numpy().astype(np.float32)
            pending = piece.pause_after
        if ssml is not None and pending > 0:  # an explicit trailing <break>
            yield self._silence(pending)

    def _lazy_pieces(self, text):
        """The pieces of `text`, analysed sentence by sentence as they are asked for."""
        from frontend.frontend import split_sentences

        if not isinstance(text, str) or not text.strip():
            raise TTSError("empty text: give at least one speakable Chinese character or word")
        any_piece = False
        for sentence in split_sentences(text):
            _, pieces = self._plan_text(sentence)
            any_piece = any_piece or bool(pieces)
            yield from pieces
        if not any_piece:
            raise TTSError(f"nothing to say in {text[:40]!r}: no speakable characters after normalisation")
