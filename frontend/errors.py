"""Errors a user can cause in the front end (empty text, malformed lexicon or override)."""


class FrontendError(ValueError):
    pass
