"""The sshd facts model: parsed directives, the resolved Include tree, effective settings, Match blocks,
host key files and config file metadata, the release judged by, and what sshd would refuse. Frozen,
slotted dataclasses only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from garrison.data.ssh import OpenSshVersion
from garrison.data.ssh_releases import REFERENCE, SshRelease
from garrison.effective import Effective, Source
from garrison.facts.notes import NotedFacts
from garrison.facts.sshd.algorithms import FAMILY_OF, assembled
from garrison.facts.sshd.match import Connection, MatchCriteria, describe
from garrison.facts.sshd.moduli import ModuliFile
from garrison.model import Dialect, Location, ParseIssue, SettingRef


@dataclass(frozen=True, slots=True)
class Directive:
    """One `Keyword value...` line. `keyword` is the name `sshd -T` prints; `values` as it prints them."""

    keyword: str
    written: str
    values: tuple[str, ...]
    location: Location
    criteria: MatchCriteria | None = None  # Match lines
    files: tuple[ConfigFile, ...] = ()  # Include lines, once resolved


@dataclass(frozen=True, slots=True)
class UnknownKeyword:
    """A line whose keyword the judged release does not know: sshd refuses the file, the setting never
    applies. `suggestion` is the known keyword it is likely a misspelling of; `since` the release that
    added it when it is a newer release's keyword."""

    written: str
    location: Location
    suggestion: str | None = None
    since: OpenSshVersion | None = None


@dataclass(frozen=True, slots=True)
class MissingInclude:
    """An Include line naming a file (no wildcard) that does not exist: sshd skips it silently."""

    location: Location
    path: str


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """One file: its directives, the lines whose keyword is unknown, and the commented-out settings
    (`#PermitRootLogin prohibit-password`) before any Match line: keyword -> line, first one each."""

    path: str
    directives: tuple[Directive, ...]
    unknown: tuple[UnknownKeyword, ...] = ()
    commented: tuple[tuple[str, int], ...] = ()
    refused: tuple[tuple[str, ParseIssue], ...] = ()  # keyword -> why sshd refuses a line setting it


class SettingSource(StrEnum):
    """Where an effective sshd value comes from."""

    DEFAULT = "default"  # compiled in: no line sets it
    CONFIG = "config"  # a line of sshd_config or a file it includes
    LIVE = "sshd -T"  # what the running sshd prints (its location, when known, is the config line)


_SOURCE = {
    SettingSource.DEFAULT: Source.DEFAULT,
    SettingSource.CONFIG: Source.SET,
    SettingSource.LIVE: Source.LIVE,
}


def _value(keyword: str, values: tuple[str, ...], release: SshRelease) -> str:
    """The values as one string: words joined by spaces, an algorithm list as sshd assembles it."""
    return assembled(keyword, values, release) if keyword in FAMILY_OF else " ".join(values)


@dataclass(frozen=True, slots=True)
class Setting:
    """An effective value. `location` is None for a compiled default; `source` says where it came from."""

    keyword: str
    values: tuple[str, ...]
    location: Location | None = None
    source: SettingSource = SettingSource.DEFAULT

    @property
    def value(self) -> str:
        return " ".join(self.values)

    @property
    def is_default(self) -> bool:
        return self.source is SettingSource.DEFAULT


@dataclass(frozen=True, slots=True)
class MatchBlock:
    """A Match block: its line, criteria and the directives under it (first one per keyword wins)."""

    location: Location
    criteria: MatchCriteria
    directives: tuple[Directive, ...]
    reachable: bool = True  # False inside a file included from a Match block: sshd never applies it
    release: SshRelease = REFERENCE  # whose defaults an algorithm list with +, - or ^ builds on

    @property
    def text(self) -> str:
        return describe(self.criteria)

    @property
    def scope(self) -> str:
        """The block as a setting's scope: `Match User backup`."""
        return f"Match {self.text}"

    def ref(self, directive: Directive, name: str) -> SettingRef:
        """The setting `name` (as sshd_config(5) spells it) as this block's `directive` sets it."""
        return SettingRef(Dialect.SSHD, directive.location.path, name, self.scope)

    def effective(self, directive: Directive, name: str) -> Effective[str]:
        """The value this block's `directive` sets for `name`, at its line (scope: the block)."""
        value = _value(directive.keyword, directive.values, self.release)
        return Effective(value, value, self.ref(directive, name), directive.location.line)

    def first(self, keyword: str) -> Directive | None:
        for directive in self.directives:
            if directive.keyword == keyword:
                return directive
        return None


@dataclass(frozen=True, slots=True)
class FileInfo:
    path: str
    mode: int
    uid: int
    gid: int


@dataclass(frozen=True, slots=True)
class HostKey:
    """A configured host key. `kind` (rsa, dsa, ecdsa, ed25519, ...) and `bits` come from its public half;
    None when it could not be read. Private key material is never kept."""

    path: str
    location: Location | None
    exists: bool
    mode: int | None = None
    uid: int | None = None
    kind: str | None = None
    bits: int | None = None
    problem: str | None = None
    gid: int | None = None


