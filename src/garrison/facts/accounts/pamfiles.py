"""Every PAM service file of /etc/pam.d, with their stacks resolved through includes (pam.conf(5),
Linux-PAM 1.5.2, Debian 12).

`stack(file, type)` follows `@include file` and `type include|substack file` lines to a bounded depth, as
libpam does, and gives the lines of that type in the order they run; `includers(file)` the service files
that pull a file in (directly or through others), so a finding in common-auth can name the services it
affects. Lines a parser could not read are kept as `issues` (libpam skips them); the other lines are judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from garrison.facts.accounts.pam import PAM_DIR, PamLine, parse_pam
from garrison.facts.reads import Reads, declares
from garrison.facts.store import SubjectAbsent
from garrison.model import ParseIssue
from garrison.targets.base import FileKind, Target

_MAX_DEPTH = 16


def _included(line: PamLine) -> str:
    return line.module if line.module.startswith("/") else f"{PAM_DIR}/{line.module}"


@dataclass(frozen=True, slots=True)
class PamFacts:
    """file path -> its lines (includes unresolved), for every regular file of /etc/pam.d."""

    files: Mapping[str, tuple[PamLine, ...]]
    issues: tuple[ParseIssue, ...] = ()

    def stack(self, path: str, kind: str, _chain: tuple[str, ...] = ()) -> tuple[PamLine, ...]:
        """The `kind` lines (auth, session, ...) of a service file with its includes resolved."""
        if path in _chain or len(_chain) > _MAX_DEPTH:
            return ()
        found: list[PamLine] = []
        for line in self.files.get(path, ()):
            if line.includes and line.type in ("@include", kind):
                found += self.stack(_included(line), kind, (*_chain, path))
            elif line.type == kind:
                found.append(line)
        return tuple(found)

    def includers(self, path: str) -> tuple[str, ...]:
        """The files that include `path`, directly or through other files, in name order."""
        direct: dict[str, set[str]] = {}
        for name, lines in self.files.items():
            for line in lines:
                if line.includes:
                    direct.setdefault(_included(line), set()).add(name)
        seen: set[str] = set()
        todo = [path]
        while todo:
            for parent in direct.get(todo.pop(), ()):
                if parent not in seen and parent != path:
                    seen.add(parent)
                    todo.append(parent)
        return tuple(sorted(seen))

    def lines_of(self, module: str) -> tuple[PamLine, ...]:
        """Every line loading `module` (`pam_unix`), in file-name then line order."""
        return tuple(
            line for name in sorted(self.files) for line in self.files[name] if line.module_name == module
        )


#: every file of /etc/pam.d; includes are resolved among them in memory (`stack`), never read again
PAM_READS = Reads(trees=((PAM_DIR, 1),))


@declares(PAM_READS)
def gather_pam(target: Target) -> PamFacts:
    if target.stat(PAM_DIR) is None:
        raise SubjectAbsent(f"{PAM_DIR} does not exist on this target")
    files: dict[str, tuple[PamLine, ...]] = {}
    issues: list[ParseIssue] = []
    for name in target.list_dir(PAM_DIR):
        path = f"{PAM_DIR}/{name}"
        info = target.stat(path)
        if info is None or info.kind is not FileKind.FILE or name.endswith(("~", ".dpkg-old", ".dpkg-dist")):
            continue
        lines, problems = parse_pam(target.read_text(path), path)
        files[path] = lines
        issues += problems
    return PamFacts(files, tuple(issues))
