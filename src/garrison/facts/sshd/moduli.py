"""The Diffie-Hellman group file sshd reads for group exchange (moduli(5)): pure, never raises.

    parse_moduli(text, path) -> (ModuliFile(path, (ModuliEntry(line, bits), ...)), issues)

Each line is `timestamp type tests tries size generator modulus`; `size` is the modulus length minus one
(2047 for a 2048-bit prime), so `bits = size + 1`. Comment and blank lines are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.model import Location, ParseIssue


@dataclass(frozen=True, slots=True)
class ModuliEntry:
    line: int
    bits: int


@dataclass(frozen=True, slots=True)
class ModuliFile:
    path: str
    entries: tuple[ModuliEntry, ...]


def parse_moduli(text: str, path: str) -> tuple[ModuliFile, tuple[ParseIssue, ...]]:
    entries: list[ModuliEntry] = []
    issues: list[ParseIssue] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) != 7 or not fields[4].isascii() or not fields[4].isdigit() or len(fields[4]) > 6:
            issues.append(ParseIssue(Location(path, number), "not a moduli(5) line"))
            continue
        entries.append(ModuliEntry(number, int(fields[4]) + 1))
    return ModuliFile(path, tuple(entries)), tuple(issues)
