"""Trainee names: checked, in one spelling, and never a look-alike of another name."""

from __future__ import annotations

from simulator.errors import ContentError, Problem


def clean_name(name: str | None) -> str:
    """A trainee's display name, checked (1-200 printable characters).

    Raises:
        ContentError: If the name is empty, too long or has control characters.
    """
    import unicodedata

    # One spelling per name: "é" typed as one character or as "e" + accent is one trainee.
    text = unicodedata.normalize("NFC", (name or "").strip())
    if not text or len(text) > 200 or any(not c.isprintable() for c in text):
        raise ContentError([Problem("<command line>", 0, 0, "--trainee",
                                    "a trainee name must be 1 to 200 printable characters",
                                    "e.g. --trainee 'Sam Lee'")])
    return text


def refuse_look_alike(name: str) -> None:
    """Refuse a new trainee name that mixes look-alike letters of another script.

    "Аlice" with a Cyrillic А reads as "Alice" in every report and certificate: two
    trainees, one name on the page. A name written in one script (Latin with accents,
    Cyrillic, Vietnamese...) is always fine.
    """
    from confusable_homoglyphs import categories, confusables

    if not confusables.is_dangerous(name):
        return
    import unicodedata
    from collections import Counter

    scripts = Counter(categories.alias(c) for c in name if c.isalpha())
    main_script = scripts.most_common(1)[0][0]
    odd = ", ".join(f"'{c}' ({unicodedata.name(c, 'unnamed').title()})"
                    for c in dict.fromkeys(name)
                    if c.isalpha() and categories.alias(c) != main_script)
    raise ContentError([Problem("<command line>", 0, 0, "--trainee",
                                f"the name mixes in look-alike letters of another script: "
                                f"{odd}; in reports it would read as another name",
                                "type the whole name in one script")])
