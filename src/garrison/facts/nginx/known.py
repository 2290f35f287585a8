"""Which of a configuration's directives the judged nginx release does not know: nginx refuses to start on
each (`unknown directive "..."`), so none of them ever applies.

A directive is known when crossplane's table has it and `directives.SPANS` does not limit it to other
releases, when `SPANS` gives it to this release, or when a module the main context loads (`load_module
modules/ngx_http_headers_more_filter_module.so;`) provides it (`directives.THIRD_PARTY`). With a loaded
module Garrison does not know, unlisted names are given the benefit of the doubt (they may be its).
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable
from functools import lru_cache

from garrison.facts.nginx.directives import SPANS, THIRD_PARTY, provided_by
from garrison.facts.nginx.model import UnknownDirective
from garrison.facts.nginx.parse import Directive
from garrison.facts.nginx.releases import NginxRelease
from garrison.facts.quoting import shown


def loaded_modules(main: Iterable[Directive]) -> tuple[str, ...]:
    """The module file names (`ngx_http_geoip2_module`) the main context's `load_module` lines load."""
    found: list[str] = []
    for item in main:
        if item.name == "load_module" and item.block is None and item.args:
            name = posixpath.basename(item.args[0])
            found.append(name[:-3] if name.endswith(".so") else name)
    return tuple(found)


def unknown_directives(
    main: tuple[Directive, ...], unlisted: Iterable[Directive], release: NginxRelease
) -> tuple[UnknownDirective, ...]:
    candidates = list(unlisted)
    if not candidates:
        return ()
    modules = loaded_modules(main)
    foreign = any(m not in THIRD_PARTY and m not in _CORE_MODULES for m in modules)
    found: list[UnknownDirective] = []
    for item in candidates:
        if _known(item.name, release, modules, foreign):
            continue
        found.append(_unknown(item, release, suggest=len(found) < _SUGGESTED))
    return tuple(found)


#: Suggestions are looked for for this many unknown directives (each compares with ~750 names).
_SUGGESTED = 50


#: The dynamic modules of nginx's own sources (their directives are in `SPANS` or crossplane's table).
_CORE_MODULES = frozenset(
    (
        "ngx_http_geoip_module",
        "ngx_http_image_filter_module",
        "ngx_http_xslt_filter_module",
        "ngx_http_perl_module",
        "ngx_mail_module",
        "ngx_stream_module",
        "ngx_stream_geoip_module",
    )
)


def _known(name: str, release: NginxRelease, modules: tuple[str, ...], foreign: bool) -> bool:
    if name in SPANS:
        return release.knows(name)
    if _in_crossplane(name):
        return True
    return foreign or any(provided_by(module, name) for module in modules)


def _in_crossplane(name: str) -> bool:
    from crossplane.analyzer import DIRECTIVES  # type: ignore[import-untyped]

    return name in DIRECTIVES


def _unknown(item: Directive, release: NginxRelease, *, suggest: bool) -> UnknownDirective:
    name = shown(item.name)
    removed = release.removed(item.name)
    if removed is not None and not release.knows(item.name):
        reason = f'unknown directive "{name}" (removed in nginx {removed}; judged by {release.label()})'
        return UnknownDirective(item.name, item.location, reason)
    since = release.introduced(item.name)
    if since is not None and not release.knows(item.name):
        reason = f'unknown directive "{name}" (new in nginx {since}; judged by {release.label()})'
        return UnknownDirective(item.name, item.location, reason)
    suggestion = _closest(item.name, release) if suggest else None
    hint = f'; did you mean "{suggestion}"?' if suggestion else ""
    return UnknownDirective(item.name, item.location, f'unknown directive "{name}"{hint}', suggestion)


@lru_cache(maxsize=256)
def _closest(name: str, release: NginxRelease) -> str | None:
    if len(name) > 64:
        return None
    from crossplane.analyzer import DIRECTIVES

    names = [n for n in DIRECTIVES if n not in SPANS] + [n for n in SPANS if release.knows(n)]
    close = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.8)
    return close[0] if close else None
