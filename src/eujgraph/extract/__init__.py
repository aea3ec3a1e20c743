"""Extract: drafting the curated file of a new memo, and scoring drafts against curated files.

Owns :mod:`.draft` (the draft and its sections), :mod:`.context` (the memo being drafted), the
readers of events, claims and commitments, the gazetteer, lexicons (``lexicons/``), morphology,
and :mod:`.evaluate`. May import the core and curation.
"""

from .draft import Draft, extract

__all__ = ["Draft", "extract"]
