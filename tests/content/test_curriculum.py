"""The curriculum validates, covers the article, and its cross-references hold."""

import json

from simulator.cli import main
from simulator.curriculum import NhaDomain, Skill, check_curriculum, load_curriculum

ARTICLE_TERMS = ["EHR", "HIPAA", "triage", "pre-authorization", "No Surprises Act", "job creep",
                 "digital burnout", "frontline admin", "workflow optimization", "telehealth",
                 "authorization hold"]


def test_curriculum_check_is_clean(capsys):
    """`curriculum check` finds no problem in the shipped content."""
    assert main(["curriculum", "check"]) == 0, capsys.readouterr().err


def test_glossary_has_all_article_terms_and_thirty_more():
    """All 11 article terms are present, plus at least 30 others."""
    cur = load_curriculum()
    names = {t.term.lower() for t in cur.glossary}
    for term in ARTICLE_TERMS:
        assert term.lower() in names, term
    assert len(cur.glossary) >= 41


def test_every_skill_and_domain_has_competencies():
    """Each of the six skills and seven NHA domains has at least one competency."""
    cur = load_curriculum()
    assert {c.skill for c in cur.competencies} == set(Skill)
    assert {c.nha_domain for c in cur.competencies} == set(NhaDomain)


def test_checklist_has_seven_items():
    """The readiness checklist has exactly the article's seven items."""
    assert len(load_curriculum().checklist) == 7


def test_check_reports_dangling_reference(tmp_path):
    """A glossary term linked to an unknown competency is reported at its line."""
    cur_dir = tmp_path / "curriculum"
    cur_dir.mkdir()
    from simulator.resources import data_dir

    for name in ("competencies", "checklist", "glossary"):
        text = (data_dir("curriculum") / f"{name}.yaml").read_text()
        if name == "glossary":
            text = text.replace("privacy.identity-verification", "privacy.identity-verificaton", 1)
        (cur_dir / f"{name}.yaml").write_text(text)
    _, problems = check_curriculum(cur_dir)
    assert any("no competency with id 'privacy.identity-verificaton'" in p.message
               and "did you mean 'privacy.identity-verification'?" in p.hint
               and p.line > 1 for p in problems)


def test_curriculum_list_json_shape(capsys):
    """`curriculum list --json` prints glossary, checklist and competencies."""
    assert main(["curriculum", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"glossary", "checklist", "competencies"}
    assert {"term", "definition"} <= set(data["glossary"][0])
