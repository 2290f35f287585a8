"""Gather `FirewallFacts`: live rules from the kernel when the target can run commands, saved rules from files

Live (`target.run`): `iptables-save`, `ip6tables-save`, `nft -j list ruleset` (iptables-nft's own `filter`
tables are taken from iptables-save, not twice), and `nft -a list ruleset` for the lines that evidence
cites (live rules are located in the output of the command that printed them, never in a file). Files:
/etc/iptables/rules.v4|v6 (iptables-persistent), /etc/sysconfig/iptables|ip6tables, /opt/iptables-rules,
any file an `@reboot ... iptables-restore < FILE` (crontabs) or a boot script restores, /etc/nftables.conf
with its includes, and ufw's files. On a live host the live rules are in effect and the files are kept
for comparison; offline, a file is in effect when something loads it at boot. A structural error in a file
becomes a `FactError` at its file:line (the tool would refuse to load it). A host with no firewall file,
program or rule at all gets facts with `absent` set (firewall.active fails on them, naming what was
looked for), never `SubjectAbsent`: a missing firewall is a finding.
"""

from __future__ import annotations

from dataclasses import replace

from garrison.errors import FileMissing, TargetFileError
from garrison.facts.firewall.iptables import parse_iptables_save
from garrison.facts.firewall.live import live_rulesets
from garrison.facts.firewall.model import (
    Family,
    FirewallFacts,
    Persistence,
    PersistenceKind,
    Ruleset,
    RulesetKind,
    UfwConfig,
)
from garrison.facts.firewall.nftables import parse_nftables_conf
from garrison.facts.firewall.nftsyntax import include_path, include_patterns
from garrison.facts.firewall.persist import (
    BootRestore,
    parse_boot_script,
    parse_crontab,
    parse_if_inet6,
    parse_sysctl_ipv6_disabled,
)
from garrison.facts.firewall.places import (
    GUIDE_FILE,
    NFT_CONF,
    NFT_WANTS,
    READS,
    ROOT_CRONTAB,
    SAVED_FILES,
    SEARCHED,
    TOOLS,
)
from garrison.facts.firewall.ufw import (
    CONF_PATH,
    DEFAULTS_PATH,
    RULE_FILES,
    parse_shell_vars,
    ufw_config,
    ufw_ruleset,
)
from garrison.facts.reads import declares
from garrison.facts.store import FactError
from garrison.model import Location, ParseIssue
from garrison.targets.base import Target, read_if_present

_MAX_INCLUDED_FILES = 256


def _optional(target: Target, path: str, issues: list[ParseIssue]) -> str | None:
    """A file that only adds context (crontab, boot script, sysctl): unreadable is an issue, not an error."""
    if target.stat(path) is None:
        return None
    try:
        return target.read_text(path)
    except FileMissing:
        return None
    except TargetFileError as exc:
        issues.append(ParseIssue(Location(path), exc.message))
        return None


def _fail_on(issues: tuple[ParseIssue, ...]) -> None:
    if issues:
        raise FactError(issues[0].message, issues[0].location)


def _boot_restores(target: Target, issues: list[ParseIssue]) -> list[BootRestore]:
    found: list[BootRestore] = []
    crontabs = [(ROOT_CRONTAB, False), ("/etc/crontab", True)]
    crontabs += [(p, True) for p in target.glob("/etc/cron.d/*")]
    for path, user_field in crontabs:
        text = _optional(target, path, issues)
        if text is not None:
            found.extend(parse_crontab(text, path, user_field=user_field))
    for path in ("/etc/rc.local", *target.glob("/etc/network/if-pre-up.d/*")):
        text = _optional(target, path, issues)
        if text is not None:
            found.extend(parse_boot_script(text, path))
    return found


def _iptables_files(target: Target, restores: list[BootRestore]) -> tuple[list[Ruleset], list[Persistence]]:
    rulesets: list[Ruleset] = []
    persistence: list[Persistence] = []
    seen: set[str] = set()
    #: (file, family, what loads it at boot: None for a file nothing loads)
    wanted: list[tuple[str, Family, PersistenceKind | None]] = list(SAVED_FILES)
    boot = PersistenceKind.BOOT_RESTORE
    wanted += [(r.file, r.family or Family.IPV4, boot) for r in restores if r.tool == "iptables"]
    wanted.append((GUIDE_FILE, Family.IPV4, None))
    for path, family, kind in wanted:
        if path in seen:
            continue
        seen.add(path)
        text = read_if_present(target, path)
        if text is None:
            continue
        ruleset, issues = parse_iptables_save(text, path, family)
        _fail_on(issues)
        rulesets.append(replace(ruleset, in_effect=kind is not None))
        if kind is not None and kind is not PersistenceKind.BOOT_RESTORE:
            persistence.append(Persistence(kind, Location(path), path))
    persistence.extend(
        Persistence(PersistenceKind.BOOT_RESTORE, r.location, r.file, target.stat(r.file) is None)
        for r in restores
        if r.tool == "iptables"
    )
    return rulesets, persistence


