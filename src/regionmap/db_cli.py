"""``regionmap db …`` and ``regionmap ingest``: the database's schema, moving corpora, bulk ingest."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``db`` and ``ingest`` to the ``regionmap`` command (placeholder until the helper builds them)."""
