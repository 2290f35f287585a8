"""What the user asked of an audit beyond the rule selection, handed to the fact providers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AuditOptions:
    #: Extra directories on the target to search for compose files, Dockerfiles and project configs
    #: (`garrison audit --path DIR`, repeatable).
    search_paths: tuple[str, ...] = ()
    #: Exposure-policy overrides from garrison.toml `[exposure]`:
    #: "5280/tcp" -> "public" | "trusted" | "localhost" | "blocked".
    exposure_overrides: Mapping[str, str] = field(default_factory=dict)
