"""Parsing one sshd_config file as one OpenSSH release reads it (Debian 12's 9.2 by default): pure, never
raises.

    parse_sshd_config(text, path, release) -> (ConfigFile(path, (Directive(keyword, written, values,
                                               location), ...), unknown, commented), (ParseIssue, ...))

Keywords are case-insensitive; `Keyword value`, `Keyword=value`, quotes and trailing `# comments` are
handled like sshd. Every problem sshd would die on (unknown keyword, bad value, missing or extra argument,
bad quotes, bad Match line, an algorithm name the release does not know) is a ParseIssue at file:line; the
line is left out and every other line is kept. An unknown keyword is also an `UnknownKeyword` (with the
known keyword it likely misspells, or the release that added it). Include lines keep their patterns as
values. `refused` names the keyword of each refused line (a misspelt keyword: the one it likely means).
`commented` maps the keywords of commented-out settings (`#PermitRootLogin prohibit-password`,
before any Match line, commented or not) to their first line: where an absent setting is cited.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from garrison.data.ssh_releases import REFERENCE, SshRelease
from garrison.facts.quoting import shown
from garrison.facts.sshd.keywords import KEYWORDS, Keyword, ValueKind, keywords_for
from garrison.facts.sshd.lexer import split_line
from garrison.facts.sshd.match import parse_match
from garrison.facts.sshd.model import ConfigFile, Directive, UnknownKeyword
from garrison.facts.sshd.values import parse_value
from garrison.model import Location, ParseIssue

#: `#Keyword value` (any blanks after the `#`): a commented-out setting, when Keyword is one.
_COMMENTED = re.compile(r"#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t=]+\S")


def parse_sshd_config(
    text: str, path: str, release: SshRelease = REFERENCE
) -> tuple[ConfigFile, tuple[ParseIssue, ...]]:
    known = keywords_for(release.version)
    directives: list[Directive] = []
    issues: list[ParseIssue] = []
    unknown: list[UnknownKeyword] = []
    commented: dict[str, int] = {}
    refused: list[tuple[str, ParseIssue]] = []
    in_match = False
    for number, line in enumerate(text.split("\n"), start=1):
        try:
            split = split_line(line)
        except (ValueError, IndexError) as exc:  # defensive: the lexer is total, keep the contract anyway
            issues.append(ParseIssue(Location(path, number), f"cannot tokenise line: {type(exc).__name__}"))
            continue
        if split.keyword is None:
            in_match = _comment(line, number, commented, in_match, release)
            continue
        where = Location(path, number)
        kw = known.get(split.keyword.lower())  # `keywords.lookup`, once per line
        if split.error is not None:
            issues.append(ParseIssue(where, split.error))
            if kw is not None:  # `PermitRootLogin` alone, an unclosed quote: that setting cannot be read
                refused.append((kw.name, issues[-1]))
            continue
        if kw is None:
            unknown.append(odd := _unknown(split.keyword, where, release))
            issues.append(ParseIssue(where, f"Bad configuration option: {shown(split.keyword)}"))
            meant = odd.suggestion or (split.keyword.lower() if odd.since is not None else None)
            if meant is not None:  # a misspelling of a keyword, or a newer release's keyword
                refused.append((KEYWORDS[meant].name, issues[-1]))
            continue
        in_match = in_match or kw.kind is ValueKind.MATCH
        directive, problem = _directive(kw, split.keyword, split.args, split.rest, where, release)
        if problem is not None:
            issues.append(ParseIssue(where, problem))
            refused.append((kw.name, issues[-1]))
        elif directive is not None:
            directives.append(directive)
    found = ConfigFile(path, tuple(directives), tuple(unknown), tuple(commented.items()), tuple(refused))
    return found, tuple(issues)


def _comment(line: str, number: int, found: dict[str, int], in_match: bool, release: SshRelease) -> bool:
    """Record a commented-out setting's line (one that would parse if uncommented: `# Ciphers and keying` is
    prose); whether a (commented) Match block has begun."""
    if in_match:
        return True
    text = line.lstrip(" \t")
    if _COMMENTED.match(text) is None:
        return False
    split = split_line(text[1:])
    kw = keywords_for(release.version).get((split.keyword or "").lower())
    if kw is None or split.error is not None:
        return False
    if kw.kind is ValueKind.MATCH:
        return True
    if kw.kind is not ValueKind.INCLUDE and split.keyword is not None and kw.name not in found:
        _, error = parse_value(kw, split.keyword, split.args, split.rest, release.version)
        if error is None:
            found[kw.name] = number
    return False


def _directive(
    kw: Keyword, written: str, args: tuple[str, ...], rest: str, where: Location, release: SshRelease
) -> tuple[Directive | None, str | None]:
    if kw.kind is ValueKind.MATCH:
        criteria = parse_match(rest)
        if criteria.error is not None:
            return None, f"Bad Match condition: {criteria.error}"
        return Directive("match", written, (rest,), where, criteria), None
    if kw.kind is ValueKind.INCLUDE:
        if not args:
            return None, f"{written} missing filename argument"
        return Directive("include", written, args, where), None
    values, error = parse_value(kw, written, args, rest, release.version)
    if error is not None:
        return None, error
    return Directive(kw.name, written, values, where), None


@cache
def _names(release: SshRelease) -> list[str]:
    return sorted({kw.name for kw in keywords_for(release.version).values()})


def _unknown(written: str, where: Location, release: SshRelease) -> UnknownKeyword:
    """An unknown keyword: a newer release's (with the release that added it) or a likely misspelling."""
    newer = KEYWORDS.get(written.lower())
    if newer is not None:
        return UnknownKeyword(written, where, None, newer.since)
    close = difflib.get_close_matches(written.lower(), _names(release), n=1, cutoff=0.75)
    return UnknownKeyword(written, where, close[0] if close else None)
