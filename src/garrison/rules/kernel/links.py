"""Kernel protections against link and file races in shared directories (fs.protected_*), as described in
the kernel's admin-guide/sysctl/fs.rst; Debian's built-in values in garrison.facts.sysctl.defaults."""

from __future__ import annotations

from garrison.facts.sysctl import SysctlFacts
from garrison.model import Outcome, Relation, Severity
from garrison.rules.kernel.expect import expect_sysctl
from garrison.rules.registry import rule

FS_DOCS = "kernel admin-guide/sysctl/fs.rst"
KSPP = "KSPP recommended settings (sysctls)"
LYNIS = "Lynis KRNL-6000"


@rule(
    id="kernel.protected-hardlinks",
    title="Users cannot hard-link files they do not own",
    problem="Users may hard-link files they cannot write",
    severity=Severity.MEDIUM,
    rationale="""Without this protection a user can hard-link a setuid program or a root-owned file into a
        directory they control and keep it after an update, or trick a privileged program that later
        writes or chowns the link. Debian's kernel starts at 1; 0 is a deliberate weakening.""",
    remediation="fs.protected_hardlinks = 1",
    references=(FS_DOCS, KSPP, LYNIS),
)
def protected_hardlinks(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "fs.protected_hardlinks", want="1")


@rule(
    id="kernel.protected-symlinks",
    title="Symlinks in shared sticky directories are followed only when safe",
    problem="Symlinks in sticky world-writable directories are always followed",
    severity=Severity.MEDIUM,
    rationale="""The classic /tmp race: a user plants a symlink where a privileged program is about to
        write, and the program overwrites the link's target. With 1 a symlink in a sticky world-writable
        directory is followed only by its owner or when it belongs to the directory's owner.""",
    remediation="fs.protected_symlinks = 1",
    references=(FS_DOCS, KSPP, LYNIS),
)
def protected_symlinks(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "fs.protected_symlinks", want="1")


@rule(
    id="kernel.protected-fifos",
    title="Privileged programs do not open other users' FIFOs in shared directories",
    problem="Programs may open FIFOs planted by other users in shared directories",
    severity=Severity.LOW,
    rationale="""A FIFO planted under the name a privileged program creates in /tmp lets its owner read
        or feed what the program writes. 1 refuses O_CREAT opens of such FIFOs in sticky world-writable
        directories, 2 (KSPP, Lynis) in group-writable sticky ones too. Debian's procps ships 1, the
        kernel starts at 0.""",
    remediation="fs.protected_fifos = 2",
    references=(FS_DOCS, KSPP, LYNIS),
)
def protected_fifos(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "fs.protected_fifos", want="2", compare=Relation.AT_LEAST)


@rule(
    id="kernel.protected-regular",
    title="Privileged programs do not open other users' files in shared directories",
    problem="Programs may open regular files planted by other users in shared directories",
    severity=Severity.LOW,
    rationale="""Like the FIFO case: a file planted under a predictable name in /tmp is opened (and
        written) by a privileged program that meant to create it. 2 refuses such O_CREAT opens in sticky
        world-writable and group-writable directories; Debian's procps ships 2, the kernel starts at 0.""",
    remediation="fs.protected_regular = 2",
    references=(FS_DOCS, KSPP, LYNIS),
)
def protected_regular(sysctl: SysctlFacts) -> Outcome:
    return expect_sysctl(sysctl, "fs.protected_regular", want="2", compare=Relation.AT_LEAST)
