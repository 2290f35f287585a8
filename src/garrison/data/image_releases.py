"""End-of-life dates of the releases behind official container images: Debian, Ubuntu, Alpine, Python,
Node.js and PostgreSQL, each the end of the project's own free security support (Debian's LTS end, Ubuntu's
standard support end, Alpine's main repository end, Python's and Node.js's end of life, PostgreSQL's final
minor release).

Sources: debian.org/releases and wiki.debian.org/LTS, ubuntu.com/about/release-cycle,
alpinelinux.org/releases, devguide.python.org/versions, github.com/nodejs/Release,
postgresql.org/support/versioning; reviewed on `REVIEWED`. A rule compares the dates with the audit's own
clock (never a date written here), and a tag the table does not know (a newer release, a floating `3`,
`lts`, `stable`) gets no verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

REVIEWED = date(2026, 12, 1)


@dataclass(frozen=True, slots=True)
class ImageRelease:
    """One release: the official image that ships it, the tag words that name it, when support ends."""

    image: str  # the official image: "debian"
    release: str  # its version as tags write it: "11", "3.8", "22.04"
    product: str  # how a message names it: "Debian 11 (bullseye)"
    eol: date
    names: tuple[str, ...] = ()  # other tag words for it: codenames ("bullseye"), "alpine3.18"


def _rows(image: str, product: str, rows: tuple[tuple[str, str, str], ...]) -> tuple[ImageRelease, ...]:
    found = []
    for release, eol, names in rows:
        label = f"{product} {release}" + (f" ({names.split()[0]})" if names and image != "alpine" else "")
        found.append(ImageRelease(image, release, label, date.fromisoformat(eol), tuple(names.split())))
    return tuple(found)


RELEASES: tuple[ImageRelease, ...] = (
    *_rows("debian", "Debian", (
        ("8", "2020-06-30", "jessie"), ("9", "2022-06-30", "stretch"), ("10", "2024-06-30", "buster"),
        ("11", "2026-08-31", "bullseye"), ("12", "2028-06-30", "bookworm"), ("13", "2030-06-30", "trixie"),
    )),
    *_rows("ubuntu", "Ubuntu", (
        ("14.04", "2019-04-30", "trusty"), ("16.04", "2021-04-30", "xenial"),
        ("18.04", "2023-05-31", "bionic"), ("20.04", "2025-05-31", "focal"), ("22.04", "2027-04-30", "jammy"),
        ("23.04", "2024-01-25", "lunar"), ("23.10", "2024-07-11", "mantic"), ("24.04", "2029-04-30", "noble"),
        ("24.10", "2025-07-10", "oracular"), ("25.04", "2026-01-15", "plucky"),
        ("25.10", "2026-07-09", "questing"),
    )),
    *_rows("alpine", "Alpine", tuple(
        (v, eol, f"alpine{v}") for v, eol in (
            ("3.14", "2023-05-01"), ("3.15", "2023-11-01"), ("3.16", "2024-05-23"), ("3.17", "2024-11-22"),
            ("3.18", "2025-05-09"), ("3.19", "2025-11-01"), ("3.20", "2026-04-01"), ("3.21", "2026-11-01"),
            ("3.22", "2027-05-01"), ("3.23", "2027-11-01"),
        )
    )),
    *_rows("python", "Python", (
        ("3.6", "2021-12-23", ""), ("3.7", "2023-06-27", ""), ("3.8", "2024-10-07", ""),
        ("3.9", "2025-10-31", ""), ("3.10", "2026-10-31", ""), ("3.11", "2027-10-31", ""),
        ("3.12", "2028-10-31", ""), ("3.13", "2029-10-31", ""), ("3.14", "2030-10-31", ""),
    )),
    *_rows("node", "Node.js", (
        ("12", "2022-04-30", "erbium"), ("14", "2023-04-30", "fermium"), ("16", "2023-09-11", "gallium"),
        ("17", "2022-06-01", ""), ("18", "2025-04-30", "hydrogen"), ("19", "2023-06-01", ""),
        ("20", "2026-04-30", "iron"), ("21", "2024-06-01", ""), ("22", "2027-04-30", "jod"),
        ("23", "2025-06-01", ""), ("24", "2028-04-30", "krypton"), ("25", "2026-06-01", ""),
    )),
    *_rows("postgres", "PostgreSQL", (
        ("10", "2022-11-10", ""), ("11", "2023-11-09", ""), ("12", "2024-11-21", ""),
        ("13", "2025-11-13", ""), ("14", "2026-11-12", ""), ("15", "2027-11-11", ""),
        ("16", "2028-11-09", ""), ("17", "2029-11-08", ""), ("18", "2030-11-14", ""),
    )),
)  # fmt: skip

BY_IMAGE: Mapping[str, tuple[ImageRelease, ...]] = MappingProxyType(
    {name: tuple(r for r in RELEASES if r.image == name) for name in dict.fromkeys(r.image for r in RELEASES)}
)
#: Tag words naming a base system inside another image's tag: `python:3.11-slim-bullseye`, `-alpine3.18`.
_BASES: Mapping[str, ImageRelease] = MappingProxyType(
    {name: r for r in RELEASES if r.image in ("debian", "ubuntu", "alpine") for name in r.names}
)


def _official(reference: str) -> tuple[str, str] | None:
    """`docker.io/library/python:3.8-slim@sha256:..` -> ("python", "3.8-slim"); None for other images."""
    ref = reference.strip().partition("@")[0]
    parts = ref.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        if parts[0] not in ("docker.io", "index.docker.io", "registry-1.docker.io"):
            return None
        parts = parts[1:]
    if len(parts) == 2 and parts[0] == "library":
        parts = parts[1:]
    if len(parts) != 1:
        return None
    name, _, tag = parts[0].partition(":")
    return (name.lower(), tag.lower()) if name.lower() in BY_IMAGE and tag else None


def _own(image: str, word: str) -> ImageRelease | None:
    for release in BY_IMAGE[image]:
        if word == release.release or word.startswith(release.release + ".") or word in release.names:
            return release
    return None


def releases_of(reference: str) -> tuple[ImageRelease, ...]:
    """The known releases an image reference runs: its own (`python:3.8` -> Python 3.8) and the base its tag
    names (`-bullseye` -> Debian 11). Pure; () for an image or tag the table does not know."""
    found = _official(reference)
    if found is None:
        return ()
    image, tag = found
    words = tag.split("-")
    chosen: list[ImageRelease] = []
    own = _own(image, words[0])
    if own is not None:
        chosen.append(own)
    for word in words[1:]:
        base = _BASES.get(word)
        if base is not None and base not in chosen:
            chosen.append(base)
    return tuple(chosen)
