"""Training: shared pieces (`common`, `dataset`) and one readable loop per model.

Nothing here is needed to synthesise; `tts.models` and `tts.vocoders` load checkpoints alone.
"""
