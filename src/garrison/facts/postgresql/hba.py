"""Parse pg_hba.conf text with pgtoolkit.hba, keeping each record's line number (PostgreSQL 15 syntax).

Comments are cut at a `#` outside double quotes before pgtoolkit sees the line (pgtoolkit only knows a `#`
standing alone as a token). PostgreSQL 15 has no `include` directives in pg_hba.conf and refuses to start on a
bad record, so every unreadable record is a `ParseIssue`.
"""

from __future__ import annotations

from garrison.facts.placeholders import has_placeholder
from garrison.facts.postgresql.model import PLACEHOLDER_ISSUE, HbaEntry
from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

_CONNECTION_TYPES = frozenset({"local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"})
_METHODS = frozenset(
    {"trust", "reject", "scram-sha-256", "md5", "password", "gss", "sspi", "ident", "peer", "ldap", "radius",
     "cert", "pam", "bsd"}
)  # fmt: skip


def _strip_comment(line: str) -> str:
    if "#" not in line:
        return line
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return line[:index]
    return line


def _split(value: str) -> tuple[str, ...]:
    if '"' not in value and "," not in value:  # one plain name: what the general case gives, directly
        return (value,) if value else ()
    return tuple(part.strip('"') for part in value.split(",") if part)


def _plain_record(words: list[str], where: Location) -> HbaEntry | None:
    """The record pgtoolkit would read from words without quotes or `=` (no options), when they are exactly
    its fields (`local db user method`, `host db user address [netmask] method`) and the method is known;
    None for anything else, which pgtoolkit then reads (and complains about) as before."""
    local = words[0] == "local"
    if len(words) not in ((4,) if local else (5, 6)):
        return None
    method = words[-1].lower()
    if method not in _METHODS:
        return None
    return HbaEntry(
        conntype=words[0],
        databases=_split(words[1]),
        users=_split(words[2]),
        address=None if local else words[3],
        netmask=words[4] if len(words) == 6 else None,
        method=method,
        location=where,
    )


def parse_pg_hba(text: str, path: str) -> tuple[tuple[HbaEntry, ...], tuple[ParseIssue, ...]]:
    """Pure, never raises: `(records in file order, issues)`. A record of plain words (no quotes, no `=`
    options: nearly all of them) is read directly, with what pgtoolkit makes of it; any other goes to
    pgtoolkit."""
    from pgtoolkit.hba import HBARecord

    entries: list[HbaEntry] = []
    issues: list[ParseIssue] = []
    templated = "{" in text or "<" in text  # every placeholder form has one of them
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        where = Location(path, number)
        if templated and has_placeholder(line):
            issues.append(ParseIssue(where, f"{PLACEHOLDER_ISSUE} in a pg_hba.conf record"))
            continue
        words = line.split()
        first = words[0]
        if first not in _CONNECTION_TYPES:
            issues.append(ParseIssue(where, "invalid connection type (the record's first word)"))
            continue
        if '"' not in line and "=" not in line:
            plain = _plain_record(words, where)
            if plain is not None:
                entries.append(plain)
                continue
        try:
            record = HBARecord.parse(line)
            # attributes, not as_dict(): pgtoolkit < 0.30 has none and < 0.33 names the fields differently
            method = str(vars(record)["method"])
            databases, users = _split(str(record.database)), _split(str(record.user))
        except Exception:  # pgtoolkit raises AssertionError/ValueError/KeyError on short or odd records
            issues.append(ParseIssue(where, "incomplete pg_hba.conf record (missing fields)"))
            continue
        address = getattr(record, "address", None)
        netmask = getattr(record, "netmask", None)
        if "=" in method or (record.conntype != "local" and address is not None and "=" in str(address)):
            issues.append(ParseIssue(where, "incomplete pg_hba.conf record (no authentication method)"))
            continue
        if method.lower() not in _METHODS:
            issues.append(ParseIssue(where, f"invalid authentication method {shown(method)!r}"))
            continue
        entries.append(
            HbaEntry(
                conntype=first,
                databases=databases,
                users=users,
                address=None if address is None else str(address),
                netmask=None if netmask is None else str(netmask),
                method=method.lower(),
                location=where,
            )
        )
    return tuple(entries), tuple(issues)
