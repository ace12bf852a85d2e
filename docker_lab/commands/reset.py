"""Placeholder for the ``reset`` sub-command (replaced by its owner)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Register the sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser("reset", help="(à venir)")
    parser.set_defaults(func=lambda args: 2)
