"""ejabberd config parsing: located YAML tree, includes, macros, ejabberdctl.cfg; never-raises properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.ejabberd import EjabberdFacts, gather_ejabberd
from garrison.facts.ejabberd.ctlcfg import parse_ejabberdctl_cfg
from garrison.facts.ejabberd.model import Kind
from garrison.facts.ejabberd.yamltree import parse_ejabberd_yaml
from garrison.facts.store import FactError
from garrison.targets.rootdir import RootDirTarget

PATH = "/etc/ejabberd/ejabberd.yml"


def test_tree_keeps_lines_types_and_quotes() -> None:
    text = 'loglevel: info\nlisten:\n  -\n    port: 5222\n    ip: "::"\n    starttls_required: true\n'
    tree, issues = parse_ejabberd_yaml(text, PATH)
    assert tree is not None and not issues
    listener = tree.get("listen").items[0]  # type: ignore[union-attr]
    assert listener.location.line == 4
    assert listener.get("port").scalar == 5222  # type: ignore[union-attr]
    assert listener.get("starttls_required").scalar is True  # type: ignore[union-attr]
    ip = listener.get("ip")
    assert ip is not None and ip.quoted and ip.text == "::" and ip.location.line == 5


def test_syntax_error_is_an_issue_with_line() -> None:
    tree, issues = parse_ejabberd_yaml("hosts:\n  - a\n listen: [\n", PATH)
    assert tree is None and issues[0].location.line is not None


def test_ctl_cfg_last_assignment_wins_and_comments_are_ignored() -> None:
    text = (
        "#INET_DIST_INTERFACE=127.0.0.1\nERL_DIST_PORT=5210\n"
        "export ERL_EPMD_ADDRESS='127.0.0.1'\nERL_DIST_PORT=5211\n"
    )
    found, _ = parse_ejabberdctl_cfg(text, "/etc/default/ejabberd")
    assert "INET_DIST_INTERFACE" not in found
    assert found["ERL_DIST_PORT"].value == "5211" and found["ERL_DIST_PORT"].location.line == 4
    assert found["ERL_EPMD_ADDRESS"].value == "127.0.0.1"


def _root(tmp_path: Path, files: dict[str, str]) -> RootDirTarget:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return RootDirTarget(str(tmp_path))


def test_gather_includes_macros_and_listeners(tmp_path: Path) -> None:
    main = (
        "hosts: [chat.example.org]\n"
        "define_macro:\n  'ADMIN_IP': \"127.0.0.1\"\n"
        "include_config_file:\n  /etc/ejabberd/extra.yml:\n    disallow: [loglevel]\n"
        "loglevel: info\n"
        'certfiles: ["/etc/ejabberd/*.pem"]\n'
        "listen:\n  - port: 5222\n    module: ejabberd_c2s\n"
        "modules:\n  mod_ping: {}\n"
    )
    extra = (
        "loglevel: debug\n"
        "listen:\n  - port: 5280\n    ip: ADMIN_IP\n    module: ejabberd_http\n"
        "    request_handlers:\n      /admin: ejabberd_web_admin\n"
        "modules:\n  mod_fail2ban: {}\n  mod_ping:\n    send_pings: true\n"
    )
    target = _root(
        tmp_path,
        {
            "etc/ejabberd/ejabberd.yml": main,
            "etc/ejabberd/extra.yml": extra,
            "etc/ejabberd/ejabberd.pem": "pem",
            "etc/default/ejabberd": "ERL_DIST_PORT=5210\nINET_DIST_INTERFACE=127.0.0.1\n",
        },
    )
    facts = gather_ejabberd(target)
    assert isinstance(facts, EjabberdFacts)
    assert facts.option("loglevel").text == "info"  # type: ignore[union-attr]
    assert facts.module("mod_fail2ban") is not None
    assert facts.module("mod_ping").kind == Kind.MAP and not facts.module("mod_ping").keys  # type: ignore[union-attr]
    admin = next(x for x in facts.listeners() if x.port == 5280)
    assert admin.address == "127.0.0.1" and admin.purpose == "web admin"
    assert admin.location is not None and admin.location.path == "/etc/ejabberd/extra.yml"
    c2s = next(x for x in facts.listeners() if x.port == 5222)
    assert c2s.scope == "all"
    dist = next(x for x in facts.listeners() if x.purpose == "erlang distribution")
    assert (dist.port, dist.scope) == (5210, "loopback")
    assert [r.path for r in facts.tls_files()] == ["/etc/ejabberd/ejabberd.pem"]


def test_gather_wrong_top_level_is_a_fact_error(tmp_path: Path) -> None:
    target = _root(tmp_path, {"etc/ejabberd/ejabberd.yml": "- just\n- a list\n"})
    with pytest.raises(FactError) as caught:
        gather_ejabberd(target)
    assert caught.value.location is not None and caught.value.location.path == PATH


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_yaml_parser_never_raises(text: str) -> None:
    tree, issues = parse_ejabberd_yaml(text, PATH)
    assert tree is not None or issues


_YAMLISH = st.lists(
    st.sampled_from(
        [
            "a:",
            " ",
            "\n",
            "  ",
            "- ",
            "{",
            "}",
            "[",
            "]",
            ",",
            '"x"',
            "'y'",
            "&a",
            "*a",
            "!!str",
            "? ",
            "|",
            ">",
            "#",
            "1",
            "true",
            "listen:",
            "port: 5222",
            "\t",
            ":",
        ]
    ),
    max_size=50,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_YAMLISH)
def test_yaml_parser_never_raises_on_yaml_like_text(text: str) -> None:
    parse_ejabberd_yaml(text, PATH)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_ctl_parser_never_raises(text: str) -> None:
    parse_ejabberdctl_cfg(text, "/etc/default/ejabberd")
