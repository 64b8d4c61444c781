"""Outcomes of the everyday desk: portal checks, forms submitted, asking before a hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.engine.outcomes.base import Outcome

__all__ = ["EligibilityChecked", "FormSubmitted", "HoldAsked"]


@dataclass(frozen=True, slots=True)
class EligibilityChecked(Outcome):
    """The payer portal was asked about a patient's coverage.

    ``benefits`` is its answer (see :class:`simulator.everyday.rules.Benefits`).
    """

    task: str | None
    patient: str
    benefits: dict[str, Any]


@dataclass(frozen=True, slots=True)
class FormSubmitted(Outcome):
    """A desk form was filled in and submitted.

    ``fields`` as typed or picked; ``due`` whether the situation called for this form.
    """

    task: str | None
    form: str
    fields: dict[str, str]
    due: bool


@dataclass(frozen=True, slots=True)
class HoldAsked(Outcome):
    """The desk asked a caller whether they could hold; ``agreed`` is their answer."""

    task: str | None
    line: int
    agreed: bool
