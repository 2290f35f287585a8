"""Parsers of the logging pack: systemd conf files, rsyslog, syslog-ng, chrony and ntpd (units and a
never-raises property test each)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.logging.conf import dropin_order, last_value, list_value, parse_conf
from garrison.facts.logging.syslog import OutputKind, parse_rsyslog, parse_syslog_ng
from garrison.facts.logging.timesync import IncludeKind, parse_chrony, parse_ntp
from garrison.model import Dialect, Location


def test_conf_sections_comments_and_continuations() -> None:
    text = (
        "# c\n"
        "[Journal]\n"
        "; also a comment\n"
        "Storage=volatile\n"
        "SystemMaxUse=1G \\\n"
        "  # not a comment\n"
        "[Other]\n"
        "Storage=none\n"
    )
    entries, issues = parse_conf(text, "/etc/systemd/journald.conf")
    assert not issues
    assert [(e.section, e.key, e.location.line) for e in entries] == [
        ("Journal", "Storage", 4),
        ("Journal", "SystemMaxUse", 5),
        ("Other", "Storage", 8),
    ]
    last = last_value(entries, "Journal", "Storage")
    assert last is not None and last.value == "volatile"


def test_conf_bad_line_is_an_issue_and_the_rest_is_read() -> None:
    entries, issues = parse_conf("[Journal]\nStorage\nCompress=no\n", "/x.conf")
    assert [str(i.location) for i in issues] == ["/x.conf:2"]
    assert [e.key for e in entries] == ["Compress"]


def test_list_option_empty_assignment_resets() -> None:
    entries, _ = parse_conf("[Time]\nNTP=a b\nNTP=c\n", "/a")
    more, _ = parse_conf("[Time]\nNTP=\n", "/b")
    assert list_value(entries, "Time", "NTP")[0] == ["a", "b", "c"]
    words, last = list_value(entries + more, "Time", "NTP")
    assert words == [] and last is not None and last.location == Location("/b", 2)


def test_dropins_sort_by_name_and_etc_hides_usr() -> None:
    found = [
        ("/etc/systemd/journald.conf.d", "50-x.conf"),
        ("/usr/lib/systemd/journald.conf.d", "50-x.conf"),
        ("/usr/lib/systemd/journald.conf.d", "10-vendor.conf"),
        ("/run/systemd/journald.conf.d", "99-late.conf"),
    ]
    assert dropin_order(found) == [
        "/usr/lib/systemd/journald.conf.d/10-vendor.conf",
        "/etc/systemd/journald.conf.d/50-x.conf",
        "/run/systemd/journald.conf.d/99-late.conf",
    ]


RSYSLOG = """module(load="imjournal" StateFile="imjournal.state")
$IncludeConfig /etc/rsyslog.d/*.conf
include(file="/etc/rsyslog.local/*.conf" mode="optional")
*.*;auth,authpriv.none  -/var/log/syslog
auth.*  @@(o)logs.example.net:10514;RSYSLOG_SyslogProtocol23Format
& @backup.example.net
mail.* :omrelp:relp.example.net:2514
*.emerg :omusrmsg:*
# *.* @@commented.example.net
if $programname == 'app' then {
    action(type="omfwd" target="10.0.0.5" port="514"
           protocol="tcp" template="x)y")
    action(type="omfile" file="/var/log/app.log")
}
"""


def test_rsyslog_outputs_includes_and_modules() -> None:
    config, issues = parse_rsyslog(RSYSLOG, "/etc/rsyslog.conf")
    assert not issues
    assert config.modules == ("imjournal",)
    assert [p for p, _ in config.includes] == ["/etc/rsyslog.d/*.conf", "/etc/rsyslog.local/*.conf"]
    remote = [(o.target, o.location.line) for o in config.outputs if o.kind is OutputKind.REMOTE]
    assert remote == [
        ("tcp logs.example.net:10514", 5),
        ("udp backup.example.net", 6),
        ("relp relp.example.net:2514", 7),
        ("tcp 10.0.0.5:514", 11),
    ]
    files = [o.target for o in config.outputs if o.kind is OutputKind.FILE]
    assert files == ["/var/log/syslog", "/var/log/app.log"]
    assert all(o.dialect is Dialect.RSYSLOG for o in config.outputs)


SYSLOG_NG = """@version: 4.3
@include "scl.conf"
# destination d_old { tcp("old.example.net"); };
destination d_net { syslog("logs.example.net" transport("tls") port(6514)); };
destination d_unused { udp("unused.example.net"); };
destination d_file { file("/var/log/messages" owner("root")); };
log { source(s_src); destination(d_net); destination(d_file); };
"""


def test_syslog_ng_destinations_and_uses() -> None:
    config, _ = parse_syslog_ng(SYSLOG_NG, "/etc/syslog-ng/syslog-ng.conf")
    assert config.used == ("d_net", "d_file")
    assert [(o.selector, o.kind, o.target, o.location.line) for o in config.outputs] == [
        ("d_net", OutputKind.REMOTE, "syslog logs.example.net", 4),
        ("d_unused", OutputKind.REMOTE, "udp unused.example.net", 5),
        ("d_file", OutputKind.FILE, "/var/log/messages", 6),
    ]
    assert config.includes[0][0] == "scl.conf"


def test_chrony_sources_and_includes() -> None:
    text = (
        "pool 2.debian.pool.ntp.org iburst\n"
        "! server off.example.net\n"
        "server\n"
        "sourcedir /run/chrony-dhcp\n"
        "confdir /etc/chrony/conf.d\n"
        "include /etc/chrony/x/*.conf\n"
    )
    config, issues = parse_chrony(text, "/etc/chrony/chrony.conf")
    assert [(s.directive, s.host) for s in config.sources] == [("pool", "2.debian.pool.ntp.org")]
    assert [str(i.location) for i in issues] == ["/etc/chrony/chrony.conf:3"]
    assert [k for k, _, _ in config.includes] == [
        IncludeKind.SOURCEDIR,
        IncludeKind.CONFDIR,
        IncludeKind.GLOB,
    ]
    only, _ = parse_chrony("server a.example.net\nconfdir /x\n", "/s.sources", sources_only=True)
    assert [s.host for s in only.sources] == ["a.example.net"] and not only.includes


def test_ntp_local_clock_is_not_a_source() -> None:
    config, _ = parse_ntp(
        (
            "server 127.127.1.0\n"
            "fudge 127.127.1.0 stratum 10\n"
            "pool 0.debian.pool.ntp.org iburst\n"
            "includefile /etc/ntp.d/x\n"
        ),
        "/etc/ntp.conf",
    )
    assert [s.host for s in config.sources] == ["0.debian.pool.ntp.org"]
    assert config.includes[0][1] == "/etc/ntp.d/x"


PARSERS: list[Callable[[str, str], object]] = [
    parse_conf,
    parse_rsyslog,
    parse_syslog_ng,
    parse_chrony,
    parse_ntp,
]
SYNTAX = st.text(
    alphabet=st.sampled_from(list("[]=#;\\\"'(){}@&:*.,/ \t\nactionomfwdtargetdestinationserverpool")),
    max_size=300,
)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(max_size=300), SYNTAX))
def test_parsers_never_raise(parser: Callable[[str, str], object], text: str) -> None:
    _model, issues = parser(text, "/etc/x")  # type: ignore[misc]
    assert isinstance(issues, tuple)
