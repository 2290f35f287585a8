"""Kernel rules protecting processes: address-space randomisation, core dumps of setuid programs, ptrace."""

from __future__ import annotations

from garrison.facts.sysctl import SysctlFacts
from garrison.model import Outcome, Relation, Severity
from garrison.rules.kernel.expect import expect_sysctl
from garrison.rules.registry import rule

G002 = "guide:002 step 3 kernel hardening"


@rule(
    id="kernel.randomize-va-space",
    title="Full address-space layout randomisation",
    problem="Address-space layout randomisation is not full",
    severity=Severity.HIGH,
    rationale="""With full ASLR (2) the stack, libraries, mmap areas and heap start at random addresses,
        which makes memory-corruption exploits far less reliable.""",
    remediation="kernel.randomize_va_space = 2",
    references=(G002,),
)
def randomize_va_space(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "kernel.randomize_va_space", want="2")


@rule(
    id="kernel.suid-dumpable",
    title="Setuid programs do not dump core",
    problem="Setuid programs may dump core",
    severity=Severity.MEDIUM,
    rationale="""A core dump of a privileged program can hold password hashes, keys and other secrets it
        had in memory, written where an unprivileged user may read them.""",
    remediation="fs.suid_dumpable = 0",
    references=(G002,),
)
def suid_dumpable(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "fs.suid_dumpable", want="0")


@rule(
    id="kernel.yama-ptrace-scope",
    title="Process tracing (ptrace) is restricted to descendants",
    problem="Any process may trace (ptrace) the other processes of its user",
    severity=Severity.MEDIUM,
    rationale="""With ptrace_scope 0 any process can attach to every other process of the same user and
        read its memory (SSH agent keys, session tokens). Debian's kernel starts at 0; 1 limits tracing to
        a process's own children.""",
    remediation="kernel.yama.ptrace_scope = 1",
    references=(G002,),
)
def yama_ptrace_scope(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "kernel.yama.ptrace_scope", want="1", compare=Relation.AT_LEAST)
