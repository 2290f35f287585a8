"""How sshd 9.2p1 (Debian 12) checks a configured algorithm list and turns one with `+`, `-` or `^` and
wildcards into the effective list (kex.c `kex_assemble_names`). The names, their order, the defaults and
the verdicts come from the SSH algorithm table, `garrison.data.ssh`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from garrison.data.ssh import DEFAULTS_9_2, AlgorithmKind, failing, known
from garrison.facts.quoting import shown
from garrison.facts.sshd.match import match_pattern

#: Algorithm kind -> what sshd 9.2 knows, in `ssh -Q` order; its defaults; the ones the table fails.
SUPPORTED: Mapping[AlgorithmKind, tuple[str, ...]] = MappingProxyType({k: known(k) for k in AlgorithmKind})
DEFAULTS: Mapping[AlgorithmKind, tuple[str, ...]] = DEFAULTS_9_2
WEAK: Mapping[AlgorithmKind, frozenset[str]] = MappingProxyType({k: failing(k) for k in AlgorithmKind})

#: Keyword -> the kind of algorithm its list names.
FAMILY_OF: Mapping[str, AlgorithmKind] = MappingProxyType(
    {
        "ciphers": AlgorithmKind.CIPHER,
        "macs": AlgorithmKind.MAC,
        "kexalgorithms": AlgorithmKind.KEX,
        "hostkeyalgorithms": AlgorithmKind.KEY,
        "hostbasedacceptedalgorithms": AlgorithmKind.KEY,
        "pubkeyacceptedalgorithms": AlgorithmKind.KEY,
        "casignaturealgorithms": AlgorithmKind.SIG,
    }
)


def validate(family: AlgorithmKind, value: str) -> str | None:
    """sshd's parse-time check of an algorithm list; the error text, or None when it is acceptable."""
    if value.startswith("-"):
        return None
    names = value[1:] if value[:1] in "+^" else value
    supported = SUPPORTED[family]
    for name in names.split(","):
        if family in (AlgorithmKind.KEY, AlgorithmKind.SIG):
            if name and any(match_pattern(s, name) for s in supported):
                continue
        elif name in supported:
            continue
        return f"unsupported algorithm {shown(name)!r}"
    return None


def _cat(first: Sequence[str], second: Sequence[str]) -> list[str]:
    out = list(first)
    out.extend(name for name in second if name not in out)
    return out


def assemble(family: AlgorithmKind, value: str | None) -> tuple[str, ...]:
    """The effective list for a configured value (None = the default), as `kex_assemble_names` builds it."""
    default = DEFAULTS[family]
    if not value:
        return default
    supported = SUPPORTED[family]
    if value.startswith("-"):
        removed = value[1:].split(",")
        return tuple(n for n in default if not any(match_pattern(n, p) for p in removed))
    if value.startswith("+"):
        wanted = _cat(default, value[1:].split(","))
    elif value.startswith("^"):
        wanted = _cat(value[1:].split(","), default)
    else:
        wanted = value.split(",")
    result: list[str] = []
    for pattern in wanted:
        if not pattern:
            break
        result.extend(n for n in supported if match_pattern(n, pattern) and n not in result)
    return tuple(result)


def assembled(keyword: str, values: tuple[str, ...]) -> str:
    """The comma-joined list sshd uses when algorithm-list `keyword` is set to `values` (() = its default)."""
    return ",".join(assemble(FAMILY_OF[keyword], values[0] if values else None))
