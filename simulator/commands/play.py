"""``frontdesk play``: the desk itself."""

from __future__ import annotations

import argparse
import sys


def play(args: argparse.Namespace) -> int:
    """Start the desk UI (not built yet: say so plainly and point to what works)."""
    print("The playable desk is not built yet. What works today:\n"
          "  frontdesk scenario list          the shipped scenarios\n"
          "  frontdesk scenario show ID       one scenario in plain words\n"
          "  frontdesk curriculum list        glossary, checklist and competencies",
          file=sys.stderr)
    return 0