@dataclass(frozen=True, slots=True)
class SshdFacts(NotedFacts):
    """The OpenSSH server as configured.

    settings: keyword (as `sshd -T` prints it) -> effective global Setting, compiled defaults included;
    match_blocks: every Match block in file order; tree: the main file with its Includes resolved;
    files: mode/owner of every config file read; host_keys: configured (or default) host key files;
    moduli: the DH group file, None when absent; release: the OpenSSH release judged by (defaults, known
    keywords and algorithm names), version_note why it is not the installed one when it is not;
    problems: everything sshd would refuse to start with (the settings that could be read are judged,
    marked by `verdict_notes`); unknown_keywords, ignored and missing_includes: lines that never apply.
    """

    config_path: str
    settings: Mapping[str, Setting]
    match_blocks: tuple[MatchBlock, ...]
    tree: ConfigFile
    files: tuple[FileInfo, ...] = ()
    host_keys: tuple[HostKey, ...] = ()
    live: bool = False
    moduli: ModuliFile | None = None
    release: SshRelease = REFERENCE
    version_note: str | None = None
    problems: tuple[ParseIssue, ...] = ()
    unknown_keywords: tuple[UnknownKeyword, ...] = ()
    missing_includes: tuple[MissingInclude, ...] = ()
    #: deprecated or unsupported keywords' lines: sshd accepts them, logs them and ignores them
    ignored: tuple[Directive, ...] = ()
    #: keyword -> the first refused line that sets it (or a misspelling of it): the keyword cannot be read
    refused: Mapping[str, ParseIssue] = field(default_factory=lambda: MappingProxyType({}))
    #: keyword -> the reachable Match blocks that set it, with the deciding directive (`blocks_setting`),
    #: built once with the facts: rules ask for ~30 keywords, a config may have 30,000 blocks
    _block_index: Mapping[str, tuple[tuple[MatchBlock, Directive], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_block_index", MappingProxyType(index_blocks(self.match_blocks)))

    def for_connection(self, connection: Connection) -> Mapping[str, Setting]:
        """Effective settings for one connection, as `sshd -T -C ...` would print them (from the files)."""
        from garrison.facts.sshd.effective import connection_settings

        return MappingProxyType(connection_settings(self.tree, connection, self.release))

    def get(self, keyword: str) -> Setting:
        found = self.settings.get(keyword)
        return found if found is not None else Setting(keyword, ())

    def knows(self, keyword: str) -> bool:
        """Whether the judged release accepts `keyword` (lowercase, as `sshd -T` prints it)."""
        from garrison.facts.sshd.keywords import keywords_for

        return keyword in keywords_for(self.release.version)

    def verdict_notes(self) -> tuple[str, ...]:
        """What every verdict on these facts must say (`facts.notes.NotedFacts`): that the configuration is
        one sshd would refuse."""
        if not self.problems:
            return ()
        first = self.problems[0]
        more = f" and {len(self.problems) - 1} more" if len(self.problems) > 1 else ""
        return (f"judged from a configuration sshd would refuse ({first.location}{more})",)

    def where(self, setting: Setting) -> Location:
        """The setting's file:line; for a compiled default the main config's commented-out line of it
        (`#PermitRootLogin prohibit-password`) or the main config (line None); the main config for a live
        value no line sets."""
        if setting.location is not None:
            return setting.location
        if setting.source is SettingSource.DEFAULT:
            for keyword, line in self.tree.commented:
                if keyword == setting.keyword:
                    return Location(self.config_path, line)
        return Location(self.config_path)

    def ref(self, setting: Setting, name: str) -> SettingRef:
        """The global setting `name` (as sshd_config(5) spells it): where a line sets it, where it belongs
        when absent (the main config), or the running sshd's value (`Dialect.LIVE`) when no line sets it."""
        dialect = (
            Dialect.LIVE
            if setting.source is SettingSource.LIVE and setting.location is None
            else Dialect.SSHD
        )
        return SettingRef(dialect, self.where(setting).path, name)

    def effective(self, keyword: str, name: str) -> Effective[str]:
        """The global effective value of `keyword` (`name` as sshd_config(5) spells it): words joined by
        spaces, an algorithm list as sshd assembles it; cited at its line, or (compiled default, line None)
        at the main config, or as the running sshd's value."""
        setting = self.get(keyword)
        value = _value(keyword, setting.values, self.release)
        line = self.where(setting).line
        return Effective(value, value, self.ref(setting, name), line, _SOURCE[setting.source])

    def blocks_setting(self, keyword: str) -> tuple[tuple[MatchBlock, Directive], ...]:
        """Reachable Match blocks that set `keyword`, with the directive that decides it there (the first
        one in the block), in file order."""
        return self._block_index.get(keyword, ())


def index_blocks(
    blocks: tuple[MatchBlock, ...],
) -> dict[str, tuple[tuple[MatchBlock, Directive], ...]]:
    """keyword -> (block, `block.first(keyword)`) for every reachable block that sets it, in block order."""
    found: dict[str, list[tuple[MatchBlock, Directive]]] = {}
    for block in blocks:
        if not block.reachable:
            continue
        seen: set[str] = set()
        for directive in block.directives:
            if directive.keyword not in seen:
                seen.add(directive.keyword)
                found.setdefault(directive.keyword, []).append((block, directive))
    return {keyword: tuple(pairs) for keyword, pairs in found.items()}
