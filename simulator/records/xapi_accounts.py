"""Who the xAPI actor is: the trainee's account in the LMS, from the trainer's configuration.

An LRS (and the LMS behind it) matches statements to people by the actor's account, a
``homePage`` (the LMS's address) and a ``name`` (the person's user name or id there). The
records only know a pseudonymous trainee id, so the trainer says how to map them, in this
order of precedence:

1. A mapping file, ``--accounts FILE`` on ``frontdesk export xapi`` (or the
   ``FRONTDESK_XAPI_ACCOUNTS`` environment variable): a UTF-8 CSV file with the header
   ``trainee,homePage,name``, one row per trainee::

       trainee,homePage,name
       Sam Lee,https://lms.example.edu,slee42
       4f1c0e7a9b2d4c7e8f0a1b2c3d4e5f60,https://lms.example.edu,jdoe

   ``trainee`` is the trainee's name as recorded (``--trainee``) or their pseudonymous id;
   ``homePage`` an http(s) URL; ``name`` the account name in that LMS. Every row is checked
   before anything is sent: a missing column, an empty value, a homePage that is not a URL
   or a trainee listed twice is reported as ``FILE:LINE``, exit 2.
2. ``FRONTDESK_XAPI_HOMEPAGE``: one site-wide homePage for everyone (and for trainees the
   mapping file does not list), with the pseudonymous trainee id as the account name.
3. Neither: :data:`DEFAULT_HOME`, a placeholder under the reserved ``.invalid`` domain
   (RFC 6761), with the pseudonymous id. It is deliberately not a real site: no LMS will
   match it until the trainer configures one of the above.

Statements are queued with the placeholder actor and get their configured actor as they are
written or sent (:meth:`Accounts.apply`), so configuring the mapping later still applies to
every statement not sent yet. A statement already in the LRS keeps the actor it was sent
with (its id does not change, so the LRS does not store a second copy).
"""

from __future__ import annotations

import csv
import io
import os
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.errors import ContentError, Problem

#: The placeholder homePage for pseudonymous actors (never a real site).
DEFAULT_HOME = "https://frontdesk-simulator.invalid"
#: The placeholder older versions queued; recognised so such statements get mapped too.
LEGACY_HOME = "https://frontdesk.example.org"
PLACEHOLDERS = frozenset({DEFAULT_HOME, LEGACY_HOME})
ACCOUNTS_ENV = "FRONTDESK_XAPI_ACCOUNTS"
HOMEPAGE_ENV = "FRONTDESK_XAPI_HOMEPAGE"
COLUMNS = ("trainee", "homePage", "name")
#: Mapping files larger than this are refused (a roster, not a data dump).
MAX_BYTES = 4 << 20


def is_url(text: str) -> bool:
    """Whether ``text`` is an absolute http(s) URL with a host (an account homePage)."""
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) \
        and not any(c.isspace() for c in text)


def placeholder_actor(trainee_id: str) -> dict[str, Any]:
    """The actor a statement is queued with: the placeholder homePage and the pseudonym."""
    return {"objectType": "Agent", "account": {"homePage": DEFAULT_HOME, "name": trainee_id}}


@dataclass
class Accounts:
    """The configured trainee -> LMS account mapping, applied to outgoing statements.

    Attributes:
        by_trainee: Account (homePage, name) by trainee name or pseudonymous id.
        home: The homePage for trainees not in the mapping (site-wide or the placeholder).
        source: The mapping file's name (None without one).
        names: Pseudonymous id -> recorded name, to look up rows keyed by name.
        defaulted: Pseudonymous ids that got ``home`` and their id (for the summary).
        mapped: Pseudonymous ids found in the mapping.
    """

    by_trainee: dict[str, tuple[str, str]] = field(default_factory=dict)
    home: str = DEFAULT_HOME
    source: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    defaulted: set[str] = field(default_factory=set)
    mapped: set[str] = field(default_factory=set)

    @property
    def configured(self) -> bool:
        """Whether the trainer set a mapping file or a site-wide homePage."""
        return self.source is not None or self.home != DEFAULT_HOME

    def actor(self, trainee_id: str) -> dict[str, Any]:
        """The actor for one trainee (and note whether it came from the mapping)."""
        found = self.by_trainee.get(trainee_id)
        if found is None and trainee_id in self.names:
            found = self.by_trainee.get(self.names[trainee_id])
        if found is None:
            self.defaulted.add(trainee_id)
            return {"objectType": "Agent", "account": {"homePage": self.home,
                                                       "name": trainee_id}}
        self.mapped.add(trainee_id)
        return {"objectType": "Agent", "account": {"homePage": found[0], "name": found[1]}}

    def unmatched(self) -> list[str]:
        """Mapping rows that name no recorded trainee (a typo, or someone not recorded)."""
        known = set(self.names) | set(self.names.values())
        return [t for t in self.by_trainee if t not in known]

    def apply(self, statement: dict[str, Any]) -> dict[str, Any]:
        """The statement with its placeholder actor replaced by the configured account."""
        account = (statement.get("actor") or {}).get("account") or {}
        if account.get("homePage") not in PLACEHOLDERS or not account.get("name"):
            return statement
        return {**statement, "actor": self.actor(account["name"])}


