"""/etc/nftables.conf and the files it includes (nftables 1.0.6, Debian 12) -> `Ruleset`s per family.

The subset people write: `flush ruleset`, `define`, `include "file"` (globs; where nft opens it: see
`nftsyntax.include_path`), `table <family> <name> { ... }` with `chain`s, named `set`s and `map`s, `flags
dormant`, and the command forms `add table|chain|rule|set|map|element ...`; families and base chains as in
`nftmodel`.
Structural errors (unbalanced braces, unknown statements, a missing include file, an include loop, verdict
map keys that overlap) are issues: `nft -f` would refuse the whole file. Pure and never raising.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping

from garrison.facts.firewall.model import Action, Ruleset
from garrison.facts.firewall.nftconcat import map_conflict
from garrison.facts.firewall.nftmodel import ChainAcc, TableAcc, chain_priority, to_rulesets
from garrison.facts.firewall.nftrefs import Reference, references, unresolved
from garrison.facts.firewall.nftrule import convert_rule
from garrison.facts.firewall.nftsyntax import (
    Block,
    Item,
    Tok,
    flat,
    include_path,
    read_script,
    undefined_variable,
)
from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

FAMILIES = frozenset({"ip", "ip6", "inet", "arp", "bridge", "netdev"})
_MAX_INCLUDE_DEPTH = 16
#: Named objects an `add`/`create` command declares besides tables, chains and rules.
_OBJECTS = frozenset({"set", "map", "element", "counter", "quota", "limit", "flowtable", "ct", "secmark",
                      "synproxy"})  # fmt: skip
_Feed = Callable[[tuple[Item, ...], str], None]


class _Script:
    def __init__(self, files: Mapping[str, str]) -> None:
        self.files = files
        self.tables: dict[tuple[str, str], TableAcc] = {}
        self.defines: dict[str, tuple[str, ...]] = {}
        self.issues: list[ParseIssue] = []
        self.nesting = 0
        self.flushed = False
        self.refs: list[Reference] = []

    def run(self, text: str, path: str, stack: tuple[str, ...]) -> None:
        block, issues = read_script(text, path)
        self.issues.extend(issues)
        for statement in block.statements:
            self.top(statement, path, stack)

    def issue(self, path: str, line: int, message: str) -> None:
        self.issues.append(ParseIssue(Location(path, line or None), message))

    def unknown_variable(self, items: tuple[Item, ...], path: str, line: int) -> None:
        if (name := undefined_variable(items, self.defines)) is not None:
            self.issue(path, line, f"unknown variable ${shown(name)}: no define before it (nft refuses it)")

    def top(self, st: tuple[Item, ...], path: str, stack: tuple[str, ...]) -> None:
        words = [i.text if isinstance(i, Tok) else "{" for i in st]
        line = st[0].line
        head = words[0]
        if head == "include" and len(words) >= 2:
            self.include(words[1].strip('"'), path, line, stack)
        elif head in ("define", "redefine") and len(words) >= 3:
            body = st[3 if words[2] == "=" else 2 :]
            self.unknown_variable(body, path, line)
            values = [v for item in body for v in flat(item)]
            self.defines[words[1]] = tuple(
                w for v in values for w in (self.defines.get(v[1:], (v,)) if v.startswith("$") else (v,))
            )
        elif head == "undefine" and len(words) >= 2:
            self.defines.pop(words[1], None)
        elif head == "flush" and words[1:2] == ["ruleset"]:
            self.tables.clear()
            self.flushed = True
        elif head == "table":
            self.table(st[1:], path, line)
        elif (
            head in ("add", "create", "insert") and len(words) >= 2 and words[1] in ("table", "chain", "rule")
        ):
            rest = st[2:]
            if words[1] == "table":
                self.table(rest, path, line)
            else:
                self.command(words[1], rest, path, line, insert=head == "insert")
        elif head in ("add", "create") and len(words) >= 3 and words[1] in _OBJECTS:
            self.add_object(words[1], st[2:], path)
        elif head in ("chain", "rule"):
            self.command(head, st[1:], path, line, insert=False)
        elif head in ("flush", "delete", "destroy") and len(words) >= 3 and words[1] in ("table", "chain"):
            family, parts = self._family_name(st[2:])
            names = [i.text for i in parts[:2] if isinstance(i, Tok)]
            table = self.tables.get((family, names[0])) if names else None
            if table is None:
                return
            if words[1] == "table" and head != "flush":
                del self.tables[(family, names[0])]
            for chain in table.chains.values():
                if words[1] == "table" or (len(names) > 1 and chain.name == names[1]):
                    chain.rules.clear()
        elif head in ("flush", "delete", "destroy", "list", "reset", "replace", "describe", "monitor"):
            return  # not modelled: no effect on what is loaded here
        else:
            self.issue(path, line, f"unknown statement {shown(head)!r}")

    def add_object(self, kind: str, items: tuple[Item, ...], path: str) -> None:
        """`add set|map FAMILY TABLE NAME { ... }`, `add element FAMILY TABLE SET { ... }` and the other
        named objects (counters, quotas, flowtables, ...: not modelled)."""
        family, rest = self._family_name(items)
        names = [i.text for i in rest[:2] if isinstance(i, Tok)]
        if kind not in ("set", "map", "element") or len(names) < 2:
            return
        table = self.tables.setdefault((family, names[0]), TableAcc(family, names[0]))
        if kind == "element":
            added = [v for item in rest[2:] for v in flat(item) if v != "="]
            table.sets[names[1]] = (*table.sets.get(names[1], ()), *added)
            return
        self.table_statement(table, (Tok(kind, rest[0].line), *rest[1:]), path)
        table.sets[names[1]] = table.sets.get(names[1], ())

    def _family_name(self, items: tuple[Item, ...]) -> tuple[str, list[Item]]:
        rest = list(items)
        if (
            rest
            and isinstance(rest[0], Tok)
            and rest[0].text in FAMILIES
            and len(rest) > 1
            and isinstance(rest[1], Tok)
        ):
            return rest[0].text, rest[1:]
        return "ip", rest

    def table(self, items: tuple[Item, ...], path: str, line: int) -> None:
        family, rest = self._family_name(items)
        if not rest or not isinstance(rest[0], Tok):
            self.issue(path, line, "table without a name")
            return
        table = self.tables.setdefault((family, rest[0].text), TableAcc(family, rest[0].text))
        for item in rest[1:]:
            if isinstance(item, Block):
                for statement in item.statements:
                    self.table_statement(table, statement, path)

    def table_statement(self, table: TableAcc, st: tuple[Item, ...], path: str) -> None:
        words = [i.text if isinstance(i, Tok) else "{" for i in st]
        head, line = words[0], st[0].line
        body = next((i for i in st if isinstance(i, Block)), None)
        if head == "chain" and len(words) >= 2:
            chain = table.chain(words[1])
            for statement in body.statements if body else ():
                self.chain_statement(table, chain, statement, path)
        elif head in ("set", "map") and len(words) >= 2:
            elements: list[str] = []
            for statement in body.statements if body else ():
                if statement and isinstance(statement[0], Tok) and statement[0].text == "elements":
                    elements.extend(v for item in statement[1:] for v in flat(item) if v != "=")
            table.sets[words[1]] = tuple(elements)
        elif head == "flags":
            table.dormant = table.dormant or "dormant" in words
        elif head == "include" and len(words) >= 2:
            self.include(
                words[1].strip('"'), path, line, (path,), feed=lambda s, p: self.table_statement(table, s, p)
            )
        elif head not in ("comment", "counter", "quota", "limit", "ct", "flowtable", "secmark", "synproxy"):
            self.issue(path, line, f"unknown statement {shown(head)!r} in table {shown(table.name)}")

    def chain_statement(self, table: TableAcc, chain: ChainAcc, st: tuple[Item, ...], path: str) -> None:
        words = [i.text if isinstance(i, Tok) else "{" for i in st]
        head, line = words[0], st[0].line
        if head == "type" and "hook" in words:
            chain.type = words[1] if len(words) > 1 else None
            hook_at = words.index("hook") + 1
            chain.hook = words[hook_at] if hook_at < len(words) else None
            if "priority" in words:
                end = words.index("policy") if "policy" in words else len(words)
                chain.priority = chain_priority(" ".join(words[words.index("priority") + 1 : end]))
            if "policy" in words:
                self.chain_statement(table, chain, st[words.index("policy") :], path)
        elif head == "policy" and len(words) >= 2:
            policy = Action.parse(words[1].strip(";"))
            if policy not in (Action.ACCEPT, Action.DROP):
                self.issue(path, line, f"invalid chain policy {shown(words[1])!r}")
                return
            chain.policy, chain.policy_location = policy, Location(path, line)
        elif head in ("comment", "devices", "device"):
            if head == "comment" and len(words) > 2:  # a rule starting with its comment
                self.issue(path, line, "a rule's comment must come last (nft refuses the rule)")
        elif head == "include" and len(words) >= 2:
            self.include(
                words[1].strip('"'),
                path,
                line,
                (path,),
                feed=lambda s, p: self.chain_statement(table, chain, s, p),
            )
        else:
            self.unknown_variable(st, path, line)
            if "comment" in words[:-2]:  # nft's grammar ends a rule with its comment
                self.issue(path, line, "a rule's comment must come last (nft refuses the rule)")
            rules = convert_rule(
                st, Location(path, line), table_family=table.family, qualify=table.prefix,
                defines=self.defines, sets=table.sets,
            )  # fmt: skip
            chain.rules.extend(rules)
            only_map = sum(w == "{" or w.startswith("@") for w in words) == 1  # no other set beside it
            if len(rules) > 1 and "vmap" in words and only_map and map_conflict(rules) is not None:
                self.issue(path, line, "two keys of the verdict map overlap (nft refuses the rule)")
            if self.flushed:  # after `flush ruleset` only what the script defines exists
                self.refs.extend(references(table, st, rules, Location(path, line)))

    def command(self, what: str, items: tuple[Item, ...], path: str, line: int, *, insert: bool) -> None:
        family, rest = self._family_name(items)
        names = [i.text for i in rest[:2] if isinstance(i, Tok)]
        if len(names) < 2:
            self.issue(path, line, f"{what} needs a table and a chain name")
            return
        table = self.tables.setdefault((family, names[0]), TableAcc(family, names[0]))
        chain = table.chain(names[1])
        body = rest[2:]
        if what == "chain":
            for item in body:
                if isinstance(item, Block):
                    for statement in item.statements:
                        self.chain_statement(table, chain, statement, path)
            return
        if len(body) >= 2 and isinstance(body[0], Tok) and body[0].text in ("position", "handle", "index"):
            body = body[2:]
        if not body:
            return
        before = len(chain.rules)
        self.chain_statement(table, chain, tuple(body), path)
        if insert:
            added = chain.rules[before:]
            del chain.rules[before:]
            chain.rules[:0] = added

    def include(
        self, pattern: str, path: str, line: int, stack: tuple[str, ...], feed: _Feed | None = None
    ) -> None:
        if len(stack) >= _MAX_INCLUDE_DEPTH:
            self.issue(path, line, f"includes nest deeper than {_MAX_INCLUDE_DEPTH} files (an include loop?)")
            return
        candidate = include_path(pattern)
        if any(ch in candidate for ch in "*?["):  # a glob may match nothing
            for name in sorted(p for p in self.files if fnmatch.fnmatchcase(p, candidate)):
                self.include_file(name, path, line, stack, feed)
        elif candidate in self.files:
            self.include_file(candidate, path, line, stack, feed)
        else:
            where = "" if candidate == pattern else f" (nft looks for {candidate})"
            self.issue(path, line, f"included file {pattern!r} does not exist{where}")

    def include_file(
        self, name: str, path: str, line: int, stack: tuple[str, ...], feed: _Feed | None
    ) -> None:
        if name in stack or self.nesting >= _MAX_INCLUDE_DEPTH:
            self.issue(path, line, f"include loop: {name} is included again while it is being read")
            return
        self.nesting += 1
        try:
            if feed is None:
                self.run(self.files[name], name, (*stack, name))
                return
            block, issues = read_script(self.files[name], name)
            self.issues.extend(issues)
            for statement in block.statements:
                feed(statement, name)
        finally:
            self.nesting -= 1


def parse_nftables_conf(
    text: str, path: str, includes: Mapping[str, str] | None = None
) -> tuple[tuple[Ruleset, ...], tuple[ParseIssue, ...]]:
    """Parse an nft script. `includes` maps the paths of files it may include to their text. Pure."""
    script = _Script({**(includes or {}), path: text})  # the script itself can be included (a loop)
    script.run(text, path, (path,))
    script.issues.extend(unresolved(script.refs))
    rulesets = to_rulesets(script.tables, path, live=False, location=Location(path))
    return rulesets, tuple(script.issues)
