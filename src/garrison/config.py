"""`garrison.toml`: defaults for the audit command, waivers and exposure-policy overrides.

    [audit]
    fail_on = "high"                 # severity at or above which `audit` exits 1
    only = ["ssh.*"]                 # rule-id globs, like --only
    skip = ["fs.unowned-files"]      # rule-id globs, like --skip
    paths = ["/srv/app"]             # like --path
    time_budget = 20                 # seconds per fact pack and per rule, like --time-budget (0: none)

    [[waiver]]
    rule = "ssh.x11-forwarding"      # an id or a glob
    reason = "X11 needed by the lab's thin clients"
    expires = 2027-03-31             # optional TOML date; after it the finding counts again

    [exposure]
    "5280/tcp" = "localhost"         # public | trusted | localhost | blocked

Looked up in this order: `--config FILE`, `./garrison.toml`, `/etc/garrison/garrison.toml` (on the machine
running Garrison). The file is strict: an unknown section or key (`expire` for `expires`, `fail-on` for
`fail_on`), a value of the wrong type, an empty glob or an out-of-range port is a `UsageError` naming the
file and the key, with the closest known key when there is one. Waivers that match no rule and waivers that
have expired are not errors (a catalog change or a date must not break a pipeline) but warnings that every
report shows: `waiver_warnings()`.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from garrison.budget import DEFAULT_SECONDS
from garrison.errors import UsageError
from garrison.facts.exposure.policy import Exposure
from garrison.model import Severity
from garrison.waivers import Waiver

DEFAULT_LOCATIONS = (Path("garrison.toml"), Path("/etc/garrison/garrison.toml"))
EXPOSURE_CLASSES = frozenset(Exposure)
SECTIONS = ("audit", "waiver", "exposure")
AUDIT_KEYS = ("fail_on", "only", "skip", "paths", "time_budget")
WAIVER_KEYS = ("rule", "reason", "expires")


@dataclass(frozen=True, slots=True)
class GarrisonConfig:
    source: str | None = None
    fail_on: Severity | None = None
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    time_budget: float = DEFAULT_SECONDS
    waivers: tuple[Waiver, ...] = ()
    exposure: Mapping[str, str] = field(default_factory=dict)


def find_config(explicit: str | None) -> Path | None:
    if explicit is not None:
        return Path(explicit)
    return next((p for p in DEFAULT_LOCATIONS if p.is_file()), None)


def load_config(explicit: str | None) -> GarrisonConfig:
    path = find_config(explicit)
    if path is None:
        return GarrisonConfig()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"config {path} is not UTF-8 text") from None
    return parse_config(text, str(path))


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where} must be a list of strings")
    if any(not v.strip() for v in value):
        raise UsageError(f"{where} holds an empty string (an empty glob would match nothing or everything)")
    return tuple(v.strip() for v in value)


def _check_keys(table: Mapping[str, object], known: Iterable[str], where: str) -> None:
    """Refuse keys outside `known`, suggesting the closest one (`fail-on` -> `fail_on`)."""
    allowed = tuple(known)
    for key in table:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key.replace("-", "_"), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(allowed)}"
        raise UsageError(f"{where}: unknown key {key!r}{hint}")


def parse_config(text: str, source: str) -> GarrisonConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{source}: invalid TOML: {exc}") from None
    for section in data:
        if section not in SECTIONS:
            close = difflib.get_close_matches(section, SECTIONS, n=1)
            hint = f"; did you mean [{close[0]}]?" if close else f"; known sections: {', '.join(SECTIONS)}"
            raise UsageError(f"{source}: unknown section [{section}]{hint}")
    audit: dict[str, Any] = data.get("audit", {})
    if not isinstance(audit, dict):
        raise UsageError(f"{source}: [audit] must be a table")
    _check_keys(audit, AUDIT_KEYS, f"{source}: [audit]")
    entries = data.get("waiver", [])
    if not isinstance(entries, list):
        raise UsageError(f"{source}: waivers are written [[waiver]] (an array of tables)")
    fail_on = None
    if "fail_on" in audit:
        try:
            fail_on = Severity(str(audit["fail_on"]).lower())
        except ValueError:
            raise UsageError(
                f"{source}: audit.fail_on must be one of {', '.join(s.value for s in Severity)}"
            ) from None
    budget = audit.get("time_budget", DEFAULT_SECONDS)
    if isinstance(budget, bool) or not isinstance(budget, int | float) or budget < 0:
        raise UsageError(f"{source}: audit.time_budget must be a number of seconds (0: no budget)")
    return GarrisonConfig(
        source=source,
        fail_on=fail_on,
        time_budget=float(budget),
        only=_strings(audit.get("only", []), f"{source}: audit.only"),
        skip=_strings(audit.get("skip", []), f"{source}: audit.skip"),
        paths=_strings(audit.get("paths", []), f"{source}: audit.paths"),
        waivers=tuple(_waiver(entry, f"{source}: waiver #{i + 1}") for i, entry in enumerate(entries)),
        exposure=_exposure(data.get("exposure", {}), source),
    )


def _waiver(entry: object, where: str) -> Waiver:
    if not isinstance(entry, dict):
        raise UsageError(f"{where} must be a table ([[waiver]])")
    _check_keys(entry, WAIVER_KEYS, where)
    rule, reason, expires = entry.get("rule"), entry.get("reason"), entry.get("expires")
    if not isinstance(rule, str) or not rule.strip():
        raise UsageError(f"{where}: `rule` (a rule id or glob) is required")
    if not isinstance(reason, str) or not reason.strip():
        raise UsageError(f"{where}: `reason` is required: say why the risk is accepted")
    if expires is not None and not (isinstance(expires, date) and not hasattr(expires, "hour")):
        raise UsageError(f"{where}: `expires` must be a TOML date like 2027-03-31")
    return Waiver(rule=rule.strip(), reason=reason.strip(), expires=expires, source=where)


def _exposure(table: object, source: str) -> Mapping[str, str]:
    if not isinstance(table, dict):
        raise UsageError(f"{source}: [exposure] must be a table")
    result: dict[str, str] = {}
    for key, value in table.items():
        port, _, proto = key.partition("/")
        if not port.isdigit() or proto not in ("tcp", "udp"):
            raise UsageError(f'{source}: [exposure] key {key!r} must look like "5280/tcp"')
        if not 1 <= int(port) <= 65535:
            raise UsageError(f"{source}: [exposure] key {key!r}: port {int(port)} is outside 1-65535")
        if value not in EXPOSURE_CLASSES:
            raise UsageError(
                f"{source}: [exposure] {key} must be one of {', '.join(sorted(EXPOSURE_CLASSES))}"
            )
        result[key] = value
    return result


def waiver_warnings(waivers: Iterable[Waiver], rule_ids: Iterable[str], today: date) -> tuple[str, ...]:
    """Waivers that match no rule of the catalog (a typo, a renamed rule) and waivers that have expired."""
    ids = tuple(rule_ids)
    notes: list[str] = []
    for waiver in waivers:
        if not any(waiver.matches(rule_id) for rule_id in ids):
            close = difflib.get_close_matches(waiver.rule, ids, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            notes.append(f"{waiver.source}: rule = {waiver.rule!r} matches no rule{hint}")
        elif not waiver.active(today) and waiver.expires is not None:
            notes.append(
                f"{waiver.source} ({waiver.rule}) expired on {waiver.expires.isoformat()}; "
                "its findings count again"
            )
    return tuple(notes)
