"""What an administrator must never read in a finding: Python reprs, empty evidence, repeated evidence lines,
`1 files`, lazy `(s)` plurals, numeric owners where the account database has names, short octal modes.

`wording_problems(outcome)` returns one line per problem (empty when the outcome reads right); the report and
case tests run it over every finding they produce.
"""

from __future__ import annotations

import re
from collections import Counter

from garrison.model import Evidence, Outcome

#: Python leaking into text: container reprs, None/True/False, octal literals, object reprs.
REPR_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a list repr", re.compile(r"\[['\"]")),
    ("a tuple repr", re.compile(r"\(['\"][^'\"]*['\"],")),
    ("a dict repr", re.compile(r"\{['\"][^'\"]*['\"]:\s")),
    ("a set or frozenset repr", re.compile(r"\b(?:frozen)?set\(|\bdict_(?:keys|values|items)\(")),
    ("Python's None", re.compile(r"\bNone\b")),
    ("a Python bool", re.compile(r"\b(?:True|False)\b")),
    ("a Python octal literal", re.compile(r"\b0o[0-7]+\b")),
    ("an object repr", re.compile(r"<[\w.]+ object at 0x")),
)
#: `item(s)`, `director(ies)`: the count is known, so the plural is too.
LAZY_PLURAL = re.compile(r"\w\((?:s|es|ies)\)")
#: Plural nouns the rules count; `1 <plural>` (with up to two words between) is a missed singular.
PLURAL_NOUNS = (
    "accounts|administrators|backends|certificates|days|directories|Dockerfiles|endpoints|entries|failures|"
    "files|gids|groups|hours|keys|levels|lines|listeners|locations|minutes|modules|mounts|names|packages|"
    "parameters|paths|patterns|ports|records|roles|rules|seconds|secrets|servers|services|settings|sockets|"
    "suites|uids|units|users|values"
)
ONE_PLURAL = re.compile(rf"(?<![\w.:/-])1 (?!to\b)(?:[\w.-]+ )?(?:{PLURAL_NOUNS})\b")
MANY_OF_ONE = re.compile(r"\b(?:all|none of(?: the)?) 1 \w+")
#: A permission mode in words must have four octal digits (`mode 644` or `mode 0o644` is not how we write it).
SHORT_MODE = re.compile(r"\bmode (?!0o)(\d{1,3}|\d{5,})\b")


def texts(outcome: Outcome) -> list[tuple[str, str]]:
    """(where, text) for the message and every evidence part."""
    found = [("message", outcome.message)]
    for index, item in enumerate(outcome.evidence):
        for part in ("actual", "expected"):
            value = getattr(item, part)
            if value is not None:
                found.append((f"evidence[{index}].{part}", value))
    return found


def _evidence_problems(evidence: tuple[Evidence, ...]) -> list[str]:
    problems = []
    for index, item in enumerate(evidence):
        for part in ("actual", "expected"):
            value = getattr(item, part)
            if value is not None and not value.strip():
                problems.append(f"evidence[{index}].{part} is empty (use None)")
        if item.location is not None and not item.location.path.strip():
            problems.append(f"evidence[{index}] has an empty location")
    repeated = [item for item, count in Counter(evidence).items() if count > 1]
    problems.extend(f"evidence repeated: {item}" for item in repeated)
    return problems


def wording_problems(outcome: Outcome, *, named_ids: frozenset[str] = frozenset()) -> list[str]:
    """Every wording defect of one outcome. `named_ids` are `uid:gid` pairs the account database can name:
    shown as numbers they break "owners shown one way" (`0644 0:0` where `root:root` is known)."""
    problems = _evidence_problems(outcome.evidence)
    if not outcome.message.strip() or outcome.message.rstrip().endswith(":"):
        problems.append(f"message is empty or unfinished: {outcome.message!r}")
    for where, text in texts(outcome):
        for label, pattern in REPR_PATTERNS:
            if pattern.search(text):
                problems.append(f"{where} has {label}: {text}")
        if LAZY_PLURAL.search(text):
            problems.append(f"{where} has a lazy plural: {text}")
        for pattern in (ONE_PLURAL, MANY_OF_ONE):
            found = pattern.search(text)
            if found:
                problems.append(f"{where} says {found.group(0)!r}: {text}")
        if SHORT_MODE.search(text):
            problems.append(f"{where} has a mode without four octal digits: {text}")
        for pair in named_ids:
            if re.search(rf"(?<![\w:]){re.escape(pair)}(?![\w:])", text):
                problems.append(f"{where} shows owner {pair} by number although it has names: {text}")
    return problems
