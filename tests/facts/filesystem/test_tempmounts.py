"""Which mount decides /tmp, /var/tmp and /dev/shm at boot: admin unit > fstab > systemd's enabled
tmp.mount; /dev/shm from systemd itself; otherwise the mount above."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from garrison.facts.filesystem import MountSource, parse_fstab
from garrison.facts.filesystem.tempmounts import TmpUnit, _unit_options, boot_mount
from garrison.model import Location

FSTAB = (
    "UUID=x / ext4 errors=remount-ro 0 1\n/dev/vg/var /var ext4 defaults 0 2\ntmpfs /tmp tmpfs nosuid 0 0\n"
)
UNIT = "[Unit]\nDescription=x\n[Mount]\nWhat=tmpfs\nOptions=mode=1777,nosuid,nodev,size=50%%\n"


def _unit(path: str, *, enabled: bool = True, masked: bool = False) -> TmpUnit:
    return TmpUnit(None if masked else _unit_options(UNIT, path), masked, enabled)


def test_unit_options_are_unescaped_and_cited() -> None:
    entry = _unit_options(UNIT, "/usr/lib/systemd/system/tmp.mount")
    assert entry.options == ("mode=1777", "nosuid", "nodev", "size=50%")
    assert entry.location == Location("/usr/lib/systemd/system/tmp.mount", 5)


def test_precedence() -> None:
    fstab, _ = parse_fstab(FSTAB)
    vendor = _unit("/usr/lib/systemd/system/tmp.mount")
    admin = _unit("/etc/systemd/system/tmp.mount", enabled=False)
    assert boot_mount("/tmp", fstab, vendor).source is MountSource.FSTAB  # fstab's generated unit wins
    assert boot_mount("/tmp", (), vendor).source is MountSource.UNIT
    assert (
        boot_mount("/tmp", (), _unit("/usr/lib/systemd/system/tmp.mount", enabled=False)).entry.mountpoint
        == "/"
    )
    assert boot_mount("/tmp", fstab, admin).source is MountSource.UNIT
    masked = boot_mount("/tmp", fstab, _unit("/etc/systemd/system/tmp.mount", masked=True))
    assert masked.source is MountSource.PARENT and masked.entry.mountpoint == "/"
    var_tmp = boot_mount("/var/tmp", fstab, None)
    assert var_tmp.source is MountSource.PARENT and var_tmp.entry.mountpoint == "/var"
    assert var_tmp.allows("suid")
    shm = boot_mount("/dev/shm", fstab, None)
    assert shm.source is MountSource.BUILTIN and not shm.allows("suid") and shm.allows("exec")
    assert boot_mount("/var/tmp", (), None).source is MountSource.ROOT_DEFAULT


@given(st.text())
def test_unit_options_never_raise(text: str) -> None:
    _unit_options(text, "/etc/systemd/system/tmp.mount")
