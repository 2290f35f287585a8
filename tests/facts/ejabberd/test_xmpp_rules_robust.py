"""Property: whatever shape the options take (wrong types, odd nesting), every ejabberd and Prosody rule
returns an outcome of its own - never an internal error - and the gatherers raise only fact problems."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

EJABBERD_KEYS = [
    "listen",
    "modules",
    "certfiles",
    "s2s_use_starttls",
    "auth_password_format",
    "disable_sasl_mechanisms",
    "c2s_protocol_options",
    "s2s_protocol_options",
    "c2s_ciphers",
    "loglevel",
    "acme",
    "access_rules",
    "api_permissions",
    "define_macro",
    "host_config",
    "append_host_config",
    "auth_method",
    "sql_password",
]
LISTENER_KEYS = [
    "port",
    "ip",
    "module",
    "tls",
    "starttls_required",
    "protocol_options",
    "request_handlers",
    "ciphers",
    "transport",
]
PROSODY_KEYS = [
    "c2s_require_encryption",
    "s2s_require_encryption",
    "s2s_secure_auth",
    "s2s_insecure_domains",
    "ssl",
    "tls_profile",
    "authentication",
    "allow_registration",
    "registration_invite_only",
    "admins",
    "modules_enabled",
    "modules_disabled",
    "limits",
    "c2s_stanza_size_limit",
    "s2s_stanza_size_limit",
    "consider_websocket_secure",
    "consider_bosh_secure",
    "http_interfaces",
    "console_interfaces",
    "component_interfaces",
    "local_interfaces",
    "interfaces",
    "archive_expires_after",
    "certificates",
    "log",
    "openmetrics_allow_cidr",
    "c2s_ports",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 70000),
    st.sampled_from(
        [
            "all",
            "::",
            "127.0.0.1",
            "required",
            "plain",
            "scram",
            "debug",
            "ejabberd_c2s",
            "ejabberd_http",
            "mod_http_api",
            "{{ x }}",
            "*",
            "never",
            "1w",
        ]
    ),
)
NESTED_KEYS = [
    *LISTENER_KEYS,
    "allow",
    "deny",
    "acl",
    "who",
    "what",
    "from",
    "c2s",
    "rate",
    "protocol",
    "auto",
]
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(NESTED_KEYS), inner, max_size=3),
    ),
    max_leaves=8,
)
listener = st.dictionaries(st.sampled_from(LISTENER_KEYS), values, max_size=6)
ejabberd_docs = st.dictionaries(
    st.sampled_from(EJABBERD_KEYS),
    st.one_of(values, st.lists(listener, max_size=3)),
    max_size=8,
)

SEEN: set[str] = set()
PERMISSIVE = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))


def _run(domain: str, root: Path) -> None:
    store = FactStore(RootDirTarget(str(root)), default_gatherers())
    for item in load_rules():
        if item.domain == domain:
            outcome = evaluate(item, store)
            SEEN.add(outcome.status)
            assert "internal error" not in outcome.message, (item.id, outcome.message)


@PERMISSIVE
@given(ejabberd_docs)
def test_ejabberd_rules_survive_any_option_shapes(doc: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "etc/ejabberd/ejabberd.yml"
        config.parent.mkdir(parents=True)
        config.write_text(json.dumps(doc))  # JSON is YAML
        _run("ejabberd", Path(tmp))


def _lua(value: object) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "{ " + "; ".join(_lua(v) for v in value) + " }"
    assert isinstance(value, dict)
    return "{ " + "; ".join(f"{k} = {_lua(v)}" for k, v in value.items()) + " }"


@PERMISSIVE
@given(
    st.lists(st.tuples(st.sampled_from(PROSODY_KEYS), values), max_size=8),
    st.lists(st.tuples(st.sampled_from(PROSODY_KEYS), values), max_size=4),
)
def test_prosody_rules_survive_any_option_shapes(
    global_opts: list[tuple[str, object]], host_opts: list[tuple[str, object]]
) -> None:
    text = "".join(f"{k} = {_lua(v)}\n" for k, v in global_opts)
    text += 'VirtualHost "example.org"\n' + "".join(f"  {k} = {_lua(v)}\n" for k, v in host_opts)
    text += 'Component "gw.example.org"\n'
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "etc/prosody/prosody.cfg.lua"
        config.parent.mkdir(parents=True)
        config.write_text(text)
        _run("prosody", Path(tmp))


def test_the_properties_reached_the_rules() -> None:
    assert {"pass", "fail", "error"} <= SEEN or not SEEN
