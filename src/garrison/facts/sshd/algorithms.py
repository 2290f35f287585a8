"""How sshd checks a configured algorithm list and turns one with `+`, `-` or `^` and wildcards into the
effective list (kex.c `kex_assemble_names`), for one release (`SshRelease`; Debian 12's 9.2 when none is
given). The names, their order and the verdicts come from the SSH algorithm table, `garrison.data.ssh`; each
release's defaults from `garrison.data.ssh_releases`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from garrison.data.ssh import DEFAULTS_9_2, AlgorithmKind, OpenSshVersion, algorithm, failing, known
from garrison.data.ssh_releases import REFERENCE, SshRelease
from garrison.facts.quoting import shown
from garrison.facts.sshd.match import match_pattern

#: Algorithm kind -> what the reference sshd (9.2) knows, in `ssh -Q` order; its defaults; the failing ones.
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


def validate(family: AlgorithmKind, value: str, version: OpenSshVersion = REFERENCE.version) -> str | None:
    """That release's parse-time check of an algorithm list; the error text, or None when acceptable."""
    if value.startswith("-"):
        return None
    names = value[1:] if value[:1] in "+^" else value
    supported = known(family, version)
    for name in names.split(","):
        if family in (AlgorithmKind.KEY, AlgorithmKind.SIG):
            if name and any(match_pattern(s, name) for s in supported):
                continue
        elif name in supported:
            continue
        return f"unsupported algorithm {_unsupported(family, name, version)}"
    return None


def _unsupported(family: AlgorithmKind, name: str, version: OpenSshVersion) -> str:
    """An unsupported name as a message may show it: a name of the table (safe to print) with the release
    that added or removed it, anything else as `quoting.shown` allows."""
    entry = algorithm(AlgorithmKind.KEY if family is AlgorithmKind.SIG else family, name)
    if entry is None:
        return repr(shown(name))
    if entry.removed is not None and version >= entry.removed:
        return f"'{name}' (removed in OpenSSH {entry.removed})"
    return f"'{name}' (OpenSSH {version} does not know it: added in {entry.introduced})"


def _cat(first: Sequence[str], second: Sequence[str]) -> list[str]:
    out = list(first)
    out.extend(name for name in second if name not in out)
    return out


def assemble(family: AlgorithmKind, value: str | None, release: SshRelease = REFERENCE) -> tuple[str, ...]:
    """The effective list for a configured value (None = the default), as `kex_assemble_names` builds it."""
    default = release.defaults[family]
    if not value:
        return default
    supported = known(family, release.version)
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


def assembled(keyword: str, values: tuple[str, ...], release: SshRelease = REFERENCE) -> str:
    """The comma-joined list sshd uses when algorithm-list `keyword` is set to `values` (() = its default)."""
    return ",".join(assemble(FAMILY_OF[keyword], values[0] if values else None, release))
