"""Where reports go: standard output or a file, always as UTF-8 bytes, with write failures as clear errors.

Reports are UTF-8 whatever the locale (`LANG=C`, a Latin-1 terminal): renderers make every string
encodable first (`report.escape`), and this module writes bytes, so a non-ASCII character or a non-UTF-8 file
name on the target can never crash the writer. A full disk (`> /dev/full`) or an unwritable path is an
`OutputError`; a reader that went away (`| head`) raises `BrokenPipeError` for the caller, which still
exits with the audit's own status.
"""

from __future__ import annotations

import os
import shutil
import sys

from garrison.errors import OutputError


def write_output(text: str, path: str | None) -> None:
    data = text.encode("utf-8")
    if path is not None:
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise OutputError(f"cannot write the report to {path}: {exc.strerror or exc}") from None
        return
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        # the unwritten bytes stay in the buffer: without this, the interpreter's own flush at exit fails
        # again and turns the clear error into exit status 120
        silence_stdout()
        raise OutputError(f"cannot write the report to standard output: {exc.strerror or exc}") from None


def silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width() -> int | None:
    """The terminal's width when stdout is one (`COLUMNS` overrides), None for files and pipes."""
    if not stdout_is_terminal():
        return None
    return max(shutil.get_terminal_size(fallback=(110, 24)).columns, 40)


def use_color(choice: str, *, to_file: bool) -> bool:
    """`--color always|never|auto`; auto means a terminal, no `NO_COLOR` (no-color.org), and not TERM=dumb."""
    if choice == "always":
        return True
    if choice == "never" or to_file:
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stdout_is_terminal()
