"""Effective sshd settings from a resolved Include tree, as sshd computes them (servconf.c), with the compiled
defaults of the release judged (Debian 12's 9.2 unless told).

Global pass (`connection=None`): the main file is active, `Match All` is active, any other Match block is
not; the first value obtained wins, except for the keywords that accumulate (Port, ListenAddress, HostKey,
AcceptEnv, Allow/Deny*, Subsystem, HostCertificate) and the last-wins quirks (MaxStartups,
PerSourceMaxStartups, `UnusedConnectionTimeout none`). A keyword that is not allowed after Match, met inside
an inactive Match block, is fatal. An Include restores the including file's Match state when it returns.

Connection pass (`sshd -T -C ...`): only matching Match blocks are active; the Match-allowed values they set
(first wins, lists accumulate) replace the global ones. Pure, never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from garrison.data.ssh import OpenSshVersion
from garrison.data.ssh_releases import REFERENCE, SshRelease
from garrison.facts.quoting import shown
from garrison.facts.sshd.algorithms import FAMILY_OF, assemble
from garrison.facts.sshd.defaults import DEFAULT_HOST_KEYS, defaults_for
from garrison.facts.sshd.keywords import ValueKind, keywords_for
from garrison.facts.sshd.match import Connection
from garrison.facts.sshd.model import ConfigFile, Directive, MatchBlock, Setting, SettingSource
from garrison.model import ParseIssue

_ACCUMULATE = frozenset(
    {ValueKind.ACCUM, ValueKind.PORT, ValueKind.LISTEN, ValueKind.HOSTKEY, ValueKind.SUBSYSTEM}
)
_LAST_WINS = frozenset({ValueKind.MAXSTARTUPS, ValueKind.PERSOURCE})
#: From this release on a repeated Subsystem is skipped (logged at debug level), no longer fatal.
QUIET_SUBSYSTEM_REPEAT = OpenSshVersion(9, 5)


@dataclass(slots=True)
class _Pass:
    connection: Connection | None
    release: SshRelease = REFERENCE
    values: dict[str, Setting] = field(default_factory=dict)
    issues: list[ParseIssue] = field(default_factory=list)
    blocks: list[tuple[Directive, bool, list[Directive]]] = field(default_factory=list)

    def apply(self, directive: Directive) -> None:
        kw = keywords_for(self.release.version)[directive.written.lower()]
        kind = kw.kind
        if kind is ValueKind.IGNORE:
            return
        name = directive.keyword
        known = self.values.get(name)
        new = Setting(name, directive.values, directive.location, SettingSource.CONFIG)
        if kind in _ACCUMULATE:
            if known is None:
                self.values[name] = new
                return
            if kind is ValueKind.SUBSYSTEM:
                sub = directive.values[0].split()[0]
                if any(v.split()[0] == sub for v in known.values):
                    if self.release.version < QUIET_SUBSYSTEM_REPEAT:  # since 9.5: the first one, quietly
                        message = f"Subsystem '{shown(sub)}' already defined."
                        self.issues.append(ParseIssue(directive.location, message))
                    return
            self.values[name] = Setting(
                name, known.values + directive.values, known.location, SettingSource.CONFIG
            )
        elif (
            known is None
            or kind in _LAST_WINS
            or (kind is ValueKind.TIME_NONE and directive.values == ("none",))
        ):
            self.values[name] = new

    def walk(self, node: ConfigFile, active: bool, flags: str, block: list[Directive] | None) -> None:
        for directive in node.directives:
            if directive.keyword == "match":
                criteria = directive.criteria
                never = flags == "never" or criteria is None
                active = False if never or criteria is None else criteria.matches(self.connection)
                if flags == "match-only":
                    flags = ""
                block = []
                self.blocks.append((directive, flags != "never", block))
                continue
            if block is not None and directive.keyword != "include":
                block.append(directive)
            if directive.keyword == "include":
                before = active
                inner = "match-only" if flags == "match-only" else ("" if before else "never")
                for included in directive.files:
                    self.walk(included, active, inner, block)
                    active = before
                continue
            kw = keywords_for(self.release.version)[directive.written.lower()]
            if not active and not kw.match:
                if self.connection is None:
                    message = f"Directive '{directive.written}' is not allowed within a Match block"
                    self.issues.append(ParseIssue(directive.location, message))
                continue
            if active:
                self.apply(directive)


def _finish(values: dict[str, Setting], release: SshRelease) -> dict[str, Setting]:
    for name, family in FAMILY_OF.items():
        known = values.get(name)
        raw = known.values[0] if known is not None else None
        assembled = ",".join(assemble(family, raw, release))
        if known is None:
            values[name] = Setting(name, (assembled,))
        else:
            values[name] = Setting(name, (assembled,), known.location, known.source)
    return values


def global_settings(
    tree: ConfigFile, release: SshRelease = REFERENCE
) -> tuple[dict[str, Setting], tuple[MatchBlock, ...], tuple[ParseIssue, ...]]:
    """Effective global settings (that release's defaults filled in), every Match block, fatal problems."""
    state = _Pass(None, release)
    state.walk(tree, True, "", None)
    values = {k: Setting(k, v) for k, v in defaults_for(release.version).items()}
    values.update(state.values)
    if "hostkey" not in values:
        values["hostkey"] = Setting("hostkey", DEFAULT_HOST_KEYS)
    blocks = tuple(
        MatchBlock(d.location, d.criteria, tuple(items), reachable, release)
        for d, reachable, items in state.blocks
        if d.criteria is not None
    )
    return _finish(values, release), blocks, tuple(state.issues)


def connection_settings(
    tree: ConfigFile, connection: Connection, release: SshRelease = REFERENCE
) -> dict[str, Setting]:
    """What `sshd -T -C` prints for this connection: global values overridden by matching blocks."""
    base, _, _ = global_settings(tree, release)
    state = _Pass(connection, release)
    state.walk(tree, False, "match-only", None)
    for name, setting in state.values.items():
        if keywords_for(release.version)[name].match:
            base[name] = setting
    for name, family in FAMILY_OF.items():
        override = state.values.get(name)
        if override is not None:
            assembled = ",".join(assemble(family, override.values[0], release))
            base[name] = Setting(name, (assembled,), override.location, SettingSource.CONFIG)
    return base
