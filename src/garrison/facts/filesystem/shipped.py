"""The setuid and setgid files Debian packages install, with the mode and owner they get.

Checked against Debian 12 (bookworm) packages with `dpkg -c` and their maintainer scripts
(tests/realworld/test_setuid_table.py). `how` says where the mode comes from: the package's data
(`deb`), a `dpkg-statoverride --add` in its postinst (then /var/lib/dpkg/statoverride lists it too), or a
`chmod` in its postinst (fuse3, polkitd, pkexec, ntfs-3g, openssh-client's ssh-agent setgid `_ssh`;
iputils-ping only when file capabilities cannot be set). Not setuid/setgid in Debian 12 although older
releases had them so: screen, wall, write, ping (a capability).

Paths are as dpkg lists them (`/bin/su`); `canonical` maps them to the merged-/usr form (`/usr/bin/su`)
in which a scan of a Debian 12+ system finds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

SETUID = 0o4000
SETGID = 0o2000
SPECIAL = SETUID | SETGID
_MERGED = ("/bin/", "/sbin/", "/lib/", "/lib64/")


class ModeSource(StrEnum):
    DEB = "deb"  # the mode is in the package's data.tar
    STATOVERRIDE = "statoverride"  # the postinst registers it with dpkg-statoverride --add
    POSTINST = "postinst"  # the postinst chmods it (unless a statoverride exists)


@dataclass(frozen=True, slots=True)
class ShippedSpecial:
    """A file a package installs setuid or setgid: `mode` the full permission bits, `owner:group` names."""

    path: str
    package: str
    mode: int
    owner: str
    group: str
    how: ModeSource = ModeSource.DEB

    @property
    def special(self) -> int:
        return self.mode & SPECIAL


def canonical(path: str) -> str:
    """The merged-/usr spelling of a path (`/bin/mount` -> `/usr/bin/mount`)."""
    return f"/usr{path}" if path.startswith(_MERGED) else path


_S = ShippedSpecial
_SO, _PI = ModeSource.STATOVERRIDE, ModeSource.POSTINST

SHIPPED: tuple[ShippedSpecial, ...] = (
    _S("/usr/bin/chfn", "passwd", 0o4755, "root", "root"),
    _S("/usr/bin/chsh", "passwd", 0o4755, "root", "root"),
    _S("/usr/bin/gpasswd", "passwd", 0o4755, "root", "root"),
    _S("/usr/bin/passwd", "passwd", 0o4755, "root", "root"),
    _S("/usr/bin/chage", "passwd", 0o2755, "root", "shadow"),
    _S("/usr/bin/expiry", "passwd", 0o2755, "root", "shadow"),
    _S("/usr/bin/newgrp", "login", 0o4755, "root", "root"),
    _S("/bin/su", "util-linux", 0o4755, "root", "root"),
    _S("/bin/mount", "mount", 0o4755, "root", "root"),
    _S("/bin/umount", "mount", 0o4755, "root", "root"),
    _S("/usr/bin/sudo", "sudo", 0o4755, "root", "root"),
    _S("/usr/lib/openssh/ssh-keysign", "openssh-client", 0o4755, "root", "root"),
    _S("/sbin/unix_chkpwd", "libpam-modules-bin", 0o2755, "root", "shadow"),
    _S("/usr/lib/x86_64-linux-gnu/utempter/utempter", "libutempter0", 0o2755, "root", "utmp"),
    _S("/usr/lib/aarch64-linux-gnu/utempter/utempter", "libutempter0", 0o2755, "root", "utmp"),
    _S("/usr/bin/at", "at", 0o6755, "daemon", "daemon"),
    _S("/usr/sbin/exim4", "exim4-daemon-light", 0o4755, "root", "root"),
    _S("/usr/sbin/exim4", "exim4-daemon-heavy", 0o4755, "root", "root"),
    _S("/usr/bin/newuidmap", "uidmap", 0o4755, "root", "root"),
    _S("/usr/bin/newgidmap", "uidmap", 0o4755, "root", "root"),
    _S("/usr/bin/procmail", "procmail", 0o6755, "root", "mail"),
    _S("/usr/bin/lockfile", "procmail", 0o2755, "root", "mail"),
    _S("/usr/bin/dotlockfile", "liblockfile-bin", 0o2755, "root", "mail"),
    _S("/usr/bin/dotlock.mailutils", "mailutils", 0o2755, "root", "root"),
    _S("/usr/lib/xorg/Xorg.wrap", "xserver-xorg-legacy", 0o6755, "root", "root"),
    _S("/usr/sbin/pppd", "ppp", 0o4754, "root", "dip"),
    _S("/usr/lib/dma/dma-mbox-create", "dma", 0o4754, "root", "mail"),
    _S("/usr/sbin/dma", "dma", 0o2755, "root", "mail"),
    _S("/usr/bin/mailq", "nullmailer", 0o4755, "mail", "root"),
    _S("/usr/sbin/nullmailer-queue", "nullmailer", 0o4755, "mail", "root"),
    _S("/usr/libexec/opensmtpd/mail.local", "opensmtpd", 0o2755, "root", "mail"),
    _S("/usr/lib/dbus-1.0/dbus-daemon-launch-helper", "dbus", 0o4754, "root", "messagebus", _SO),
    _S("/usr/bin/crontab", "cron", 0o2755, "root", "crontab", _SO),
    _S("/usr/sbin/postdrop", "postfix", 0o2555, "root", "postdrop", _SO),
    _S("/usr/sbin/postqueue", "postfix", 0o2555, "root", "postdrop", _SO),
    _S("/usr/bin/plocate", "plocate", 0o2755, "root", "plocate", _SO),
    _S("/bin/fusermount3", "fuse3", 0o4755, "root", "root", _PI),
    _S("/bin/fusermount", "fuse", 0o4755, "root", "root", _PI),
    _S("/bin/ntfs-3g", "ntfs-3g", 0o4755, "root", "root", _PI),
    _S("/usr/lib/polkit-1/polkit-agent-helper-1", "polkitd", 0o4755, "root", "root", _PI),
    _S("/usr/bin/pkexec", "pkexec", 0o4755, "root", "root", _PI),
    _S("/usr/bin/ssh-agent", "openssh-client", 0o2755, "root", "_ssh", _PI),
    _S("/bin/ping", "iputils-ping", 0o4755, "root", "root", _PI),
)


def _index() -> Mapping[str, tuple[ShippedSpecial, ...]]:
    table: dict[str, list[ShippedSpecial]] = {}
    for item in SHIPPED:
        table.setdefault(canonical(item.path), []).append(item)
    return MappingProxyType({path: tuple(items) for path, items in table.items()})


#: canonical path -> the packages that may ship it setuid/setgid (exim4's two daemons share a path).
BY_PATH: Mapping[str, tuple[ShippedSpecial, ...]] = _index()
