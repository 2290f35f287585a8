"""nginx facts: the main config with includes spliced in, as contexts with directive inheritance.

Modules: lexer (tokens), parse (directives, includes), analysis (crossplane's analyser, cached), scope (levels
and inheritance), model (servers, NginxFacts), effective (a directive's arguments at a level as the shared
Effective, with defaults), defaults (Debian's layout), releases (compiled defaults and directives by release,
typed), directives (which release knows which directive, generated from nginx's sources), known (unknown
directives), gather (I/O).

A lazy face (`facts.lazyface`): `presence` answers whether nginx is a subject here without loading the
models and parsers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from garrison.facts.lazyface import homes, lazy_face

if TYPE_CHECKING:
    from garrison.facts.nginx import defaults, releases
    from garrison.facts.nginx.effective import (
        Args,
        absent_at,
        block_name,
        directive_value,
        placeholder,
        value_at,
    )
    from garrison.facts.nginx.gather import gather_nginx
    from garrison.facts.nginx.model import NginxFacts, Server, UnknownDirective
    from garrison.facts.nginx.parse import Directive
    from garrison.facts.nginx.releases import NginxRelease
    from garrison.facts.nginx.scope import Level, Scope
    from garrison.facts.store import Gatherer
    from garrison.options import AuditOptions

__all__ = [
    "Args",
    "Directive",
    "Level",
    "NginxFacts",
    "NginxRelease",
    "Scope",
    "Server",
    "UnknownDirective",
    "absent_at",
    "block_name",
    "defaults",
    "directive_value",
    "gather_nginx",
    "gatherers",
    "placeholder",
    "releases",
    "value_at",
]

_EFFECTIVE = ("Args", "absent_at", "block_name", "directive_value", "placeholder", "value_at")
__getattr__ = lazy_face(
    __name__,
    homes(**{
        "garrison.facts.nginx.defaults": ("defaults",),
        "garrison.facts.nginx.releases": ("releases", "NginxRelease"),
        "garrison.facts.nginx.effective": _EFFECTIVE,
        "garrison.facts.nginx.gather": ("gather_nginx",),
        "garrison.facts.nginx.model": ("NginxFacts", "Server", "UnknownDirective"),
        "garrison.facts.nginx.parse": ("Directive",),
        "garrison.facts.nginx.scope": ("Level", "Scope"),
    }),
)  # fmt: skip


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    from garrison.facts.nginx.gather import gather_nginx
    from garrison.facts.nginx.model import NginxFacts
    from garrison.facts.store import NeedsFacts

    return {NginxFacts: NeedsFacts(gather_nginx)}
