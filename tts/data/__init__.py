"""Corpora and the feature stage: corpus -> utterance manifest -> feature dump.

- `tts.data.corpora`: CSMSC/BZNSYP, AISHELL-3 and custom-folder parsers (recipe stage 0).
- `tts.data.features`: resampling, trimming, mels, split and statistics (recipe stage 1).
- `tts.data.synthetic`: a CSMSC-layout corpus spoken by espeak-ng, for tests and demos.
Each is also a command: `python -m tts.data.<module> --help`.
"""
