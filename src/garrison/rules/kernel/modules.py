"""Kernel rule on network protocol modules a server does not need (DCCP, SCTP, RDS, TIPC), kept from
loading by modprobe.d(5) or the kernel command line."""

from __future__ import annotations

from garrison.facts.kernelcfg import BootCmdline, CmdlineParam, ModprobeFacts, ModprobeLine
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Outcome,
    SettingRef,
    Severity,
    evidence,
    failed,
    passed,
)
from garrison.rules.expect import equals, fold
from garrison.rules.kernel.expect import cmdline_param
from garrison.rules.registry import rule

#: Module -> protocol, in the order CIS lists them.
UNCOMMON: tuple[tuple[str, str], ...] = (("dccp", "DCCP"), ("sctp", "SCTP"), ("rds", "RDS"), ("tipc", "TIPC"))
#: install commands that make modprobe do nothing (false also makes it report a failure).
NO_OP = frozenset({"false", "true"})
_FALSE = equals("/bin/false")


def _install_ref(module: str, path: str) -> SettingRef:
    return SettingRef(Dialect.MODPROBE, path, "install", module)


def _cite_line(item: ModprobeLine, expected: str) -> Evidence:
    at = item.location
    shown = f"{item.command} {item.module} {item.argument}".strip()
    ref = SettingRef(Dialect.MODPROBE, at.path, str(item.command), item.module)
    return evidence(at.path, at.line, shown, expected, role=EvidenceRole.SETTING, setting=ref, wanted=_FALSE)


def _kernel_refuses(cmdline: BootCmdline, module: str, live: bool) -> CmdlineParam | None:
    """`module_blacklist=<module>` (the kernel refuses to load it at all) or modprobe.blacklist=."""
    for name in ("module_blacklist", "modprobe.blacklist"):
        for value, param in cmdline.values(name, live=live):
            if value.replace("-", "_") == module:
                return param
    return None


def _judge(module: str, protocol: str, modprobe: ModprobeFacts, cmdline: BootCmdline) -> Outcome:
    expected = f"install {module} /bin/false"
    if modprobe.loaded is not None and module in modprobe.loaded:
        loaded = evidence(
            "/proc/modules",
            None,
            f"{module} loaded",
            "not loaded",
            role=EvidenceRole.SETTING,
            setting=SettingRef(Dialect.LIVE, "/proc/modules", module),
        )
        return failed(f"{module} ({protocol}) is loaded in the running kernel", loaded)
    refused = _kernel_refuses(cmdline, module, live=cmdline.live is not None)
    if refused is not None:
        return passed(
            f"{module} is refused by the kernel command line ({refused.location})", cmdline_param(refused)
        )
    install = modprobe.install(module)
    if install is not None:
        command = install.argument.split()[0].rsplit("/", 1)[-1]
        if command in NO_OP:
            return passed(
                f"{module}: `install {install.module} {install.argument}` ({install.location})",
                _cite_line(install, expected),
            )
        return failed(
            f"{module}: its install command runs `{install.argument}` instead of refusing it "
            f"({install.location}); expected {expected}",
            _cite_line(install, expected),
        )
    listed = modprobe.blacklist(module)
    if listed is not None:
        return passed(
            f"{module} is blacklisted ({listed.location}), so no socket loads it; an explicit "
            f"modprobe still would (`{expected}` stops that)",
            _cite_line(listed, expected),
        )
    home = f"/etc/modprobe.d/{module}.conf"
    absent = evidence(
        home,
        None,
        "not disabled (modprobe loads it on demand)",
        expected,
        role=EvidenceRole.DEFAULT,
        setting=_install_ref(module, home),
        wanted=_FALSE,
    )
    read = ", ".join(modprobe.files[:4]) or "no modprobe.d file exists"
    return failed(f"{module} ({protocol}) is loaded on demand: no install or blacklist line ({read})", absent)


@rule(
    id="kernel.uncommon-net-protocols-disabled",
    title="The DCCP, SCTP, RDS and TIPC modules cannot be loaded",
    problem="An uncommon network protocol module may be loaded on demand",
    severity=Severity.MEDIUM,
    rationale="""Creating a socket of a protocol makes the kernel load its module, so any local user can
        pull DCCP, SCTP, RDS or TIPC code into the kernel; these rarely used protocols had a series of
        exploitable bugs (CVE-2017-6074 in DCCP, CVE-2010-3904 in RDS, CVE-2021-43267 in TIPC).
        `install <module> /bin/false` in modprobe.d stops every load; `blacklist <module>` alone only
        ignores the module's aliases (socket-triggered loading) while an explicit modprobe or a dependency
        still loads it, so it is accepted but install is preferred.""",
    remediation="printf 'install dccp /bin/false\\nblacklist dccp\\n' > /etc/modprobe.d/dccp.conf"
    "   (likewise sctp, rds, tipc; `rmmod` a loaded one)",
    references=("CIS Debian Linux 12 Benchmark 3.2 (dccp, tipc, rds, sctp)", "modprobe.d(5)"),
)
def uncommon_net_protocols_disabled(modprobe: ModprobeFacts, cmdline: BootCmdline) -> Outcome:
    judged = [(module, _judge(module, protocol, modprobe, cmdline)) for module, protocol in UNCOMMON]
    return fold(judged, passed_message=lambda items: "; ".join(o.message for _, o in items), prefix=False)
