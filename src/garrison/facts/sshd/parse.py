"""Parsing one sshd_config file (OpenSSH 9.2p1 grammar): pure, never raises.

    parse_sshd_config(text, path) -> (ConfigFile(path, (Directive(keyword, written, values, location), ...)),
                                      (ParseIssue, ...))

Keywords are case-insensitive; `Keyword value`, `Keyword=value`, quotes and trailing `# comments` are
handled like sshd. Every problem sshd would die on (unknown keyword, bad value, missing or extra argument,
bad quotes, bad Match line) is a ParseIssue at file:line. Include lines keep their patterns as values.
"""

from __future__ import annotations

from garrison.facts.quoting import shown
from garrison.facts.sshd.keywords import KEYWORDS, ValueKind
from garrison.facts.sshd.lexer import split_line
from garrison.facts.sshd.match import parse_match
from garrison.facts.sshd.model import ConfigFile, Directive
from garrison.facts.sshd.values import parse_value
from garrison.model import Location, ParseIssue


def parse_sshd_config(text: str, path: str) -> tuple[ConfigFile, tuple[ParseIssue, ...]]:
    directives: list[Directive] = []
    issues: list[ParseIssue] = []
    for number, line in enumerate(text.split("\n"), start=1):
        try:
            split = split_line(line)
        except (ValueError, IndexError) as exc:  # defensive: the lexer is total, keep the contract anyway
            issues.append(ParseIssue(Location(path, number), f"cannot tokenise line: {type(exc).__name__}"))
            continue
        if split.keyword is None:
            continue
        where = Location(path, number)
        if split.error is not None:
            issues.append(ParseIssue(where, split.error))
            continue
        kw = KEYWORDS.get(split.keyword.lower())  # `keywords.lookup`, once per line
        if kw is None:
            issues.append(ParseIssue(where, f"Bad configuration option: {shown(split.keyword)}"))
            continue
        if kw.kind is ValueKind.MATCH:
            criteria = parse_match(split.rest)
            if criteria.error is not None:
                issues.append(ParseIssue(where, f"Bad Match condition: {criteria.error}"))
                continue
            directives.append(Directive("match", split.keyword, (split.rest,), where, criteria))
            continue
        if kw.kind is ValueKind.INCLUDE:
            if not split.args:
                issues.append(ParseIssue(where, f"{split.keyword} missing filename argument"))
                continue
            directives.append(Directive("include", split.keyword, split.args, where))
            continue
        values, error = parse_value(kw, split.keyword, split.args, split.rest)
        if error is not None:
            issues.append(ParseIssue(where, error))
            continue
        directives.append(Directive(kw.name, split.keyword, values, where))
    return ConfigFile(path, tuple(directives)), tuple(issues)
