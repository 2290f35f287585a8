"""Shared judging helpers for the nginx rules: per-server verdicts on the pack's effective values (the
shared `Effective` over a directive's arguments), folded with the shared fold."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from garrison.facts.nginx import Args, NginxFacts, Scope, Server, placeholder, value_at
from garrison.model import (
    Evidence,
    Outcome,
    Status,
    Wanted,
    failed,
    not_applicable,
    passed,
    unknown,
)
from garrison.rules.expect import equals, fold
from garrison.rules.wording import agree, nothing_to_check

#: A count's subject as (singular, plural): ("TLS server offers legacy protocols", "TLS servers offer ...").
Subject = tuple[str, str]
#: What an item is called in a message: the text, or what makes it (`server.label`), asked only when shown.
Label = str | Callable[[], str]
Value = Args


def value(scope: Scope, name: str, default: tuple[str, ...]) -> Value:
    """The last effective occurrence of a single-valued directive, or the default (cited at the block)."""
    return value_at(scope, name, default)


def setting(nginx: NginxFacts, scope: Scope, name: str) -> Value:
    """`value` with the judged release's compiled default of `name`."""
    return value_at(scope, name, nginx.default(name))


def release_label(nginx: NginxFacts) -> str:
    """The release judged by, `nginx 1.26.3 (Debian 13)`, and that it is the reference one when the installed
    version is unknown."""
    label = nginx.release.label()
    return f"{label}, the installed version being unknown" if nginx.version_note else label


def default_label(nginx: NginxFacts) -> str:
    """How an unset directive's value is named in a message: `default of nginx 1.26.3 (Debian 13)`, and that
    the release is the reference one when the installed version is unknown."""
    label = f"default of {nginx.release.label()}"
    return f"{label}; installed version unknown" if nginx.version_note else label


@dataclass(frozen=True, slots=True)
class Verdict:
    """One server's (or level's) judgement: ok, a problem, or not decidable (placeholder)."""

    ok: bool
    note: str
    cite: Evidence | None = None
    undecided: bool = False
    frame: Evidence | None = None  # what frames the deciding setting (role CONTEXT): a location block


_OK = Verdict(True, "")


def ok(note: str = "") -> Verdict:
    return Verdict(True, note) if note else _OK


def bad(note: str, cite: Evidence, frame: Evidence | None = None) -> Verdict:
    return Verdict(False, note, cite, frame=frame)


def undecided(note: str, cite: Evidence) -> Verdict:
    return Verdict(False, note, cite, undecided=True)


def check_value(
    val: Value,
    good: Callable[[Value], bool],
    note: str,
    expected: str,
    wanted: Wanted | None = None,
    *,
    by: str = "default",
) -> Verdict:
    marker = placeholder(val)
    if marker:
        return undecided(
            f"value is an unrendered template placeholder {marker}", val.cite(expected, wanted=wanted)
        )
    if good(val):
        return ok()
    shown = f"{val.shown} ({by})" if val.is_default else val.shown
    return bad(f"{note}: {shown}", val.cite(expected, wanted=wanted))


def check_flag(nginx: NginxFacts, scope: Scope, name: str, want: str, note: str) -> Verdict:
    """An on/off directive as `scope` sees it: its first argument must be `want` (what a fix writes)."""
    return check_value(
        setting(nginx, scope, name),
        lambda v: v.value[:1] == (want,),
        note,
        want,
        equals(want),
        by=default_label(nginx),
    )


def _shown(label: Label) -> str:
    return label if isinstance(label, str) else label()


def judge(
    items: Iterable[tuple[Label, Verdict]],
    subject: Subject,
    ok_message: str,
    none_message: str | None = None,
    *,
    empty: str | None = None,
) -> Outcome:
    """Fail if any item is bad, else unknown if any is undecided, else pass (the shared fold over the items
    that are not ok, each named on its evidence). With no items: not applicable (`none_message`), or
    "nothing to check: `empty`", or, when neither is given, `ok_message` (for rules whose property holds
    by nginx's default when nothing sets it)."""
    judged = list(items)
    if not judged:
        if none_message:
            return not_applicable(none_message)
        return nothing_to_check(empty) if empty else passed(ok_message)
    open_items = [(label, v) for label, v in judged if not v.ok]
    if not open_items:
        return passed(ok_message)
    outcome = fold(_outcomes(open_items), passed_message=ok_message)
    if outcome.status is Status.FAIL:
        count = sum(1 for _label, v in open_items if not v.undecided)
        return replace(outcome, message=f"{count} {agree(count, *subject)}: {outcome.message}")
    return replace(outcome, message=f"cannot judge {outcome.message}")


def _outcomes(items: list[tuple[Label, Verdict]]) -> Iterator[tuple[str, Outcome]]:
    """Each item as a subject's outcome; evidence already cited for an earlier subject (a setting 30,000
    servers inherit from the http level, a default cited at a file of many servers) stays with the first."""
    seen: set[tuple[object, ...]] = set()
    for label, v in items:
        keyed = [(item, _key(v, item)) for item in (v.frame, v.cite) if item is not None]
        kept = [item for item, key in keyed if key not in seen]
        seen.update(key for _item, key in keyed)
        yield _shown(label), (unknown if v.undecided else failed)(v.note, *kept)


def _key(verdict: Verdict, item: Evidence) -> tuple[object, ...]:
    """Evidence is the same for the report when it says the same at the same place (a default cited at one
    file for each of its servers is cited once, for the first)."""
    return (verdict.undecided, item.location, item.actual, item.expected, item.role)


NO_TLS = "nginx has no TLS server block (no `listen ... ssl`)"


def per_tls_server(
    nginx: NginxFacts, check: Callable[[Server], Verdict], subject: Subject, ok_message: str
) -> Outcome:
    return judge(((s.label, check(s)) for s in nginx.tls_servers()), subject, ok_message, NO_TLS)


def protocols(nginx: NginxFacts, scope: Scope) -> Value:
    return setting(nginx, scope, "ssl_protocols")


def legacy_protocols_enabled(nginx: NginxFacts, scope: Scope) -> bool:
    """TLSv1.2 or older is on, so the ssl_ciphers list matters (TLSv1.3 suites are configured apart)."""
    return any(p in ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2") for p in protocols(nginx, scope).value)
