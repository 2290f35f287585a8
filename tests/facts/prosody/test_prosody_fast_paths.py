"""Prosody's shortcuts give what the slow reading gives (issue 7, class 7: bounded time).

Plain configs are read without luaparser, the lexical pre-scans skip with regular expressions, and the
per-scope views rules share (who sets an option, which scopes can differ from the global one, each scope's
modules) are built once: each must agree with the reference on any input.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.facts.prosody import ProsodyFacts
from garrison.facts.prosody.luaconf import _parse_with_luaparser
from garrison.facts.prosody.luafast import simple_statements, too_deep
from garrison.facts.prosody.luasyntax import unfinished_string
from garrison.facts.prosody.model import GLOBAL, Host, HostKind, LuaTable, LuaValue, Setting
from garrison.model import Location

PATH = "/etc/prosody/prosody.cfg.lua"

PLAIN = st.lists(
    st.sampled_from(
        [
            'x = "a"',
            "y = 1",
            "z = true",
            "w = nil",
            'm = { "roster"; "tls", }',
            't = { a = "b"; 2 }',
            'VirtualHost "h.example"',
            'Component "c.example" "muc"',
            'Include "conf.d/*.lua"',
            "-- note",
            'admins = { "a@h" }',
            'v = "{{ x }}"',
            ";",
            "enabled = false",
            'Host "{{ h }}"',
            "n = 0",
        ]
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PLAIN)
def test_plain_configs_read_as_luaparser_reads_them(text: str) -> None:
    simple = simple_statements(text, PATH)
    assert simple is not None
    parsed, issues = _parse_with_luaparser(text, PATH)
    assert issues == ()
    assert simple == parsed.statements


def _unfinished_stepwise(text: str) -> int | None:
    """The pre-scan one character at a time (comments, long brackets and escapes skipped)."""
    i, line, size = 0, 1, len(text)
    while i < size:
        char = text[i]
        if char == "\n":
            line, i = line + 1, i + 1
        elif text.startswith("--", i) or (char == "[" and _long_level(text, i) is not None):
            start = i + 2 if char == "-" else i
            level = _long_level(text, start)
            if level is None:
                end = text.find("\n", i)
                stop = size if end < 0 else end
            else:
                end = text.find("]" + level + "]", start + len(level) + 2)
                stop = size if end < 0 else end + len(level) + 2
            line, i = line + text.count("\n", i, stop), stop
        elif char in "\"'":
            start, i = line, i + 1
            while i < size and text[i] != char:
                if text[i] == "\\" and i + 1 < size:
                    line, i = line + (text[i + 1] == "\n"), i + 2
                    continue
                if text[i] == "\n":
                    return start
                i += 1
            i += 1
        else:
            i += 1
    return None


def _long_level(text: str, at: int) -> str | None:
    """The `=` of a long bracket `[==[` opening at `at`, None when none opens there."""
    if not text.startswith("[", at):
        return None
    end = at + 1
    while text.startswith("=", end):
        end += 1
    return text[at + 1 : end] if text.startswith("[", end) else None


def _too_deep_stepwise(text: str, limit: int) -> int | None:
    depth, line, i, size = 0, 1, 0, len(text)
    while i < size:
        char = text[i]
        if char == "\n":
            line += 1
        elif text.startswith("--", i) or (char == "[" and _long_level(text, i) is not None):
            start = i + 2 if char == "-" else i
            level = _long_level(text, start)
            if level is None:
                end = text.find("\n", i)
                i = size if end < 0 else end
                continue
            end = text.find("]" + level + "]", start + len(level) + 2)
            stop = size if end < 0 else end + len(level) + 2
            line, i = line + text.count("\n", i, stop), stop
            continue
        elif char in "({[":
            depth += 1
            if depth > limit:
                return line
        elif char in ")}]":
            depth = max(0, depth - 1)
        elif char in "\"'":
            i += 1
            while i < size and text[i] not in (char, "\n"):
                line += text[i] == "\\" and text[i + 1 : i + 2] == "\n"
                i += 2 if text[i] == "\\" else 1
            if i < size and text[i] == "\n":
                continue
        i += 1
    return None


LUAISH = st.lists(
    st.sampled_from(
        [
            '"',
            "'",
            "\\",
            "\n",
            "--",
            "[[",
            "]]",
            "[=[",
            "]=]",
            "[",
            "]",
            "(",
            ")",
            "{",
            "}",
            "-",
            "a",
            "x = ",
            "\\\n",
            "=",
            " ",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(LUAISH, st.text(max_size=60)), st.integers(0, 3))
def test_lexical_prescans_agree_with_a_scan_char_by_char(text: str, limit: int) -> None:
    assert unfinished_string(text) == _unfinished_stepwise(text)
    assert too_deep(text, limit) == _too_deep_stepwise(text, limit)


OPTIONS = ("allow_registration", "modules_enabled", "modules_disabled", "enabled", "load_global_modules")
VALUES = st.sampled_from([True, False, LuaTable(("register", "mod_tls")), LuaTable(("register",)), "x"])
HOSTS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "*"]),
        st.sampled_from(list(HostKind)),
        st.dictionaries(st.sampled_from(OPTIONS), VALUES, max_size=3),
    ),
    max_size=6,
    unique_by=lambda host: host[0],
)


def _modules(facts: ProsodyFacts, scope: str) -> frozenset[str]:
    """The loaded modules as Prosody computes them, from the settings alone."""

    def names(setting: Setting | None) -> set[str]:
        value = None if setting is None else setting.value
        return {n.removeprefix("mod_") for n in value.strings()} if isinstance(value, LuaTable) else set()

    found = names(facts.settings.get("modules_enabled")) - names(facts.settings.get("modules_disabled"))
    host = next((h for h in facts.hosts if h.name == scope), None)
    if host is not None:
        load = host.settings.get("load_global_modules")
        if host.kind is HostKind.COMPONENT and (load is None or load.value is not True):
            found = set()
        found |= names(host.settings.get("modules_enabled"))
        found -= names(host.settings.get("modules_disabled"))
    return frozenset(found)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(OPTIONS), VALUES, max_size=3), HOSTS)
def test_scope_views_agree_with_the_settings(
    global_options: dict[str, LuaValue], hosts: list[tuple[str, HostKind, dict[str, LuaValue]]]
) -> None:
    where = Location(PATH, 1)
    settings_ = {k: Setting(k, v, where) for k, v in global_options.items()}
    built = tuple(
        Host(
            name,
            kind,
            where,
            None,
            settings_ if name == GLOBAL else {k: Setting(k, v, where, name) for k, v in own.items()},
        )
        for name, kind, own in hosts
    )
    facts = ProsodyFacts(PATH, (PATH,), settings_, built)
    enabled = [h for h in built if h.enabled]
    assert facts.scopes() == (GLOBAL, *(h.name for h in enabled))
    for name in OPTIONS:
        assert facts.scopes_setting(name) == tuple(h.name for h in enabled if name in h.settings)
    for scope in (*facts.scopes(), "elsewhere"):
        assert facts.modules(scope) == _modules(facts, scope)
    apart = facts.scopes_apart("allow_registration")
    for scope in facts.scopes():
        if scope not in apart:  # a host left out sees what the global scope sees
            assert facts.modules(scope) == facts.modules(GLOBAL)
            assert facts.option("allow_registration", scope) is facts.option("allow_registration")
