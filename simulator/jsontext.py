"""Reading JSON text fast, with the standard library's answers and errors.

Journals and stored records are read far more often than they are written: every replay,
verification and report parses them. :func:`loads` hands well-formed text to pydantic's
Rust parser (``pydantic_core.from_json``, about twice as fast as :mod:`json` on a journal
header) and anything it refuses to :func:`json.loads`, so the result, and the
:class:`json.JSONDecodeError` with its line and column for malformed text, are exactly the
standard library's (it also accepts what the Rust parser does not, such as a lone
surrogate escape).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic_core import from_json

__all__ = ["loads"]


def loads(text: str | bytes) -> Any:
    """Parse JSON text as :func:`json.loads` does.

    Raises:
        json.JSONDecodeError: For malformed text, as :func:`json.loads` raises it.
    """
    try:
        return from_json(text)
    except ValueError:
        return json.loads(text)
