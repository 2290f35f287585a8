"""What restores firewall rules at boot, read from crontabs and boot scripts.

crontab(5): root's crontab (/var/spool/cron/crontabs/root) has no user field; /etc/crontab and
/etc/cron.d/* have one. Only `@reboot` entries run at boot. Boot scripts (/etc/rc.local,
/etc/network/if-pre-up.d/*) run every line. A restore is `iptables-restore < FILE` (or `-legacy`/`-nft`
variants, `ip6tables-...` for IPv6, the file as last argument also counts) or `nft -f FILE`. Pure; never
raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.facts.firewall.model import Family
from garrison.model import Location

_RESTORE = re.compile(r"\b(?P<tool>ip6?tables)(?:-legacy|-nft)?-restore\b(?P<args>[^;&|#\n]*)")
_NFT = re.compile(r"\bnft\b[^;&|#\n]*?\s-f\s*(?P<file>[^\s;&|]+)")
_REDIRECT = re.compile(r"<\s*(?P<file>[^\s;&|]+)")
#: The commands those patterns take for restores (for the firewall pack's declared reads).
RESTORE_COMMANDS = (
    *(f"{t}{v}-restore" for t in ("iptables", "ip6tables") for v in ("", "-legacy", "-nft")),
    "nft",
)


@dataclass(frozen=True, slots=True)
class BootRestore:
    """A command that loads rules at boot: `tool` is iptables | nft; `family` None for nft (both)."""

    tool: str
    family: Family | None
    file: str
    location: Location


def restores_in(command: str, location: Location) -> list[BootRestore]:
    found: list[BootRestore] = []
    for match in _RESTORE.finditer(command):
        args = match.group("args")
        redirect = _REDIRECT.search(args)
        words = [w for w in args.split() if not w.startswith("-")]
        target = redirect.group("file") if redirect else (words[-1] if words else None)
        if target and target.startswith("/"):
            family = Family.IPV6 if match.group("tool") == "ip6tables" else Family.IPV4
            found.append(BootRestore("iptables", family, target.strip("'\""), location))
    for match in _NFT.finditer(command):
        target = match.group("file").strip("'\"")
        if target.startswith("/"):
            found.append(BootRestore("nft", None, target, location))
    return found


def parse_crontab(text: str, path: str, *, user_field: bool) -> tuple[BootRestore, ...]:
    """The @reboot entries of a crontab that restore firewall rules."""
    found: list[BootRestore] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line.startswith("@reboot"):
            continue
        rest = line[len("@reboot") :].split(None, 1 if user_field else 0)
        command = rest[-1] if rest else ""
        found.extend(restores_in(command, Location(path, number)))
    return tuple(found)


def parse_boot_script(text: str, path: str) -> tuple[BootRestore, ...]:
    """Restore commands in a script run at boot (rc.local, if-pre-up.d)."""
    found: list[BootRestore] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            found.extend(restores_in(line, Location(path, number)))
    return tuple(found)


def parse_sysctl_ipv6_disabled(text: str, path: str) -> tuple[bool | None, Location | None]:
    """The last `net.ipv6.conf.all.disable_ipv6` setting of a sysctl.conf file: (disabled, where)."""
    result: tuple[bool | None, Location | None] = (None, None)
    for number, raw in enumerate(text.splitlines(), start=1):
        key, sep, value = raw.strip().lstrip("-").partition("=")
        if sep and key.strip().replace("/", ".") == "net.ipv6.conf.all.disable_ipv6":
            result = (value.strip() == "1", Location(path, number))
    return result


def parse_if_inet6(text: str) -> tuple[str, ...]:
    """Global-scope IPv6 addresses from /proc/net/if_inet6 (scope column 00), formatted by interface."""
    found: list[str] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 6 and parts[3] == "00" and len(parts[0]) == 32:
            found.append(f"{parts[5]}:{':'.join(parts[0][i : i + 4] for i in range(0, 32, 4))}")
    return tuple(found)
