"""AppArmor: whether the running kernel enforces it, and the mode of the profiles in /etc/apparmor.d.

Profiles (apparmor.d(5), AppArmor 3.0 on Debian 12, 4.1 on 13): each top-level file of /etc/apparmor.d
is loaded at boot by apparmor.service, except names apparmor_parser skips (dot files, `README`, `*~`,
`*.dpkg-*`, `*.rpm*`, `*.pacsave`, `*.pacnew`) and those with a link in /etc/apparmor.d/disable/. A
profile is in complain mode when its header has `flags=(... complain ...)` or its file has a link in
/etc/apparmor.d/force-complain/. Live: /sys/module/apparmor/parameters/enabled (`Y`) and, readable by
root, /sys/kernel/security/apparmor/profiles (`name (enforce|complain|kill|unconfined)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from garrison.errors import TargetFileError
from garrison.facts.reads import Reads, declares
from garrison.model import Location, ParseIssue
from garrison.targets.base import FileKind, Target, read_if_present

APPARMOR_D = "/etc/apparmor.d"
DISABLE_D = f"{APPARMOR_D}/disable"
FORCE_COMPLAIN_D = f"{APPARMOR_D}/force-complain"
ENABLED = "/sys/module/apparmor/parameters/enabled"
LIVE_PROFILES = "/sys/kernel/security/apparmor/profiles"
PARSERS = ("/usr/sbin/apparmor_parser", "/sbin/apparmor_parser")
#: Where profile attachments are looked up (`_installed`): the tree the system file scan reads anyway.
PROGRAM_TREE = ("/usr", 12)
_MERGED = ("/bin/", "/sbin/", "/lib/", "/lib64/")
_SKIPPED = re.compile(r"^\.|^README$|~$|\.dpkg-[a-z]+$|\.rpm(new|save)$|\.pac(save|new)$")
_HEADER = re.compile(
    r"^\s*(?:profile\s+(?P<name>\S+?)(?:\s+(?!flags\b)(?P<attach>\S+?))?|(?P<path>/\S+?|@\{\w+\}\S*?))"
    r"(?:\s+flags\s*=\s*\((?P<flags>[^)]*)\))?\s*\{\s*\}?\s*$"
)
_LIVE = re.compile(r"^(?P<name>.+) \((?P<mode>[a-z]+)\)$")
_VARIABLE = re.compile(r"^\s*@\{(?P<var>\w+)\}\s*\+?=\s*(?P<value>.*?),?\s*$")
_BRACES = re.compile(r"(?<!@)\{([^{}]*)\}")
MAX_EXPANSIONS = 64


def expand(pattern: str, variables: dict[str, list[str]]) -> tuple[str, ...]:
    """An attachment's paths: `@{var}` replaced by each value its file gives it, `{a,b}` alternations
    expanded (at most MAX_EXPANSIONS); what stays unknown (`@{HOME}`) is left in place."""
    todo, done = [pattern], list[str]()
    while todo and len(todo) + len(done) <= MAX_EXPANSIONS:
        item = todo.pop()
        var = re.search(r"@\{(\w+)\}", item)
        if var is not None and var.group(1) in variables:
            todo += [item[: var.start()] + v + item[var.end() :] for v in variables[var.group(1)]]
            continue
        alternation = _BRACES.search(item)
        if alternation is not None:
            head, tail = item[: alternation.start()], item[alternation.end() :]
            todo += [head + choice + tail for choice in alternation.group(1).split(",")]
            continue
        done.append(item)
    return tuple(sorted(set(done)))


@dataclass(frozen=True, slots=True)
class Profile:
    """A top-level profile: its name, its flags, where its header is, and whether its file is disabled
    (`disable/` link) or forced into complain mode (`force-complain/` link)."""

    name: str
    flags: tuple[str, ...]
    location: Location
    disabled: bool = False
    forced_complain: bool = False
    #: The program path(s) it attaches to, variables and `{a,b}` alternations expanded; () when it has no
    #: attachment (entered only by a transition from another profile).
    attachment: tuple[str, ...] = ()
    #: Whether a program it attaches to exists on the target; None without an attachment.
    installed: bool | None = None

    @property
    def complain(self) -> bool:
        return self.forced_complain or "complain" in self.flags


@dataclass(frozen=True, slots=True)
class LiveProfile:
    name: str
    mode: str
    location: Location


@dataclass(frozen=True, slots=True)
class AppArmorFacts:
    """directory: /etc/apparmor.d exists; parser: apparmor_parser is installed (profiles load at boot);
    profiles: the top-level profiles of the files loaded; enabled: the live `enabled` parameter (`Y`/`N`;
    None offline, "" when the kernel has no AppArmor); live: loaded profiles (None when not readable)."""

    directory: bool
    parser: bool
    profiles: tuple[Profile, ...]
    enabled: str | None
    live: tuple[LiveProfile, ...] | None
    issues: tuple[ParseIssue, ...] = ()


def parse_profile_headers(text: str, path: str) -> tuple[tuple[Profile, ...], tuple[ParseIssue, ...]]:
    """Top-level profile headers (brace depth 0) with their flags; hats and child profiles are not
    listed. Pure, never raises; an unbalanced `}` is an issue."""
    found: list[Profile] = []
    issues: list[ParseIssue] = []
    variables: dict[str, list[str]] = {}
    depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0] if not raw.lstrip().startswith("#include") else ""
        if depth == 0:
            match = _HEADER.match(line)
            if match is not None:
                name = match.group("name") or match.group("path") or ""
                flags = tuple(f for f in re.split(r"[\s,]+", match.group("flags") or "") if f)
                attach = match.group("attach") or match.group("path")
                paths = expand(attach, variables) if attach else ()
                found.append(Profile(name, flags, Location(path, number), attachment=paths))
            elif (assigned := _VARIABLE.match(line)) is not None:
                variables.setdefault(assigned["var"], assigned["value"].split())
        depth += line.count("{") - line.count("}")
        if depth < 0:
            issues.append(ParseIssue(Location(path, number), "a `}` closes nothing"))
            depth = 0
    return tuple(found), tuple(issues)


def _profiles(target: Target) -> tuple[list[Profile], list[ParseIssue]]:
    disabled = set(target.list_dir(DISABLE_D))
    forced = set(target.list_dir(FORCE_COMPLAIN_D))
    profiles: list[Profile] = []
    issues: list[ParseIssue] = []
    for name in target.list_dir(APPARMOR_D):
        path = f"{APPARMOR_D}/{name}"
        st = target.stat(path)
        if _SKIPPED.search(name) or st is None or st.kind is not FileKind.FILE:
            continue
        try:
            text = target.read_text(path, limit=1024 * 1024)
        except TargetFileError as exc:  # apparmor_parser fails on it too: no profile of this file loads
            issues.append(ParseIssue(Location(path), f"not a readable profile file ({exc.message})"))
            continue
        found, problems = parse_profile_headers(text, path)
        issues.extend(problems)
        for profile in found:
            off, complain = name in disabled, name in forced
            installed = _installed(target, profile.attachment) if profile.attachment else None
            profiles.append(
                Profile(
                    profile.name,
                    profile.flags,
                    profile.location,
                    off,
                    complain,
                    profile.attachment,
                    installed,
                )
            )
    return profiles, issues


def _installed(target: Target, paths: tuple[str, ...]) -> bool:
    """Whether a program the profile attaches to exists. Only paths under /usr are looked at (/bin, /sbin,
    /lib as their merged-/usr names); a path elsewhere, or still holding a variable (`@{HOME}`), counts as
    present: the profile is judged rather than excused."""
    for path in paths:
        if path.startswith(_MERGED):
            path = "/usr" + path
        if "@{" in path or not path.startswith(PROGRAM_TREE[0] + "/"):
            return True
        try:
            if any(c in path for c in "*?[") and target.glob(path.replace("**", "*")):
                return True
            if target.lstat(path) is not None:
                return True
        except TargetFileError:
            return True
    return False


def _live(target: Target) -> tuple[str | None, tuple[LiveProfile, ...] | None]:
    if not target.live:
        return None, None
    enabled = (read_if_present(target, ENABLED, limit=1024 * 1024) or "").strip()
    text = read_if_present(target, LIVE_PROFILES, limit=1024 * 1024)
    if text is None:
        return enabled, None
    loaded = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LIVE.match(line.strip())
        if match is not None:
            loaded.append(LiveProfile(match["name"], match["mode"], Location(LIVE_PROFILES, number)))
    return enabled, tuple(loaded)


READS = Reads(
    files=(ENABLED, LIVE_PROFILES, *PARSERS),
    trees=((APPARMOR_D, 1), (DISABLE_D, 1), (FORCE_COMPLAIN_D, 1), PROGRAM_TREE),
)


@declares(READS)
def gather_apparmor(target: Target) -> AppArmorFacts:
    directory = (st := target.stat(APPARMOR_D)) is not None and st.kind is FileKind.DIR
    parser = any(target.stat(p) is not None for p in PARSERS)
    profiles, issues = _profiles(target) if directory else ([], [])
    enabled, live = _live(target)
    return AppArmorFacts(directory, parser, tuple(profiles), enabled, live, tuple(issues))
