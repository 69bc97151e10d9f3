"""Shipped models: `registry.yaml` lists them, one folder each beside it (see tts/pretrained.py)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
REGISTRY = ROOT / "registry.yaml"
