"""SudoersFacts' shared views agree with a scan of its items (issue 7, class 7: bounded time).

Defaults, user specifications, aliases by name and the grants of ALL are built once and shared by the sudo
rules; each must say what a walk over the items says, and a remembered answer must not depend on the order
in which rules ask."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.accounts.policy import SUDO_SHELLS, SudoersFacts
from garrison.facts.accounts.sudoers import AliasKind, SudoAlias, SudoDefault, SudoUserSpec, parse_sudoers

NAMES = ("A", "B", "C", "D")
MEMBERS = st.sampled_from(
    [*NAMES, "ALL", "/bin/sh", "/usr/bin/bash -l", "/usr/bin/apt update", "!/bin/su", "/bin/shx"]
)
ALIASES = st.lists(
    st.tuples(
        st.sampled_from(["Cmnd_Alias", "Cmd_Alias", "User_Alias"]),
        st.sampled_from(NAMES),
        st.lists(MEMBERS, min_size=1, max_size=3),
    ),
    max_size=8,
)
SPECS = st.lists(st.lists(MEMBERS, min_size=1, max_size=3), max_size=5)


def _text(aliases: list[tuple[str, str, list[str]]], specs: list[list[str]]) -> str:
    lines = ["Defaults env_reset", "Defaults:alice !authenticate"]
    lines += [f"{kind} {name} = {', '.join(members)}" for kind, name, members in aliases]
    lines += [f"user{i} ALL = (root) {', '.join(commands)}" for i, commands in enumerate(specs)]
    return "\n".join(lines) + "\n"


def _last_alias(facts: SudoersFacts, kind: AliasKind, name: str) -> SudoAlias | None:
    found = [i for i in facts.items if isinstance(i, SudoAlias) and i.kind is kind and i.name == name]
    return found[-1] if found else None


def _grants_all(facts: SudoersFacts, command: str, depth: int = 0) -> bool:
    """The definition, without memory: ALL, a shell, or a Cmnd_Alias (to depth 8) holding one."""
    if command.startswith("!") or depth > 8:
        return False
    if command == "ALL" or (command.startswith("/") and command.split()[0].rsplit("/", 1)[-1] in SUDO_SHELLS):
        return True
    alias = _last_alias(facts, AliasKind.CMND, command)
    return alias is not None and any(_grants_all(facts, m, depth + 1) for m in alias.members)


@settings(max_examples=300, deadline=None)
@given(ALIASES, SPECS, st.randoms())
def test_views_agree_with_a_scan_of_the_items(
    aliases: list[tuple[str, str, list[str]]], specs: list[list[str]], rng: random.Random
) -> None:
    items, issues = parse_sudoers(_text(aliases, specs), "/etc/sudoers")
    assert issues == ()
    facts = SudoersFacts(items, ("/etc/sudoers",))
    assert facts.defaults == tuple(i for i in items if isinstance(i, SudoDefault))
    assert facts.specs == tuple(i for i in items if isinstance(i, SudoUserSpec))
    assert {i.kind for i in items if isinstance(i, SudoAlias)} <= {AliasKind.CMND, AliasKind.USER}
    for kind in (AliasKind.CMND, AliasKind.USER):  # a `Cmd_Alias` line defines a Cmnd_Alias
        for name in NAMES:
            assert facts.alias(kind, name) == _last_alias(facts, kind, name)
    commands = [c.command for s in facts.specs for c in s.commands] + [*NAMES, "ALL", "/bin/sh"]
    rng.shuffle(commands)
    for command in commands:  # asked in any order, the remembered answers are the definition's
        assert facts.grants_all(command) == _grants_all(facts, command), command
    expected = tuple((s, c) for s in facts.specs for c in s.commands if _grants_all(facts, c.command))
    assert facts.full_grants() == expected
    assert facts.full_grants() is facts.full_grants()
