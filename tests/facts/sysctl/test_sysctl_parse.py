"""sysctl.d(5) parser, key normalisation, effective-table resolution and gatherer precedence."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.sysctl import (
    SysctlAssignment,
    SysctlFacts,
    dotted,
    gather_sysctl,
    normalize_key,
    parse_sysctl_conf,
)
from garrison.facts.sysctl.model import glob_matches, resolve
from garrison.model import Location
from garrison.targets.rootdir import RootDirTarget

PATH = "/etc/sysctl.d/60-test.conf"


def test_normalize_follows_systemd() -> None:
    assert normalize_key("net.ipv4.ip_forward") == "net/ipv4/ip_forward"
    assert normalize_key("net/ipv4/ip_forward") == "net/ipv4/ip_forward"
    assert normalize_key("net.ipv4.conf.enp3s0/200.forwarding") == "net/ipv4/conf/enp3s0.200/forwarding"
    assert normalize_key("net/ipv4/conf/enp3s0.200/forwarding") == "net/ipv4/conf/enp3s0.200/forwarding"
    assert normalize_key("  /kernel//sysrq ") == "kernel/sysrq"
    assert dotted("net/ipv4/conf/enp3s0.200/forwarding") == "net.ipv4.conf.enp3s0/200.forwarding"


def test_glob_parts_do_not_cross_slashes() -> None:
    assert glob_matches("net/ipv4/conf/*/rp_filter", "net/ipv4/conf/all/rp_filter")
    assert not glob_matches("net/ipv4/*/rp_filter", "net/ipv4/conf/all/rp_filter")
    assert glob_matches("net/ipv4/conf/eth[0-9]/rp_filter", "net/ipv4/conf/eth1/rp_filter")


def test_parse_assignments_and_comments() -> None:
    text = (
        "# c\n; c\n\nnet.ipv4.ip_forward=0\n -kernel.sysrq = 16 \n-net.ipv4.conf.all.rp_filter\nk/x = a b\n"
    )
    items, issues = parse_sysctl_conf(text, PATH)
    assert issues == ()
    assert [(i.key, i.value, i.ignore_failure, i.location.line) for i in items] == [
        ("net/ipv4/ip_forward", "0", False, 4),
        ("kernel/sysrq", "16", True, 5),
        ("net/ipv4/conf/all/rp_filter", None, False, 6),
        ("k/x", "a b", False, 7),
    ]


def test_parse_issues_carry_lines() -> None:
    text = "kernel.sysrq 1\n= 3\nfs.suid_dumpable =\nnet.ipv4.tcp_syncookies = 1 # on\nbad key = 1\n"
    items, issues = parse_sysctl_conf(text, PATH)
    assert [i.location.line for i in issues] == [1, 2, 3, 4, 5]
    assert [(i.key, i.value) for i in items] == [("net/ipv4/tcp_syncookies", "1")]


def test_resolve_moves_changed_values_to_the_end() -> None:
    def a(key: str, value: str | None, line: int) -> SysctlAssignment:
        return SysctlAssignment(key, value, Location(PATH, line))

    table = resolve([a("x", "1", 1), a("y", "1", 2), a("x", "2", 3), a("y", "1", 4)])
    assert [(s.key, s.value, s.location.line) for s in table] == [("y", "1", 4), ("x", "2", 3)]


def test_explicit_key_beats_glob_whatever_the_order() -> None:
    items, _ = parse_sysctl_conf("net.ipv4.conf.default.rp_filter = 0\nnet.ipv4.conf.*.rp_filter = 1\n", PATH)
    facts = SysctlFacts(files=(PATH,), settings=resolve(items), runtime=None)
    assert facts.persisted_value("net.ipv4.conf.default.rp_filter") == "0"
    assert facts.persisted_value("net.ipv4.conf.eth0.rp_filter") == "1"
    assert facts.persisted("net.ipv4.ip_forward") is None


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_gather_masks_by_name_and_orders_by_name(tmp_path: Path) -> None:
    _write(tmp_path, "usr/lib/sysctl.d/10-a.conf", "kernel.sysrq = 1\n")
    _write(tmp_path, "usr/lib/sysctl.d/20-b.conf", "kernel.sysrq = 2\n")
    _write(tmp_path, "run/sysctl.d/20-b.conf", "kernel.sysrq = 3\n")
    _write(tmp_path, "etc/sysctl.d/15-c.conf", "kernel.sysrq = 4\n")
    _write(tmp_path, "usr/lib/sysctl.d/30-d.conf", "kernel.sysrq = 5\n")
    (tmp_path / "etc/sysctl.d/30-d.conf").symlink_to("/dev/null")
    _write(tmp_path, "etc/sysctl.d/40-e.conf", "")
    _write(tmp_path, "usr/lib/sysctl.d/40-e.conf", "kernel.sysrq = 6\n")
    _write(tmp_path, "etc/sysctl.d/README", "kernel.sysrq = 7\n")
    _write(tmp_path, "etc/sysctl.conf", "kernel.sysrq = 8\n")
    facts = gather_sysctl(RootDirTarget(str(tmp_path)))
    assert facts.files == (
        "/usr/lib/sysctl.d/10-a.conf",
        "/etc/sysctl.d/15-c.conf",
        "/run/sysctl.d/20-b.conf",
        "/etc/sysctl.conf",
    )
    assert facts.persisted_value("kernel.sysrq") == "8"
    assert facts.runtime is None


def test_gather_follows_debian_sysctl_conf_link(tmp_path: Path) -> None:
    _write(tmp_path, "etc/sysctl.conf", "kernel.sysrq = 1\n")
    (tmp_path / "etc/sysctl.d").mkdir()
    (tmp_path / "etc/sysctl.d/99-sysctl.conf").symlink_to("../sysctl.conf")
    _write(tmp_path, "etc/sysctl.d/99-zz.conf", "kernel.sysrq = 0\n")
    facts = gather_sysctl(RootDirTarget(str(tmp_path)))
    assert facts.files == ("/etc/sysctl.conf", "/etc/sysctl.d/99-zz.conf")
    assert facts.persisted_value("kernel/sysrq") == "0"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parser_never_raises(text: str) -> None:
    items, issues = parse_sysctl_conf(text, PATH)
    assert all(i.location.path == PATH for i in (*items, *issues))


_FRAGMENTS = ["net.ipv4.conf.*.x", "-net.ipv4.conf.all.x", "a.b/c", " = ", "=", "-", "#", ";", "\n", " 1"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join))
def test_parser_and_lookup_never_raise_on_sysctl_shaped_text(text: str) -> None:
    items, _ = parse_sysctl_conf(text, PATH)
    facts = SysctlFacts(files=(PATH,), settings=resolve(items), runtime=None)
    facts.persisted("net.ipv4.conf.all.x")
