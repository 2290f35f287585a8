"""The security suite's package lists as apt stores them in /var/lib/apt/lists (apt 2.6, Debian 12).

`apt update` saves each index as `<uri with / as _>_dists_<suite>_<component>_binary-<arch>_Packages`,
uncompressed or, with `Acquire::GzipIndexes` / `KeepCompressedAs`, compressed (`.lz4` — what apt keeps
when the mirror offers lz4 —, `.gz`, `.xz`, `.bz2`). A Packages index is deb822: stanzas with `Package:`
and `Version:` (Debian policy 5.6). `parse_packages_index` is pure, never raises, and keeps the highest
version of each package (Debian's ordering, python-debian's `Version`); `decompress` is pure and bounded.
"""

from __future__ import annotations

import bz2
import lzma
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

LISTS_DIR = "/var/lib/apt/lists"
LISTS_GLOB = f"{LISTS_DIR}/*_Packages*"
#: The largest index decompressed (bookworm-security's amd64 index is about 6 MB).
MAX_INDEX_BYTES = 256 * 1024 * 1024
_LIST = re.compile(
    r"^(?P<site>.+)_dists_(?P<dist>.+)_binary-(?P<arch>[^_]+)_Packages(?:\.(?P<ext>lz4|gz|xz|bz2|zst))?$"
)


class IndexUnreadable(Exception):
    """A compressed index that cannot be decompressed (corrupt, truncated, too large, no decoder)."""


@dataclass(frozen=True, slots=True)
class ListFile:
    path: str
    suite: str  # bookworm-security (a `/` in the suite is `_` in the name: buster_updates)
    architecture: str
    compression: str  # "" for a plain file


def security_list(path: str) -> ListFile | None:
    """The list file's suite and compression when it is a security suite's Packages index, else None."""
    match = _LIST.match(path.rsplit("/", 1)[-1])
    if match is None:
        return None
    dist = match["dist"]
    suite = dist.split("_", 1)[0]
    old_style = "security" in match["site"] and dist.split("_")[1:2] == ["updates"]
    if not suite.endswith("-security") and not old_style:
        return None
    return ListFile(path, suite + ("/updates" if old_style else ""), match["arch"], match["ext"] or "")


def _decoder(compression: str) -> Any:
    if compression == "gz":
        return zlib.decompressobj(wbits=47)  # gzip or zlib header
    if compression == "xz":
        return lzma.LZMADecompressor()
    if compression == "bz2":
        return bz2.BZ2Decompressor()
    if compression == "lz4":
        import lz4.frame  # type: ignore[import-untyped]

        return lz4.frame.LZ4FrameDecompressor()
    raise IndexUnreadable(f"no {compression} decoder (the index cannot be read)")


def decompress(data: bytes, compression: str, most: int = MAX_INDEX_BYTES) -> bytes:
    """Pure. The decompressed bytes, at most `most`; raises `IndexUnreadable` for a corrupt or truncated
    stream (one that does not reach its end marker), trailing bytes, or more than `most`."""
    if compression == "":
        return data
    decoder = _decoder(compression)
    try:
        out = decoder.decompress(data, most + 1)
    except (OSError, EOFError, ValueError, RuntimeError, zlib.error, lzma.LZMAError) as exc:
        raise IndexUnreadable(f"not a valid {compression} stream: {exc}") from None
    if len(out) > most:
        raise IndexUnreadable(f"larger than {most // (1024 * 1024)} MiB decompressed")
    if not decoder.eof or decoder.unused_data:
        raise IndexUnreadable(f"not a valid {compression} stream: truncated, or bytes after its end")
    return bytes(out)


@dataclass(frozen=True, slots=True)
class Candidate:
    version: str
    path: str  # the list file it comes from


_FIELD = re.compile(r"\n(Package|Version):[ \t]*(\S+)")  # twice as fast as `^` with re.MULTILINE


def parse_packages_index(text: str, path: str) -> dict[str, Candidate]:
    """Pure, never raises. Packages index text -> package name -> its highest version (Debian ordering).

    Only the `Package:` and `Version:` fields are read (an index is tens of thousands of stanzas, and the
    archive writes `Package` first in each): a `Version` belongs to the `Package` before it, a stanza
    without one is skipped, and a version Debian's ordering cannot parse never wins."""
    found: dict[str, Candidate] = {}
    name = ""
    for match in _FIELD.finditer("\n" + text):
        if match[1] == "Package":
            name = match[2]
            continue
        if not name:
            continue
        known = found.get(name)
        if known is None or newer(match[2], known.version):
            found[name] = Candidate(match[2], path)
        name = ""
    return found


def newer(version: str, than: str) -> bool:
    """`version` sorts after `than` in Debian's ordering (False when either cannot be parsed)."""
    from debian.debian_support import Version  # 20 ms to import: only when versions are compared

    try:
        return bool(Version(version) > Version(than))
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class SecurityIndex:
    """The security suites' Packages indexes apt has fetched, merged: name -> highest version."""

    lists: tuple[ListFile, ...] = ()
    candidates: Mapping[str, Candidate] = field(default_factory=lambda: MappingProxyType({}))
    updated: float | None = None  # newest mtime of the lists (when `apt update` last fetched them)

    @property
    def suites(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.suite for item in self.lists))
