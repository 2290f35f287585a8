"""Garrison's exceptions.

    GarrisonError                 anything Garrison raises on purpose
    ├── UsageError                bad command line or garrison.toml (exit 2)
    ├── TargetError               the target as a whole cannot be audited (exit 2)
    ├── OutputError               the report cannot be written: full disk, unwritable path (exit 2)
    └── TargetFileError           one file cannot be read; carries the path as seen on the target
        ├── FileMissing
        ├── FileUnreadable        permission denied, not a regular file, I/O error
        ├── FileTooLarge          over the read limit
        ├── FileNotText           binary content or not valid UTF-8 text
        └── SymlinkProblem        a loop, or a link that would leave the audited root

Facts turn `TargetFileError` into `FactError` (see `garrison.facts.store`), rules never see them.
"""

from __future__ import annotations


class GarrisonError(Exception):
    """Base of every exception Garrison raises on purpose."""


class UsageError(GarrisonError):
    """The command line or the configuration file is wrong."""


class TargetError(GarrisonError):
    """The target cannot be audited at all (e.g. the root does not exist)."""


class OutputError(GarrisonError):
    """The report could not be written (`> /dev/full`, a directory as -o, a read-only file system)."""


class TargetFileError(GarrisonError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class FileMissing(TargetFileError):
    pass


class FileUnreadable(TargetFileError):
    pass


class FileTooLarge(TargetFileError):
    pass


class FileNotText(TargetFileError):
    pass


class SymlinkProblem(TargetFileError):
    pass
