"""modprobe.d(5) configuration as kmod 30-34 (Debian 12, 13) reads it, and the modules loaded now.

Directories, highest priority first: /etc/modprobe.d, /run/modprobe.d, /usr/local/lib/modprobe.d,
/lib/modprobe.d, /usr/lib/modprobe.d. Only `*.conf` files count; a name in a higher directory hides the
same name below; the files are read in name order. `#` starts a comment line, a trailing backslash
continues a line, `-` and `_` in module names are the same. For `install`, the first command whose
pattern (fnmatch) matches the module is the one modprobe runs; `blacklist` ignores the module's aliases
(so a socket of that protocol no longer loads it) but an explicit `modprobe <module>` or a dependency
still loads it.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from enum import StrEnum

from garrison.errors import TargetFileError
from garrison.facts.reads import Reads, declares
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileKind, Target

MODPROBE_DIRS: tuple[str, ...] = (
    "/etc/modprobe.d",
    "/run/modprobe.d",
    "/usr/local/lib/modprobe.d",
    "/lib/modprobe.d",
    "/usr/lib/modprobe.d",
)
PROC_MODULES = "/proc/modules"
COMMANDS = frozenset({"alias", "blacklist", "install", "remove", "options", "softdep", "weakdep"})


class Command(StrEnum):
    BLACKLIST = "blacklist"
    INSTALL = "install"


@dataclass(frozen=True, slots=True)
class ModprobeLine:
    """A `blacklist <module>` or `install <pattern> <command>` line (module names with `_`)."""

    command: Command
    module: str
    argument: str  # the install command ("" for blacklist)
    location: Location


@dataclass(frozen=True, slots=True)
class ModprobeFacts:
    """files: the modprobe.d files read, in order; lines: their blacklist and install lines; loaded: the
    modules in /proc/modules (None offline)."""

    files: tuple[str, ...]
    lines: tuple[ModprobeLine, ...]
    loaded: frozenset[str] | None
    issues: tuple[ParseIssue, ...] = ()

    def install(self, module: str) -> ModprobeLine | None:
        """The install command modprobe runs instead of loading `module` (the first that matches)."""
        name = module_name(module)
        return next(
            (
                item
                for item in self.lines
                if item.command is Command.INSTALL and fnmatch.fnmatchcase(name, item.module)
            ),
            None,
        )

    def blacklist(self, module: str) -> ModprobeLine | None:
        name = module_name(module)
        return next((i for i in self.lines if i.command is Command.BLACKLIST and i.module == name), None)


def module_name(name: str) -> str:
    return name.replace("-", "_")


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) with backslash continuations joined and comment lines dropped."""
    joined: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if raw.endswith("\\"):
            pending += raw[:-1] + " "
            continue
        line, pending = pending + raw, ""
        if line.strip() and not line.lstrip().startswith("#"):
            joined.append((start, line.strip()))
    if pending.strip():
        joined.append((start, pending.strip()))
    return joined


def parse_modprobe_conf(text: str, path: str) -> tuple[tuple[ModprobeLine, ...], tuple[ParseIssue, ...]]:
    """blacklist and install lines of a modprobe.d file; an unknown command is an issue (kmod ignores it).
    Pure, never raises."""
    found: list[ModprobeLine] = []
    issues: list[ParseIssue] = []
    for number, line in _logical_lines(text):
        where = Location(path, number)
        words = line.split(None, 2)
        command = words[0]
        if command not in COMMANDS:
            issues.append(ParseIssue(where, "not a modprobe.d command, ignored by modprobe"))
            continue
        if command not in (Command.BLACKLIST, Command.INSTALL):
            continue
        if len(words) < 2 or (command == Command.INSTALL and len(words) < 3):
            issues.append(ParseIssue(where, f"`{command}` without its arguments, ignored"))
            continue
        argument = words[2] if command == Command.INSTALL else ""
        found.append(ModprobeLine(Command(command), module_name(words[1]), argument, where))
    return tuple(found), tuple(issues)


def config_files(target: Target) -> tuple[str, ...]:
    chosen: dict[str, str] = {}
    for directory in MODPROBE_DIRS:
        for name in target.list_dir(directory):
            if name.endswith(".conf") and name not in chosen:
                st = target.stat(f"{directory}/{name}")
                if st is not None and st.kind is FileKind.FILE:
                    chosen[name] = f"{directory}/{name}"
    return tuple(path for _, path in sorted(chosen.items()))


def _loaded(target: Target) -> frozenset[str] | None:
    if not target.live:
        return None
    try:
        text = target.read_text(PROC_MODULES, limit=4 * 1024 * 1024)
    except TargetFileError:
        return None
    return frozenset(line.split()[0] for line in text.splitlines() if line.split())


READS = Reads(files=(PROC_MODULES,), trees=tuple((d, 1) for d in MODPROBE_DIRS))


@declares(READS)
def gather_modprobe(target: Target) -> ModprobeFacts:
    lines: list[ModprobeLine] = []
    issues: list[ParseIssue] = []
    files = config_files(target)
    for path in files:
        found, problems = parse_modprobe_conf(target.read_text(path), path)
        lines.extend(found)
        issues.extend(problems)
    return ModprobeFacts(files, tuple(lines), _loaded(target), tuple(issues))
