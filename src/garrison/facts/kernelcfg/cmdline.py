"""The kernel command line: what the running kernel was booted with (/proc/cmdline, live) and what the
boot loader configuration asks for (/etc/default/grub and /etc/default/grub.d/*.cfg as grub-mkconfig
sources them, the `linux` lines of /boot/grub/grub.cfg, systemd-boot's /etc/kernel/cmdline).

The kernel takes the last occurrence of a parameter (`apparmor=`, `security=`, `lsm=`);
`module_blacklist=` and `modprobe.blacklist=` take comma-separated module names.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from garrison.facts.reads import Reads, declares
from garrison.model import Location, ParseIssue
from garrison.targets.base import Target, read_if_present

PROC_CMDLINE = "/proc/cmdline"
DEFAULT_GRUB = "/etc/default/grub"
GRUB_D = "/etc/default/grub.d"
GRUB_CFG = "/boot/grub/grub.cfg"
KERNEL_CMDLINE = "/etc/kernel/cmdline"
GRUB_VARS = ("GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT")
_ASSIGN = re.compile(r"^\s*(?:export\s+)?(GRUB_CMDLINE_LINUX(?:_DEFAULT)?)=(.*)$")
_VAR = re.compile(r"\$\{?(GRUB_CMDLINE_LINUX(?:_DEFAULT)?)\}?")
_LINUX = re.compile(r"^\s*linux(?:efi|16)?\s+\S+\s*(.*)$")


@dataclass(frozen=True, slots=True)
class CmdlineParam:
    """One `name=value` (value None for a bare flag) and where it is written."""

    name: str
    value: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class BootCmdline:
    """live: the running kernel's parameters (None offline); configured: those the boot configuration
    passes, in the order the kernel would see them."""

    live: tuple[CmdlineParam, ...] | None
    configured: tuple[CmdlineParam, ...]
    issues: tuple[ParseIssue, ...] = ()

    def last(self, name: str, *, live: bool) -> CmdlineParam | None:
        params = (self.live or ()) if live else self.configured
        return next((p for p in reversed(params) if p.name == name), None)

    def values(self, name: str, *, live: bool) -> list[tuple[str, CmdlineParam]]:
        """Every comma-separated value of `name` (`module_blacklist=dccp,sctp`), each with its parameter."""
        params = (self.live or ()) if live else self.configured
        return [(v, p) for p in params if p.name == name and p.value for v in p.value.split(",") if v]


def split_params(text: str, location: Location) -> list[CmdlineParam]:
    """Parameters of a command line (double quotes group a value, as the kernel's parser does)."""
    try:
        words = shlex.split(text, comments=False, posix=True)
    except ValueError:
        words = text.split()
    params = []
    for word in words:
        name, sep, value = word.partition("=")
        params.append(CmdlineParam(name, value if sep else None, location))
    return params


def parse_default_grub(
    text: str, path: str, env: dict[str, tuple[str, Location]] | None = None
) -> tuple[dict[str, tuple[str, Location]], list[ParseIssue]]:
    """The GRUB_CMDLINE_LINUX(_DEFAULT) values after sourcing this file on top of `env` (what earlier files
    set), `$GRUB_CMDLINE_LINUX` expanded; each value with the line that last assigned it. Pure, never
    raises: `env` is copied."""
    values = dict(env or {})
    issues: list[ParseIssue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _ASSIGN.match(raw)
        if match is None:
            continue
        name, value = match.groups()
        try:
            words = shlex.split(value, comments=True, posix=True)
        except ValueError:
            issues.append(ParseIssue(Location(path, number), f"{name}: unbalanced quotes, ignored"))
            continue
        expanded = _VAR.sub(lambda m: values.get(m.group(1), ("", None))[0], " ".join(words)).strip()
        values[name] = (expanded, Location(path, number))
    return values, issues


def _configured(target: Target) -> tuple[list[CmdlineParam], list[ParseIssue]]:
    params: list[CmdlineParam] = []
    issues: list[ParseIssue] = []
    env: dict[str, tuple[str, Location]] = {}
    for path in (DEFAULT_GRUB, *(f"{GRUB_D}/{n}" for n in target.list_dir(GRUB_D) if n.endswith(".cfg"))):
        text = read_if_present(target, path, limit=4 * 1024 * 1024)
        if text is not None:
            env, problems = parse_default_grub(text, path, env)
            issues.extend(problems)
    for name in GRUB_VARS:  # grub-mkconfig: linux ... ${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}
        if name in env:
            params.extend(split_params(*env[name]))
    cfg = read_if_present(target, GRUB_CFG, limit=4 * 1024 * 1024)
    for number, raw in enumerate((cfg or "").splitlines(), start=1):
        match = _LINUX.match(raw)
        if match is not None:
            params.extend(split_params(match.group(1), Location(GRUB_CFG, number)))
            break  # the first menu entry: what boots by default
    extra = read_if_present(target, KERNEL_CMDLINE, limit=4 * 1024 * 1024)
    if extra:
        params.extend(split_params(extra.strip(), Location(KERNEL_CMDLINE, 1)))
    return params, issues


READS = Reads(files=(PROC_CMDLINE, DEFAULT_GRUB, GRUB_CFG, KERNEL_CMDLINE), trees=((GRUB_D, 1),))


@declares(READS)
def gather_boot_cmdline(target: Target) -> BootCmdline:
    configured, issues = _configured(target)
    live = None
    if target.live:
        text = read_if_present(target, PROC_CMDLINE, limit=4 * 1024 * 1024)
        live = None if text is None else tuple(split_params(text.strip(), Location(PROC_CMDLINE, 1)))
    return BootCmdline(live, tuple(configured), tuple(issues))