def _nft_includes(target: Target, path: str, text: str) -> dict[str, str]:
    files: dict[str, str] = {}
    queue = [(path, text)]
    while queue and len(files) < _MAX_INCLUDED_FILES:
        current, body = queue.pop()
        for pattern in include_patterns(body):
            for base in (include_path(pattern),):
                is_glob = any(c in base for c in "*?[")
                names = target.glob(base) if is_glob else (base,)
                for name in names:
                    if name in files or name == path:
                        continue
                    if target.stat(name) is None:
                        if is_glob:  # nft opens every match: a dangling symlink among them is fatal
                            line = body[: max(body.find(pattern), 0)].count("\n") + 1
                            raise FactError(
                                f"include matches {name}, which does not exist (a dangling symlink); "
                                "nft refuses the ruleset",
                                Location(current, line),
                            )
                        continue
                    content = read_if_present(target, name)
                    if content is not None:
                        files[name] = content
                        queue.append((name, content))
    return files


def _nftables(target: Target, restores: list[BootRestore]) -> tuple[list[Ruleset], list[Persistence]]:
    persistence = [
        Persistence(PersistenceKind.NFTABLES_SERVICE, Location(w), NFT_CONF, target.stat(NFT_CONF) is None)
        for w in NFT_WANTS
        if target.lstat(w)
    ]
    persistence += [
        Persistence(PersistenceKind.BOOT_RESTORE, r.location, r.file, target.stat(r.file) is None)
        for r in restores
        if r.tool == "nft"
    ]
    rulesets: list[Ruleset] = []
    for path in dict.fromkeys([NFT_CONF, *(p.restores for p in persistence if p.restores)]):
        text = read_if_present(target, path) if path else None
        if text is None or path is None:
            continue
        parsed, issues = parse_nftables_conf(text, path, _nft_includes(target, path, text))
        _fail_on(issues)
        loaded = any(p.restores == path for p in persistence)
        rulesets.extend(replace(r, in_effect=loaded) for r in parsed)
    return rulesets, persistence


def _ufw(target: Target) -> tuple[list[Ruleset], list[Persistence], UfwConfig | None]:
    conf_text = read_if_present(target, CONF_PATH)
    defaults_text = read_if_present(target, DEFAULTS_PATH)
    if conf_text is None and defaults_text is None:
        return [], [], None
    conf, issues = parse_shell_vars(conf_text or "", CONF_PATH)
    defaults, more = parse_shell_vars(defaults_text or "", DEFAULTS_PATH)
    _fail_on(issues + more)
    config = ufw_config(conf, defaults)
    rulesets: list[Ruleset] = []
    for family, paths in RULE_FILES.items():
        parsed: list[Ruleset] = []
        for path in paths:
            text = read_if_present(target, path)
            if text is not None:
                ruleset, problems = parse_iptables_save(text, path, family, kind=RulesetKind.UFW)
                _fail_on(problems)
                parsed.append(ruleset)
        rulesets.append(ufw_ruleset(config, family, tuple(parsed), config.enabled))
    persistence = [Persistence(PersistenceKind.UFW, config.enabled_location)] if config.enabled else []
    return rulesets, persistence, config


def _ipv6(target: Target, issues: list[ParseIssue]) -> tuple[Location | None, tuple[str, ...] | None]:
    if target.live:
        flag = "/proc/sys/net/ipv6/conf/all/disable_ipv6"
        text = _optional(target, flag, issues)
        off = Location(flag) if text is not None and text.strip() == "1" else None
        inet6 = _optional(target, "/proc/net/if_inet6", issues)
        return off, parse_if_inet6(inet6 or "") if text is not None else None
    where: Location | None = None
    for path in (*target.glob("/etc/sysctl.d/*.conf"), "/etc/sysctl.conf"):
        text = _optional(target, path, issues)
        disabled, location = parse_sysctl_ipv6_disabled(text or "", path)
        if disabled is not None:
            where = location if disabled else None
    grub = _optional(target, "/etc/default/grub", issues)
    for number, line in enumerate((grub or "").splitlines(), start=1):
        if line.strip().startswith("GRUB_CMDLINE_LINUX") and "ipv6.disable=1" in line:
            where = Location("/etc/default/grub", number)
    return where, None


@declares(READS)
def gather_firewall(target: Target) -> FirewallFacts:
    issues: list[ParseIssue] = []
    restores = _boot_restores(target, issues)
    ipt_sets, ipt_persist = _iptables_files(target, restores)
    nft_sets, nft_persist = _nftables(target, restores)
    ufw_sets, ufw_persist, ufw = _ufw(target)
    saved = ipt_sets + nft_sets + ufw_sets
    tooling = tuple(t for t in TOOLS if target.stat(f"/usr/sbin/{t}") or target.stat(f"/sbin/{t}"))
    answered: list[str] = []
    tried: list[tuple[str, str]] = []
    live = live_rulesets(target, issues, answered, tried)
    if live is not None:
        saved = [replace(r, in_effect=False) for r in saved]
    rulesets = tuple((live or []) + saved)
    persistence = tuple(ipt_persist + nft_persist + ufw_persist)
    absent = not rulesets and ufw is None and not persistence and not tooling and live is None
    disabled, global_v6 = _ipv6(target, issues)
    return FirewallFacts(
        live=live is not None,
        rulesets=rulesets,
        persistence=persistence,
        ufw=ufw,
        ipv6_disabled=disabled,
        ipv6_global=global_v6,
        tooling=tooling,
        issues=tuple(issues),
        live_commands=tuple(answered),
        absent=absent,
        searched=SEARCHED,
        tried=tuple(tried),
    )
