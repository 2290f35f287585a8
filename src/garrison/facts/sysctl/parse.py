"""Parser for sysctl.d(5) files, following systemd 252's `parse_file` (src/sysctl/sysctl.c).

Rules kept: blank lines and lines starting with `#` or `;` are comments (no inline comments); `key = value`
with whitespace stripped around both; a leading `-` on an assignment ignores write failures; `-key` without
`=` excludes the key from glob patterns; `.` and `/` separators are normalised as systemd does.
"""

from __future__ import annotations

import re

from garrison.facts.quoting import shown
from garrison.facts.sysctl.model import SysctlAssignment, normalize_key
from garrison.model import Location, ParseIssue

_INLINE_COMMENT = re.compile(r"\s[#;]")
#: `#net.ipv4.ip_forward=1`, `# kernel.sysrq = 438`: a commented-out assignment (a dotted key, a value).
_COMMENTED = re.compile(r"^[#;]+\s*(?P<key>[A-Za-z0-9_]+(?:[./][A-Za-z0-9_*-]+)+)\s*=\s*\S")
_BAD_KEY_CHARS = re.compile(r"[\s\x00-\x1f\x7f=\ufeff]")


def parse_sysctl_conf(text: str, path: str) -> tuple[tuple[SysctlAssignment, ...], tuple[ParseIssue, ...]]:
    """Assignments in file order and the lines systemd-sysctl would warn about and skip.

    Pure and never raises. Shape: `(SysctlAssignment(key="net/ipv4/ip_forward", value="0",
    location=Location(path, 3)), ...)`.
    """
    assignments: list[SysctlAssignment] = []
    issues: list[ParseIssue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        where = Location(path, number)
        key, sep, value = line.partition("=")
        ignore_failure = False
        if key.startswith("-"):
            key = key[1:]
            ignore_failure = bool(sep)
        if not sep and not line.startswith("-"):
            issues.append(ParseIssue(where, "line is not an assignment (no '='), ignored"))
            continue
        name = normalize_key(key)
        if not name:
            issues.append(ParseIssue(where, "assignment without a key, ignored"))
            continue
        if _BAD_KEY_CHARS.search(name):
            issues.append(ParseIssue(where, "not a valid sysctl key (blanks or control characters), ignored"))
            continue
        if not sep:
            assignments.append(SysctlAssignment(name, None, where))
            continue
        value = value.strip()
        if not value:
            issues.append(ParseIssue(where, f"{shown(name.replace('/', '.'))} has an empty value, ignored"))
            continue
        comment = _INLINE_COMMENT.search(value)
        if comment is not None:
            issues.append(
                ParseIssue(
                    where,
                    "inline comments are not supported: the text after the value is passed to the kernel",
                )
            )
            value = value[: comment.start()].strip()
        assignments.append(SysctlAssignment(name, value, where, ignore_failure))
    return tuple(assignments), tuple(issues)


def commented_settings(text: str, path: str) -> tuple[tuple[str, Location], ...]:
    """Commented-out assignments (`#net.ipv4.conf.all.rp_filter=1`) as (normalised key, line): where an
    absent key is cited. Prose never matches (a key needs a dot and `=` a value). Pure, never raises."""
    found: list[tuple[str, Location]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _COMMENTED.match(raw.strip())
        if match is not None:
            found.append((normalize_key(match["key"]), Location(path, number)))
    return tuple(found)
