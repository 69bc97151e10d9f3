"""Errors a user can cause. The CLI prints them in one line and exits non-zero."""


class TTSError(Exception):
    """Bad input, a missing or corrupt file, a wrong checkpoint: something the user can fix."""
