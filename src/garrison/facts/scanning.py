"""What a bounded scan could not see, so that a rule never reads "nothing found" as "nothing there".

A scan of many directories stops at its entry bound, and in a non-root audit it meets directories it may
not list. Either way the scan is incomplete: a rule that found nothing wrong must then say `unknown` and
name the bound or the paths, never `pass` (a world-writable file may sit in the part not seen).

    gaps = GapRecorder()
    for entry in target.walk(top, on_error=gaps.skip): ...
    if count >= LIMIT: gaps.stop(f"the {LIMIT}-entry bound")
    facts = SomeFacts(..., gaps=gaps.freeze())
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.errors import TargetFileError

#: Paths kept by name; the rest are counted.
MAX_NAMED = 10


@dataclass(frozen=True, slots=True)
class ScanGaps:
    unreadable: tuple[str, ...] = ()  # the first MAX_NAMED paths that could not be listed or read
    unreadable_count: int = 0
    stopped_at: str | None = None  # the bound the scan stopped at ("the 200000-entry bound")

    @property
    def complete(self) -> bool:
        return self.unreadable_count == 0 and self.stopped_at is None

    def describe(self) -> str:
        """`stopped at the 200000-entry bound; could not read 3 paths: /root, /home/a, /var/x`."""
        parts = [f"stopped at {self.stopped_at}"] if self.stopped_at else []
        if self.unreadable_count:
            more = self.unreadable_count - len(self.unreadable)
            names = ", ".join(self.unreadable) + (f" and {more} more" if more else "")
            noun = "path" if self.unreadable_count == 1 else "paths"
            parts.append(f"could not read {self.unreadable_count} {noun}: {names}")
        return "; ".join(parts)


class GapRecorder:
    """Collects a scan's gaps while it runs (`walk(..., on_error=recorder.skip)`)."""

    def __init__(self) -> None:
        self._paths: list[str] = []
        self._count = 0
        self._stopped: str | None = None

    def skip(self, problem: TargetFileError) -> None:
        self._count += 1
        if len(self._paths) < MAX_NAMED:
            self._paths.append(problem.path)

    def stop(self, bound: str) -> None:
        self._stopped = self._stopped or bound

    def freeze(self) -> ScanGaps:
        return ScanGaps(tuple(self._paths), self._count, self._stopped)


#: A scan that saw everything (the default for facts built without a scan).
NO_GAPS = ScanGaps()
