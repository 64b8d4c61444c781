"""The one base of every model read from a content file.

Scenarios, assessments, the curriculum (competencies, glossary, checklist, reference card,
learning path) and the quiz bank are all written by hand and read the same way, so they
are validated by the same rules: an unknown key is an error, instances are frozen, and
values are taken as written (``strict``: no "yes" for true, no "2" for 2, no 2.0 for 2;
NaN and infinities refused). The exported JSON Schema says the same, so an editor's check
and the loader agree.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["Lax", "Slug", "Strict", "Text"]

#: An id written in a content file: lowercase letters, digits and hyphens.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
#: A line of text a person reads (trimmed; never empty).
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]


class Strict(BaseModel):
    """Base for every content model: strict types, unknown keys refused, frozen."""

    # Built on first validation: a cached or replayed object never pays for its schema.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, strict=True,
                              allow_inf_nan=False)


#: For an enum field of a content model: strict mode would accept only enum objects, never
#: the text a file holds, so the member's value is matched exactly instead (nothing else is
#: coerced: a number or a near miss is still refused). Use as ``Annotated[Skill, Lax]``.
Lax = Field(strict=False)
