"""Turn what the user typed (`--root DIR`, nothing, later `ssh://host`) into a Target."""

from __future__ import annotations

from garrison.errors import TargetError, UsageError
from garrison.targets.base import FileKind, Target

#: A root holding none of these is not a system Garrison can audit: an unmounted mount point, an empty
#: directory, a project folder given by mistake. Auditing it would decide nothing and read as all clear.
SYSTEM_MARKERS = ("/etc/os-release", "/usr/lib/os-release", "/etc/passwd")


def open_target(root: str | None) -> Target:
    """`None` means this machine, live; a directory means an offline root tree."""
    if root is None:
        from garrison.targets.local import LocalTarget

        return LocalTarget()
    if not root.strip():
        raise UsageError("--root needs a directory (an empty value would mean the current directory)")
    if root.startswith("ssh://"):
        raise UsageError("ssh:// targets are not supported yet; audit a mounted root with --root DIR")
    from garrison.targets.rootdir import RootDirTarget

    target = RootDirTarget(root)
    require_system(target, root)
    return target


def require_system(target: Target, given: str) -> None:
    """Raise `TargetError` unless the root looks like an installed system (see `SYSTEM_MARKERS`)."""
    etc = target.stat("/etc")
    if etc is None or etc.kind is not FileKind.DIR:
        raise TargetError(
            f"{given} has no /etc: it is not a system root (is the image mounted? is it the right directory?)"
        )
    if not any(_is_file(target, marker) for marker in SYSTEM_MARKERS):
        raise TargetError(
            f"{given} is not a recognisable system: none of {', '.join(SYSTEM_MARKERS)} exists "
            "(is the image mounted? is it the right directory?)"
        )


def _is_file(target: Target, path: str) -> bool:
    found = target.stat(path)
    return found is not None and found.kind is FileKind.FILE
