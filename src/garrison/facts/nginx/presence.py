"""Whether nginx is a subject on the target, without loading the nginx pack: the same test `gather_nginx`
raises `SubjectAbsent` on (no main configuration file)."""

from __future__ import annotations

from garrison.facts.nginx.defaults import CONF_PATH
from garrison.options import AuditOptions
from garrison.targets.base import Target


def absent_message(conf_path: str) -> str:
    return f"{conf_path} not found: nginx is not configured here"


def absence(target: Target, options: AuditOptions) -> str | None:
    """Why nginx is not a subject here, or None when it is."""
    return None if target.stat(CONF_PATH) is not None else absent_message(CONF_PATH)