def load_accounts(path: str | Path | None = None, *, homepage: str | None = None,
                  names: dict[str, str] | None = None,
                  environ: dict[str, str] | None = None) -> Accounts:
    """Read the account configuration: the mapping file and the site-wide homePage.

    Args:
        path: The mapping file (``--accounts``); ``FRONTDESK_XAPI_ACCOUNTS`` when None.
        homepage: The site-wide homePage; ``FRONTDESK_XAPI_HOMEPAGE`` when None.
        names: Pseudonymous trainee id -> recorded name (rows may use either).
        environ: The environment to read (``os.environ`` when None).

    Raises:
        ContentError: Every bad row of the mapping file as ``FILE:LINE``, a file that
            cannot be read, or a site-wide homePage that is not an http(s) URL.
    """
    env = os.environ if environ is None else environ
    flag = "--accounts"
    if path is None and env.get(ACCOUNTS_ENV):
        path, flag = env[ACCOUNTS_ENV], ACCOUNTS_ENV
    if homepage is None:
        homepage = env.get(HOMEPAGE_ENV) or None
    home = DEFAULT_HOME
    if homepage is not None:
        home = homepage.strip()
        if not is_url(home):
            raise ContentError([Problem("<environment>", 0, 0, HOMEPAGE_ENV,
                                        f"'{homepage}' is not an http(s) URL",
                                        "give the LMS's address, e.g. "
                                        "https://lms.example.edu")])
    by_trainee = _read_mapping(Path(path), flag) if path is not None else {}
    return Accounts(by_trainee, home, str(path) if path is not None else None,
                    dict(names or {}))


def _read_mapping(path: Path, flag: str) -> dict[str, tuple[str, str]]:
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ContentError.single(name, f"the mapping file is larger than "
                                      f"{MAX_BYTES >> 20} MiB", path=flag,
                                      hint="one row per trainee is all it needs")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError.single(name, "the mapping file is not UTF-8 text", path=flag,
                                  hint="save it as CSV UTF-8") from None
    except OSError as exc:
        raise ContentError.single(name, f"cannot read the mapping file "
                                  f"({exc.strerror or exc})", path=flag,
                                  hint="check the path given to --accounts or "
                                  f"{ACCOUNTS_ENV}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != [c.lower() for c in COLUMNS]:
        raise ContentError.single(name, f"the first line must be the header "
                                  f"'{','.join(COLUMNS)}'", line=1, col=1, path="header",
                                  hint="one row per trainee follows it")
    problems: list[Problem] = []
    found: dict[str, tuple[str, str]] = {}
    first_line: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank lines are harmless
        row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=False))
        missing = [c for c in COLUMNS if not row.get(c)]
        if len(cells) > len(COLUMNS):
            problems.append(Problem(name, line, 1, "row", f"{len(cells)} values, expected "
                                    f"{len(COLUMNS)} ({','.join(COLUMNS)})",
                                    "quote a value that contains a comma"))
        elif missing:
            problems.append(Problem(name, line, 1, missing[0], f"no {missing[0]} given",
                                    f"every row needs {','.join(COLUMNS)}"))
        elif not is_url(row["homePage"]):
            problems.append(Problem(name, line, 1, "homePage",
                                    f"'{row['homePage']}' is not an http(s) URL",
                                    "give the LMS's address, e.g. https://lms.example.edu"))
        elif row["trainee"] in found:
            problems.append(Problem(name, line, 1, "trainee",
                                    f"'{row['trainee']}' is listed twice (first on line "
                                    f"{first_line[row['trainee']]})", "keep one row"))
        else:
            found[row["trainee"]] = (row["homePage"], row["name"])
            first_line[row["trainee"]] = line
    if problems:
        raise ContentError(problems)
    return found


__all__ = ["ACCOUNTS_ENV", "Accounts", "DEFAULT_HOME", "HOMEPAGE_ENV", "LEGACY_HOME",
           "is_url", "load_accounts", "placeholder_actor"]
