"""Load ejabberd.yml and its include_config_file files into one options tree (ejabberd_config's merge: maps
key by key, `listen` appended, allow_only/disallow per include), recording what ejabberd refuses to load
instead of stopping: a missing include, an include loop, a YAML syntax error (the options before it are
still read, `salvage`). Also notes which options hold an inline secret."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from garrison.facts.ejabberd.merge import includes, merge_options
from garrison.facts.ejabberd.model import Kind, Node
from garrison.facts.ejabberd.salvage import readable_prefix
from garrison.facts.ejabberd.yamltree import parse_ejabberd_yaml
from garrison.facts.placeholders import is_redaction
from garrison.facts.store import FactError
from garrison.model import Location, ParseIssue
from garrison.targets.base import Target

MAX_CONFIG_BYTES = 2 * 1024 * 1024
MAX_INCLUDE_DEPTH = 16
_SECRET_SUFFIXES = ("password", "secret", "_pass")


@dataclass(frozen=True, slots=True)
class ConfigFileInfo:
    path: str
    mode: int | None
    secret_keys: tuple[tuple[str, int | None], ...] = ()  # (option name, line) of inline secrets


@dataclass(slots=True)
class Loaded:
    """What loading found: the files read and what ejabberd refuses to load."""

    files: list[ConfigFileInfo] = field(default_factory=list)
    problems: list[ParseIssue] = field(default_factory=list)

    def refuse(self, message: str, where: Location) -> None:
        self.problems.append(ParseIssue(where, message))


def load_options(
    target: Target, path: str, stack: tuple[str, ...], origin: Location | None, loaded: Loaded
) -> Node | None:
    """The file's options merged with its includes; None (a refusal recorded) for a file ejabberd cannot
    load: an include loop, a missing file, a syntax error with nothing readable before it."""
    if path in stack:
        loaded.refuse(f"include_config_file loop: {path} includes itself", origin or Location(path))
        return None
    if len(stack) >= MAX_INCLUDE_DEPTH:
        loaded.refuse("include_config_file nests too deeply", origin or Location(path))
        return None
    stat = target.stat(path)
    if stat is None:
        loaded.refuse(f"included file {path} does not exist", origin or Location(path))
        return None
    if stat.size > MAX_CONFIG_BYTES:
        raise FactError(f"config file is too large ({stat.size} bytes)", Location(path))
    text = target.read_text(path)
    tree, issues = parse_ejabberd_yaml(text, path)
    if tree is None:
        issue = issues[0] if issues else ParseIssue(Location(path), "cannot parse")
        tree = readable_prefix(text, path, issue.location.line)
        if tree is None:
            raise FactError(issue.message, issue.location)
        loaded.refuse(issue.message, issue.location)
    if tree.kind != Kind.MAP:
        raise FactError("the top level of ejabberd.yml must be a mapping of options", tree.location)
    loaded.files.append(ConfigFileInfo(path, stat.mode, _secrets(tree)))
    merged = tree
    include = tree.get("include_config_file")
    if include is None:
        return merged
    for name, allow_only, disallow in includes(include):
        full = posixpath.normpath(
            name if name.startswith("/") else posixpath.join(posixpath.dirname(path), name)
        )
        sub = load_options(target, full, (*stack, path), include.location, loaded)
        kept = [
            (k, v)
            for k, v in (sub.pairs() if sub is not None else ())
            if k not in disallow and (allow_only is None or k in allow_only)
        ]
        merged = merge_options(merged, kept)
    return merged


def _secrets(tree: Node, depth: int = 0) -> tuple[tuple[str, int | None], ...]:
    found: list[tuple[str, int | None]] = []
    for key, value in tree.pairs():
        if key.lower().endswith(_SECRET_SUFFIXES) and value.kind == Kind.SCALAR and value.text:
            if not value.placeholder and not is_redaction(value.text):  # a blanked-out value is no secret
                found.append((key, value.location.line))
        elif value.kind == Kind.MAP and depth < 8:
            found.extend(_secrets(value, depth + 1))
    return tuple(found)
