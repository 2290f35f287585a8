"""Prosody config parser: Lua semantics, scopes, includes, and a never-raises property."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.facts.prosody import ProsodyFacts, gather_prosody
from garrison.facts.prosody.luaconf import parse_prosody_config
from garrison.facts.prosody.model import GLOBAL, LuaTable, Opaque
from garrison.facts.tlsrefs import TlsFileRole
from garrison.targets.rootdir import RootDirTarget

PATH = "/etc/prosody/prosody.cfg.lua"


def test_assignments_scopes_and_values() -> None:
    text = (
        'admins = { "a@example.org" }\n'
        "size = 64 * 1024\n"
        'name = "chat" .. ".example.org"\n'
        'limits = { c2s = { rate = "10kb/s" }; ["s2sin"] = { rate = 3e4 } }\n'
        'VirtualHost "example.org"\n'
        "  allow_registration = true\n"
        'Component "muc.example.org" "muc"\n'
        "  max = size\n"
        'Include "conf.d/*.cfg.lua"\n'
    )
    parsed, issues = parse_prosody_config(text, PATH)
    assert parsed.syntax_error is None and not issues
    sets = {(s.scope, s.name): s for s in parsed.statements if s.kind == "set"}
    assert sets[(GLOBAL, "size")].value == 65536
    assert sets[(GLOBAL, "name")].value == "chat.example.org"
    limits = sets[(GLOBAL, "limits")].value
    assert isinstance(limits, LuaTable) and isinstance(limits.get("s2sin"), LuaTable)
    assert sets[("example.org", "allow_registration")].value is True
    assert sets[("example.org", "allow_registration")].location.line == 6
    assert sets[("muc.example.org", "max")].value == 65536  # a global read from a host scope
    kinds = [s.kind for s in parsed.statements]
    assert kinds.count("host") == 1 and kinds.count("component") == 1 and kinds[-1] == "include"
    component = next(s for s in parsed.statements if s.kind == "component")
    assert component.module == "muc"


def test_call_with_table_returns_to_global_scope() -> None:
    parsed, _ = parse_prosody_config('VirtualHost "a.org" { enabled = false }\nx = 1\n', PATH)
    sets = [(s.scope, s.name) for s in parsed.statements if s.kind == "set"]
    assert sets == [("a.org", "enabled"), (GLOBAL, "x")]


def test_unevaluated_and_placeholder_values() -> None:
    parsed, _ = parse_prosody_config('a = os.getenv("X")\nb = "{{ secret }}"\nc = "${DOMAIN}"\n', PATH)
    values = {s.name: s.value for s in parsed.statements}
    assert isinstance(values["a"], Opaque) and not values["a"].placeholder
    assert isinstance(values["b"], Opaque) and values["b"].placeholder
    assert isinstance(values["c"], Opaque) and values["c"].placeholder


def test_syntax_error_has_the_line() -> None:
    parsed, issues = parse_prosody_config("a = 1\nlimits = {\n  c2s = {{\n}\nb = 2\n", PATH)
    assert parsed.syntax_error is not None and issues
    assert parsed.syntax_error.location.line is not None and parsed.syntax_error.location.line >= 3


def _root(tmp_path: Path, files: dict[str, str]) -> RootDirTarget:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return RootDirTarget(str(tmp_path))


def test_gather_includes_hosts_modules_and_listeners(tmp_path: Path) -> None:
    target = _root(
        tmp_path,
        {
            "etc/prosody/prosody.cfg.lua": 'modules_enabled = { "limits"; "websocket"; "admin_telnet" }\n'
            'c2s_require_encryption = true\nInclude "conf.d/*.cfg.lua"\n',
            "etc/prosody/conf.d/a.cfg.lua": 'VirtualHost "a.org"\n  modules_disabled = { "limits" }\n'
            '  ssl = { certificate = "certs/a.crt"; key = "/etc/ssl/a.key" }\n',
            "etc/prosody/conf.d/.hidden.cfg.lua": "this is not lua",
        },
    )
    facts = gather_prosody(target)
    assert isinstance(facts, ProsodyFacts)
    assert facts.files == ("/etc/prosody/prosody.cfg.lua", "/etc/prosody/conf.d/a.cfg.lua")
    assert "limits" in facts.modules() and "limits" not in facts.modules("a.org")
    ports = {(x.port, x.purpose) for x in facts.listeners()}
    assert {(5222, "c2s"), (5269, "s2s"), (5280, "http"), (5582, "admin console")} <= ports
    console = [x for x in facts.listeners() if x.port == 5582]
    assert {x.scope for x in console} == {"loopback"}
    refs = {(r.path, r.role) for r in facts.tls_files()}
    assert ("/etc/prosody/certs/a.crt", TlsFileRole.CERTIFICATE) in refs
    assert ("/etc/ssl/a.key", TlsFileRole.PRIVATE_KEY) in refs


def test_gather_syntax_error_is_a_refusal_with_line_and_the_prefix_is_still_read(tmp_path: Path) -> None:
    target = _root(tmp_path, {"etc/prosody/prosody.cfg.lua": "a = 1\nb = = 2\nc = 3\n"})
    facts = gather_prosody(target)
    assert [(i.location.line, i.message[:16]) for i in facts.refusals] == [(2, "Lua syntax error")]
    assert set(facts.settings) == {"a"}  # read up to the error; Prosody itself applies none of it
    assert facts.verdict_notes() == (
        "judged from a configuration Prosody refuses to load (/etc/prosody/prosody.cfg.lua:2)",
    )


def test_gather_missing_include_is_reported_once_and_the_main_file_still_counts(tmp_path: Path) -> None:
    text = 'admins = { "a@example.org" }\nInclude "missing.cfg.lua"\nVirtualHost "example.org"\n'
    facts = gather_prosody(_root(tmp_path, {"etc/prosody/prosody.cfg.lua": text}))
    assert [i.location.line for i in facts.refusals] == [2]
    assert "admins" in facts.settings and facts.host("example.org") is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_parser_never_raises_on_arbitrary_text(text: str) -> None:
    parsed, issues = parse_prosody_config(text, PATH)
    assert parsed.path == PATH
    assert all(issue.location.path == PATH for issue in issues)


_LUAISH = st.lists(
    st.sampled_from(
        [
            "x = ",
            '"a"',
            "{",
            "}",
            "1",
            "..",
            "VirtualHost",
            "Include",
            " ",
            "\n",
            ";",
            ",",
            "=",
            "true",
            "nil",
            "[",
            "]",
            "(",
            ")",
            "--",
            "y",
            "*",
            "-",
            "^",
            "not",
            'Component "c" "muc"',
            "local z = x\n",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LUAISH)
def test_parser_never_raises_on_lua_like_text(text: str) -> None:
    parse_prosody_config(text, PATH)
