"""Shared judging helpers for the nginx rules: effective values with defaults, per-server verdicts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from garrison.facts.nginx.model import NginxFacts, Scope, Server, placeholder_in
from garrison.model import Evidence, Outcome, evidence, failed, not_applicable, passed, unknown
from garrison.rules.wording import agree, nothing_to_check, unique

#: A count's subject as (singular, plural): ("TLS server offers legacy protocols", "TLS servers offer ...").
Subject = tuple[str, str]
#: What an item is called in a message: the text, or what makes it (`server.label`), asked only when shown.
Label = str | Callable[[], str]


@dataclass(frozen=True, slots=True)
class Value:
    """An effective setting: its arguments and where it is set (line None: the built-in default)."""

    args: tuple[str, ...]
    path: str
    line: int | None
    placeholder: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.args)

    @property
    def default(self) -> bool:
        return self.line is None

    def cite(self, expected: object | None = None) -> Evidence:
        return evidence(self.path, self.line, self.text, expected)


def value(scope: Scope, name: str, default: tuple[str, ...]) -> Value:
    """The last effective occurrence of a single-valued directive, or the default (cited at the block)."""
    found = scope.last(name)
    if found is None:
        return Value(default, scope.path, None)
    return Value(found.args, found.location.path, found.location.line, placeholder_in(found.args))


@dataclass(frozen=True, slots=True)
class Verdict:
    """One server's (or level's) judgement: ok, a problem, or not decidable (placeholder)."""

    ok: bool
    note: str
    cite: Evidence | None = None
    undecided: bool = False


_OK = Verdict(True, "")


def ok(note: str = "") -> Verdict:
    return Verdict(True, note) if note else _OK


def bad(note: str, cite: Evidence) -> Verdict:
    return Verdict(False, note, cite)


def undecided(note: str, cite: Evidence) -> Verdict:
    return Verdict(False, note, cite, undecided=True)


def check_value(val: Value, good: Callable[[Value], bool], note: str, expected: str) -> Verdict:
    if val.placeholder:
        return undecided(f"value is an unrendered template placeholder {val.placeholder}", val.cite(expected))
    if good(val):
        return ok()
    shown = f"{val.text} (default)" if val.default else val.text
    return bad(f"{note}: {shown}", val.cite(expected))


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
    """Fail if any item is bad, else unknown if any is undecided, else pass. With no items: not applicable
    (`none_message`), or "nothing to check: `empty`", or, when neither is given, `ok_message` (for rules
    whose property holds by nginx's default when nothing sets it)."""
    judged = list(items)
    if not judged:
        if none_message:
            return not_applicable(none_message)
        return nothing_to_check(empty) if empty else passed(ok_message)
    bad_items = [(label, v) for label, v in judged if not v.ok and not v.undecided]
    if bad_items:
        notes = "; ".join(f"{_shown(label)}: {v.note}" for label, v in bad_items[:5])
        more = f" (and {len(bad_items) - 5} more)" if len(bad_items) > 5 else ""
        said = f"{len(bad_items)} {agree(len(bad_items), *subject)}"
        return failed(f"{said}: {notes}{more}", *unique(v.cite for _label, v in bad_items if v.cite))
    open_items = [(label, v) for label, v in judged if v.undecided]
    if open_items:
        notes = "; ".join(f"{_shown(label)}: {v.note}" for label, v in open_items[:5])
        return unknown(f"cannot judge {notes}", *unique(v.cite for _label, v in open_items if v.cite))
    return passed(ok_message)


NO_TLS = "nginx has no TLS server block (no `listen ... ssl`)"


def per_tls_server(
    nginx: NginxFacts, check: Callable[[Server], Verdict], subject: Subject, ok_message: str
) -> Outcome:
    return judge(((s.label, check(s)) for s in nginx.tls_servers()), subject, ok_message, NO_TLS)


def protocols(scope: Scope) -> Value:
    from garrison.facts.nginx.defaults import SSL_PROTOCOLS

    return value(scope, "ssl_protocols", SSL_PROTOCOLS)


def legacy_protocols_enabled(scope: Scope) -> bool:
    """TLSv1.2 or older is on, so the ssl_ciphers list matters (TLSv1.3 suites are configured apart)."""
    return any(p in ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2") for p in protocols(scope).args)
