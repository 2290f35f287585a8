"""`garrison.toml`: defaults for the audit command, waivers and exposure-policy overrides.

    [audit]
    fail_on = "high"                 # severity at or above which `audit` exits 1
    only = ["ssh.*"]                 # rule-id globs, like --only
    skip = ["fs.unowned-files"]      # rule-id globs, like --skip
    paths = ["/srv/app"]             # like --path

    [[waiver]]
    rule = "ssh.x11-forwarding"      # an id or a glob
    reason = "X11 needed by the lab's thin clients"
    expires = 2027-03-31             # optional TOML date; after it the finding counts again

    [exposure]
    "5280/tcp" = "localhost"         # public | trusted | localhost | blocked

Looked up in this order: `--config FILE`, `./garrison.toml`, `/etc/garrison/garrison.toml` (on the machine
running Garrison). Every problem is a `UsageError` naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from garrison.errors import UsageError
from garrison.model import Severity
from garrison.waivers import Waiver

DEFAULT_LOCATIONS = (Path("garrison.toml"), Path("/etc/garrison/garrison.toml"))
EXPOSURE_CLASSES = frozenset({"public", "trusted", "localhost", "blocked"})


@dataclass(frozen=True, slots=True)
class GarrisonConfig:
    source: str | None = None
    fail_on: Severity | None = None
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
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
    return tuple(value)


def parse_config(text: str, source: str) -> GarrisonConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{source}: invalid TOML: {exc}") from None
    unknown = set(data) - {"audit", "waiver", "exposure"}
    if unknown:
        raise UsageError(f"{source}: unknown section(s) {sorted(unknown)}")
    audit: dict[str, Any] = data.get("audit", {})
    if not isinstance(audit, dict):
        raise UsageError(f"{source}: [audit] must be a table")
    fail_on = None
    if "fail_on" in audit:
        try:
            fail_on = Severity(str(audit["fail_on"]).lower())
        except ValueError:
            raise UsageError(
                f"{source}: audit.fail_on must be one of {[s.value for s in Severity]}"
            ) from None
    return GarrisonConfig(
        source=source,
        fail_on=fail_on,
        only=_strings(audit.get("only", []), f"{source}: audit.only"),
        skip=_strings(audit.get("skip", []), f"{source}: audit.skip"),
        paths=_strings(audit.get("paths", []), f"{source}: audit.paths"),
        waivers=tuple(
            _waiver(entry, f"{source}: waiver #{i + 1}") for i, entry in enumerate(data.get("waiver", []))
        ),
        exposure=_exposure(data.get("exposure", {}), source),
    )


def _waiver(entry: object, where: str) -> Waiver:
    if not isinstance(entry, dict):
        raise UsageError(f"{where} must be a table ([[waiver]])")
    rule, reason, expires = entry.get("rule"), entry.get("reason"), entry.get("expires")
    if not isinstance(rule, str) or not rule:
        raise UsageError(f"{where}: `rule` (a rule id or glob) is required")
    if not isinstance(reason, str) or not reason.strip():
        raise UsageError(f"{where}: `reason` is required: say why the risk is accepted")
    if expires is not None and not (isinstance(expires, date) and not hasattr(expires, "hour")):
        raise UsageError(f"{where}: `expires` must be a TOML date like 2027-03-31")
    return Waiver(rule=rule, reason=reason.strip(), expires=expires)


def _exposure(table: object, source: str) -> Mapping[str, str]:
    if not isinstance(table, dict):
        raise UsageError(f"{source}: [exposure] must be a table")
    result: dict[str, str] = {}
    for key, value in table.items():
        port, _, proto = key.partition("/")
        if not port.isdigit() or proto not in ("tcp", "udp"):
            raise UsageError(f'{source}: exposure key {key!r} must look like "5280/tcp"')
        if value not in EXPOSURE_CLASSES:
            raise UsageError(f"{source}: exposure {key} must be one of {sorted(EXPOSURE_CLASSES)}")
        result[key] = value
    return result
