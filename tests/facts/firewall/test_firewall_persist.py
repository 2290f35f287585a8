"""Boot-time restores in crontabs and scripts; IPv6 switches."""

from __future__ import annotations

from garrison.facts.firewall.model import Family
from garrison.facts.firewall.persist import (
    parse_boot_script,
    parse_crontab,
    parse_if_inet6,
    parse_sysctl_ipv6_disabled,
)
from garrison.model import Location


def test_root_crontab_reboot_restore() -> None:
    text = "# m h dom mon dow command\n@reboot /usr/sbin/iptables-restore < /opt/iptables-rules\n"
    (found,) = parse_crontab(text, "/var/spool/cron/crontabs/root", user_field=False)
    assert (found.tool, found.family, found.file) == ("iptables", Family.IPV4, "/opt/iptables-rules")
    assert found.location == Location("/var/spool/cron/crontabs/root", 2)


def test_system_crontab_has_a_user_field() -> None:
    text = (
        "@reboot root sleep 5 && ip6tables-legacy-restore /etc/fw/v6.rules\n"
        "0 3 * * * root iptables-restore < /etc/fw/nightly\n"
        "@reboot root nft -f /etc/fw/main.nft\n"
    )
    found = parse_crontab(text, "/etc/cron.d/firewall", user_field=True)
    assert [(f.tool, f.family, f.file) for f in found] == [
        ("iptables", Family.IPV6, "/etc/fw/v6.rules"),
        ("nft", None, "/etc/fw/main.nft"),
    ]


def test_boot_script() -> None:
    text = (
        "#!/bin/sh\n# iptables-restore < /nope\n/sbin/iptables-restore -n < /etc/iptables.up.rules\nexit 0\n"
    )
    (found,) = parse_boot_script(text, "/etc/network/if-pre-up.d/iptables")
    assert found.file == "/etc/iptables.up.rules" and found.location.line == 3


def test_sysctl_and_if_inet6() -> None:
    assert parse_sysctl_ipv6_disabled("net.ipv6.conf.all.disable_ipv6 = 1\n", "/etc/sysctl.conf") == (
        True,
        Location("/etc/sysctl.conf", 1),
    )
    assert parse_sysctl_ipv6_disabled("net/ipv6/conf/all/disable_ipv6=0\n", "/x")[0] is False
    assert parse_sysctl_ipv6_disabled("# nothing\n", "/x") == (None, None)
    text = (
        "00000000000000000000000000000001 01 80 10 80       lo\n"
        "fe800000000000000a0027fffe4e1b2c 02 40 20 80     eth0\n"
        "20010db8000000000000000000000001 02 40 00 80     eth0\n"
    )
    assert parse_if_inet6(text) == ("eth0:2001:0db8:0000:0000:0000:0000:0000:0001",)
