"""Pydantic models for the curriculum files in ``curriculum/``.

The curriculum is what every score and quiz item refers to: competencies (each mapped to one
NHA CMAA test-plan domain), the glossary and the 7-item readiness checklist.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from simulator.contentmodel import Lax, Strict

CompetencyId = Annotated[str, StringConstraints(pattern=r"^[a-z]+\.[a-z0-9-]+$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]


class NhaDomain(StrEnum):
    """The seven domains of the NHA CMAA test plan (2021 job analysis)."""

    FOUNDATIONAL = "foundational-knowledge"
    COMMUNICATION = "communication-professionalism"
    LAW_ETHICS = "law-ethics-compliance"
    SCHEDULING = "scheduling"
    PATIENT_ENCOUNTER = "patient-encounter"
    BILLING = "billing-revenue-cycle"
    ADMINISTRATION = "practice-administration"


#: Display names of the domains.
NHA_TITLES: dict[str, str] = {
    "foundational-knowledge": "Foundational knowledge",
    "communication-professionalism": "Communication and professionalism",
    "law-ethics-compliance": "Medical law, ethics and compliance",
    "scheduling": "Scheduling",
    "patient-encounter": "Patient encounter",
    "billing-revenue-cycle": "Billing and revenue cycle",
    "practice-administration": "Practice administrative procedures and logistics",
}

#: Share of the 110 scored CMAA items per domain, in percent (DOMAIN.md section 2).
NHA_WEIGHTS: dict[NhaDomain, int] = {
    NhaDomain.FOUNDATIONAL: 9,
    NhaDomain.COMMUNICATION: 19,
    NhaDomain.LAW_ETHICS: 15,
    NhaDomain.SCHEDULING: 15,
    NhaDomain.PATIENT_ENCOUNTER: 19,
    NhaDomain.BILLING: 10,
    NhaDomain.ADMINISTRATION: 13,
}


class Skill(StrEnum):
    """The six skills the article names: three core, three advanced."""

    COMMUNICATION = "communication"
    ORGANIZATION = "organization"
    TECHNOLOGY = "technological-literacy"
    CRISIS = "crisis-management"
    PRIVACY = "data-privacy-compliance"
    WORKFLOW = "workflow-optimization"



class Competency(Strict):
    """An observable competency: something a trainer can watch a trainee do."""

    id: CompetencyId
    skill: Annotated[Skill, Lax]
    title: Text
    description: Text
    nha_domain: Annotated[NhaDomain, Lax]
    observable: list[Text] = Field(min_length=1, description="Behaviours that show it.")


class CompetencyFile(Strict):
    """``curriculum/competencies.yaml``."""

    competencies: list[Competency] = Field(min_length=1)


class GlossaryTerm(Strict):
    """A glossary entry, written in the project's own words."""

    id: Slug
    term: Text
    definition: Text
    example: Text = Field(description="How the term shows up at the front desk.")
    competencies: list[CompetencyId] = Field(min_length=1)
    source: str = Field(pattern=r"^(article|domain|common)$")
    aliases: list[Text] = []
    see_also: list[Slug] = []


class GlossaryFile(Strict):
    """``curriculum/glossary.yaml``."""

    terms: list[GlossaryTerm] = Field(min_length=1)


class Evidence(Strict):
    """One thing in the simulator that shows a checklist item, named so it can be checked.

    ``curriculum check`` confirms each name exists and that the scenario scores the check.
    """

    says: Text = Field(description="What the trainee does there, in plain words.")
    scenario: Slug | None = Field(None, description="A shipped scenario id.")
    check: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$",
                              description="A scored check code (as the debrief uses), e.g. "
                              "abandoned or discrepancy_caught.")
    competency: CompetencyId | None = None
    quiz: Slug | None = Field(None, description="A quiz item id.")

    @model_validator(mode="after")
    def _names_something(self) -> Evidence:
        if self.scenario is None and self.quiz is None and self.competency is None:
            raise ValueError("evidence names a scenario, a quiz item or a competency")
        return self


class ChecklistItem(Strict):
    """One of the article's seven readiness self-check items."""

    id: Slug
    statement: Text
    guidance: Text
    competencies: list[CompetencyId] = Field(min_length=1)
    shown_by: list[Evidence] = Field(min_length=1, description="What in the simulator shows it.")


class ChecklistFile(Strict):
    """``curriculum/checklist.yaml``."""

    items: list[ChecklistItem] = Field(min_length=7, max_length=7)
