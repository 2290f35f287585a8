"""Kernel self-protection parameters: unprivileged BPF, the BPF JIT, kernel pointers and logs, perf events,
TTY line disciplines. Values as the Kernel Self Protection Project and Lynis (KRNL-6000) recommend them;
built-in values of Debian's kernel in garrison.facts.sysctl.defaults."""

from __future__ import annotations

from garrison.facts.sysctl import SysctlFacts
from garrison.model import Outcome, Relation, Severity
from garrison.rules.kernel.expect import expect_sysctl
from garrison.rules.registry import rule

KSPP = "KSPP recommended settings (sysctls)"
LYNIS = "Lynis KRNL-6000"
SYSCTL_DOCS = "kernel admin-guide/sysctl/kernel.rst"


@rule(
    id="kernel.unprivileged-bpf-disabled",
    title="Unprivileged users cannot load BPF programs",
    problem="Unprivileged users may load BPF programs",
    severity=Severity.MEDIUM,
    rationale="""The BPF verifier and JIT run code supplied by the caller inside the kernel; many local
        privilege escalations went through programs loaded by unprivileged users. 1 disables that until the
        next boot, 2 (Debian's built-in value, CONFIG_BPF_UNPRIV_DEFAULT_OFF) disables it but lets root turn
        it back on; 0 allows it.""",
    remediation="kernel.unprivileged_bpf_disabled = 1",
    references=(SYSCTL_DOCS, KSPP, LYNIS),
)
def unprivileged_bpf_disabled(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "kernel.unprivileged_bpf_disabled", want="1", compare=Relation.AT_LEAST)


@rule(
    id="kernel.bpf-jit-harden",
    title="The BPF JIT is hardened for every user",
    problem="The BPF JIT is not hardened for every user",
    severity=Severity.LOW,
    rationale="""JIT spraying hides attacker-chosen instructions in the constants of compiled BPF
        programs; hardening blinds those constants. 2 hardens programs of every user including root's
        (sockets filters of privileged services), 1 only unprivileged ones; the kernel starts at 0.""",
    remediation="net.core.bpf_jit_harden = 2",
    references=("kernel admin-guide/sysctl/net.rst bpf_jit_harden", KSPP, LYNIS),
)
def bpf_jit_harden(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "net.core.bpf_jit_harden", want="2", compare=Relation.AT_LEAST)


@rule(
    id="kernel.kptr-restrict",
    title="Kernel pointers are hidden from unprivileged users",
    problem="Kernel addresses are shown to unprivileged users",
    severity=Severity.MEDIUM,
    rationale="""Kernel addresses printed in /proc (kallsyms, modules, net files) defeat kernel address
        randomisation and make kernel exploits reliable. 1 hides them from users without CAP_SYSLOG, 2
        (what KSPP and Lynis ask for) from everyone; Debian's kernel starts at 0 and shows them.""",
    remediation="kernel.kptr_restrict = 2",
    references=(SYSCTL_DOCS, KSPP, LYNIS),
)
def kptr_restrict(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "kernel.kptr_restrict", want="1", compare=Relation.AT_LEAST)


@rule(
    id="kernel.dmesg-restrict",
    title="Only privileged users read the kernel log",
    problem="Every user can read the kernel log",
    severity=Severity.LOW,
    rationale="""The kernel ring buffer holds addresses, hardware details and messages an exploit uses to
        find its way (and to see whether an attempt crashed something). With 1 only CAP_SYSLOG reads it;
        Debian builds its kernel with this on (CONFIG_SECURITY_DMESG_RESTRICT), so 0 is a deliberate
        weakening.""",
    remediation="kernel.dmesg_restrict = 1",
    references=(SYSCTL_DOCS, KSPP, LYNIS),
)
def dmesg_restrict(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "kernel.dmesg_restrict", want="1")


@rule(
    id="kernel.perf-event-paranoid",
    title="Unprivileged users cannot profile the kernel",
    problem="Unprivileged users may use perf events on the kernel",
    severity=Severity.LOW,
    rationale="""perf_event_open is a large attack surface and its kernel profiling leaks kernel
        addresses. 2 keeps unprivileged users to profiling their own code in user space; Debian's kernel
        adds 3 (its built-in value), which forbids perf_event_open to them altogether. Upstream kernels
        treat values above 2 as 2.""",
    remediation="kernel.perf_event_paranoid = 3",
    references=(SYSCTL_DOCS, KSPP, LYNIS),
)
def perf_event_paranoid(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "kernel.perf_event_paranoid", want="2", compare=Relation.AT_LEAST)


@rule(
    id="kernel.tty-ldisc-autoload",
    title="TTY line disciplines are not loaded on demand",
    problem="Any user can make the kernel load a TTY line discipline module",
    severity=Severity.LOW,
    rationale="""Setting a line discipline on a terminal loads its module on demand, so any user can pull
        rarely used, little-reviewed kernel code (several had exploitable bugs) into the running kernel. With
        0 only CAP_SYS_MODULE can; Debian's kernel starts at 1 (CONFIG_LDISC_AUTOLOAD).""",
    remediation="dev.tty.ldisc_autoload = 0",
    references=("kernel admin-guide/sysctl/kernel.rst (tty)", KSPP, LYNIS),
)
def tty_ldisc_autoload(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "dev.tty.ldisc_autoload", want="0")
