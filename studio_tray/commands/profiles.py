"""Placeholder: verbs of this group are registered by their issue's work."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    """Add this group's verbs to ``sub``."""
