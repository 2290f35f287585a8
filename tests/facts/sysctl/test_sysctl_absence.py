"""A host without sysctl files boots with the kernel's values (judged, not skipped); absences cite the files
that were read (issue 9 items 2 and 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from garrison.facts.store import SubjectAbsent
from garrison.facts.sysctl import Origin, gather_sysctl
from garrison.facts.sysctl.defaults import KERNEL_DEFAULTS
from garrison.facts.sysctl.parse import commented_settings
from garrison.model import EvidenceRole
from garrison.targets.rootdir import RootDirTarget


def test_no_sysctl_file_keeps_the_kernel_defaults(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    facts = gather_sysctl(RootDirTarget(str(tmp_path)))
    value = facts.effective("net.core.bpf_jit_harden")
    assert value.origin is Origin.DEFAULT and value.effective.value == "0"
    assert "no sysctl file exists" in value.describe()
    (only,) = value.cites("2")
    assert only.role is EvidenceRole.DEFAULT and only.line is None


def test_a_tree_that_is_no_system_is_absent(tmp_path: Path) -> None:
    with pytest.raises(SubjectAbsent):
        gather_sysctl(RootDirTarget(str(tmp_path)))


def test_absence_cites_every_file_read(tmp_path: Path) -> None:
    (tmp_path / "usr/lib/sysctl.d").mkdir(parents=True)
    (tmp_path / "usr/lib/sysctl.d/99-protect-links.conf").write_text("fs.protected_fifos = 1\n")
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/sysctl.conf").write_text("# comments only\n")
    value = gather_sysctl(RootDirTarget(str(tmp_path))).effective("kernel.kptr_restrict")
    found = value.cites("2")
    assert [(e.path, e.role) for e in found] == [
        ("/etc/sysctl.conf", EvidenceRole.DEFAULT),
        ("/usr/lib/sysctl.d/99-protect-links.conf", EvidenceRole.CONTEXT),
    ]
    assert "not set in /usr/lib/sysctl.d/99-protect-links.conf, /etc/sysctl.conf" in value.describe()


def test_hardening_keys_have_debian_defaults() -> None:
    for key in ("kernel/unprivileged_bpf_disabled", "kernel/perf_event_paranoid", "dev/tty/ldisc_autoload"):
        assert KERNEL_DEFAULTS[key] is not None


def test_absent_key_is_cited_at_its_commented_out_line(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/sysctl.conf").write_text(
        "# Uncomment the next line to enable packet forwarding for IPv4\n#net.ipv4.ip_forward=1\n"
        "# net.ipv4.conf.all.secure_redirects = 1\n# See sysctl.conf (5) for information.\n"
    )
    (tmp_path / "usr/lib/sysctl.d").mkdir(parents=True)
    (tmp_path / "usr/lib/sysctl.d/50-x.conf").write_text("#kernel.kptr_restrict = 1\n")  # vendor: not cited
    facts = gather_sysctl(RootDirTarget(str(tmp_path)))
    forward = facts.effective("net.ipv4.ip_forward")
    assert forward.origin is Origin.DEFAULT and forward.effective.line == 2
    assert "commented out at /etc/sysctl.conf:2" in forward.describe()
    assert facts.effective("net.ipv4.conf.all.secure_redirects").effective.line == 3
    assert facts.effective("kernel.kptr_restrict").effective.line is None


@given(st.text())
def test_commented_settings_never_raise(text: str) -> None:
    for key, where in commented_settings(text, "/etc/sysctl.conf"):
        assert "/" in key and where.line is not None
