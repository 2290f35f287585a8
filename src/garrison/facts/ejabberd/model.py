"""The ejabberd configuration model: a located YAML tree, listeners, ejabberdctl.cfg variables.

ejabberd.yml (ejabberd 23.01) is YAML; every node keeps the file and line it came from so rules can cite
the deciding setting. Scalars keep their YAML type (bool, int, float, str) and whether ejabberd reads them
as strings (`quoted`: double-quoted or block scalars); plain and single-quoted scalars are atoms, the only
ones macros replace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from garrison.facts.placeholders import has_placeholder
from garrison.model import Location, ParseIssue

Scalar = str | int | float | bool | None


def is_placeholder(text: str) -> bool:
    """True for an unrendered template placeholder: `{{ x }}`, `{% x %}`, `${X}` or a whole `<VALUE>`."""
    return has_placeholder(text)


class Kind(StrEnum):
    MAP = "map"
    SEQ = "seq"
    SCALAR = "scalar"


@dataclass(frozen=True, slots=True)
class Node:
    """A YAML node. MAP: `keys` and `items` run in parallel; SEQ: `items`; SCALAR: `scalar`."""

    kind: Kind
    location: Location
    scalar: Scalar = None
    quoted: bool = False
    keys: tuple[str, ...] = ()
    items: tuple[Node, ...] = ()

    def get(self, key: str) -> Node | None:
        """The value of `key` in a mapping (the last one when repeated), None when absent or not a map."""
        if self.kind != Kind.MAP:
            return None
        found = None
        for name, value in zip(self.keys, self.items, strict=True):
            if name == key:
                found = value
        return found

    def pairs(self) -> tuple[tuple[str, Node], ...]:
        return tuple(zip(self.keys, self.items, strict=True)) if self.kind == Kind.MAP else ()

    @property
    def text(self) -> str | None:
        """A scalar as text (booleans as true/false), None for a map or a sequence."""
        if self.kind != Kind.SCALAR:
            return None
        if isinstance(self.scalar, bool):
            return "true" if self.scalar else "false"
        return "" if self.scalar is None else str(self.scalar)

    @property
    def placeholder(self) -> bool:
        return self.kind == Kind.SCALAR and isinstance(self.scalar, str) and is_placeholder(self.scalar)

    def strings(self) -> tuple[str, ...]:
        """A sequence's scalar items as text, or a single scalar as a one-item tuple."""
        if self.kind == Kind.SCALAR:
            return () if self.text is None else (self.text,)
        if self.kind == Kind.SEQ:
            return tuple(item.text for item in self.items if item.text is not None)
        return ()


@dataclass(frozen=True, slots=True)
class EjListener:
    """One entry of `listen:` with its effective address (ejabberd 23.01 default ip "::")."""

    node: Node
    module: str
    port: int | None
    ip: str
    handlers: tuple[tuple[str, str], ...] = ()  # request_handlers path -> module

    @property
    def location(self) -> Location:
        return self.node.location

    def option(self, key: str) -> Node | None:
        return self.node.get(key)

    @property
    def purpose(self) -> str:
        """What the listener serves, as a listener report names it (c2s, s2s, web admin, http api...)."""
        names = {
            "ejabberd_c2s": "c2s",
            "ejabberd_s2s_in": "s2s",
            "ejabberd_service": "component",
            "mod_mqtt": "mqtt",
            "ejabberd_stun": "stun/turn",
            "ejabberd_sip": "sip",
        }
        if self.module == "ejabberd_http":
            handlers = {module for _, module in self.handlers}
            if "ejabberd_web_admin" in handlers:
                return "web admin"
            if "mod_http_api" in handlers:
                return "http api"
            return "http"
        return names.get(self.module, self.module)


@dataclass(frozen=True, slots=True)
class ShellVar:
    """A variable assignment in ejabberdctl.cfg (`NAME=value`, comments excluded)."""

    name: str
    value: str
    location: Location


@dataclass(frozen=True, slots=True)
class CtlConfig:
    path: str | None
    variables: Mapping[str, ShellVar] = field(default_factory=dict)
    issues: tuple[ParseIssue, ...] = ()
