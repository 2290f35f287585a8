"""Parsers of the kernelcfg pack: modprobe.d lines, /etc/default/grub assignments, AppArmor headers."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from garrison.facts.kernelcfg import (
    Command,
    gather_boot_cmdline,
    gather_modprobe,
    parse_default_grub,
    parse_modprobe_conf,
    parse_profile_headers,
)
from garrison.facts.kernelcfg.apparmor import MAX_EXPANSIONS, expand
from garrison.model import Location
from garrison.targets.rootdir import RootDirTarget


def test_modprobe_lines_continuations_and_names() -> None:
    text = (
        "# c\ninstall dccp /bin/false\nblacklist ip-sctp\n"
        "install sctp /sbin/modprobe \\\n  --ignore-install sctp\nbogus x\n"
    )
    lines, issues = parse_modprobe_conf(text, "/etc/modprobe.d/x.conf")
    assert [(i.command, i.module, i.location.line) for i in lines] == [
        (Command.INSTALL, "dccp", 2),
        (Command.BLACKLIST, "ip_sctp", 3),
        (Command.INSTALL, "sctp", 4),
    ]
    assert lines[2].argument.split() == ["/sbin/modprobe", "--ignore-install", "sctp"]
    assert [i.location.line for i in issues if i.location] == [6]


def test_modprobe_precedence_and_first_install(tmp_path: Path) -> None:
    (tmp_path / "lib/modprobe.d").mkdir(parents=True)
    (tmp_path / "etc/modprobe.d").mkdir(parents=True)
    (tmp_path / "lib/modprobe.d/cis.conf").write_text("install dccp /bin/false\n")
    (tmp_path / "lib/modprobe.d/zz.conf").write_text("install d* /bin/true\n")
    (tmp_path / "etc/modprobe.d/cis.conf").write_text("blacklist dccp\n")  # hides lib's cis.conf
    facts = gather_modprobe(RootDirTarget(str(tmp_path)))
    assert facts.files == ("/etc/modprobe.d/cis.conf", "/lib/modprobe.d/zz.conf")
    install = facts.install("dccp")
    assert install is not None and install.argument == "/bin/true"  # the pattern line
    assert facts.blacklist("dccp") is not None and facts.loaded is None


def test_grub_sourcing_expands_and_cites_the_last_assignment() -> None:
    env, issues = parse_default_grub('GRUB_CMDLINE_LINUX="quiet"\n', "/etc/default/grub")
    env, _ = parse_default_grub('GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX apparmor=0"\n', "/d/x.cfg", env)
    assert env["GRUB_CMDLINE_LINUX"] == ("quiet apparmor=0", Location("/d/x.cfg", 1))
    _, bad = parse_default_grub('GRUB_CMDLINE_LINUX="unbalanced\n', "/etc/default/grub")
    assert not issues and bad


def test_boot_cmdline_from_grub_and_grub_cfg(tmp_path: Path) -> None:
    (tmp_path / "etc/default").mkdir(parents=True)
    (tmp_path / "etc/default/grub").write_text(
        'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="lsm=yama"\n'
    )
    (tmp_path / "boot/grub").mkdir(parents=True)
    (tmp_path / "boot/grub/grub.cfg").write_text(
        "menuentry 'Debian' {\n\tlinux /vmlinuz root=/dev/sda1 ro apparmor=0\n}\n"
    )
    facts = gather_boot_cmdline(RootDirTarget(str(tmp_path)))
    last = facts.last("apparmor", live=False)
    assert last is not None and last.location == Location("/boot/grub/grub.cfg", 2)
    lsm = facts.last("lsm", live=False)
    assert lsm is not None and lsm.location == Location("/etc/default/grub", 2) and facts.live is None


def test_profile_headers_and_flags() -> None:
    text = (
        "abi <abi/3.0>,\n@{exec} = /usr/bin/x\nprofile a flags=(complain) {\n  /etc/{a,b} r,\n"
        "  profile child { }\n}\n/usr/sbin/b flags=(attach_disconnected,complain){\n}\n}\n"
    )
    profiles, issues = parse_profile_headers(text, "/etc/apparmor.d/x")
    assert [(p.name, p.complain, p.location.line) for p in profiles] == [
        ("a", True, 3),
        ("/usr/sbin/b", True, 7),
    ]
    assert [i.location.line for i in issues if i.location] == [9]


@given(st.text())
def test_parsers_never_raise(text: str) -> None:
    parse_modprobe_conf(text, "/etc/modprobe.d/x.conf")
    parse_default_grub(text, "/etc/default/grub")
    parse_profile_headers(text, "/etc/apparmor.d/x")
    assert len(expand(text, {"x": ["a", "b"]})) <= MAX_EXPANSIONS


def test_attachment_expansion() -> None:
    assert expand("/{,usr/}bin/x", {}) == ("/bin/x", "/usr/bin/x")
    assert expand("@{exec}", {"exec": ["/a", "/b"]}) == ("/a", "/b")
    assert expand("@{HOME}/{a,b}", {}) == ("@{HOME}/a", "@{HOME}/b")
