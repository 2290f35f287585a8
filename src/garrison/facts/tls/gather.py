"""Gather TLS material: the files other packs' facts reference (`tls_files()`) plus the usual places.

Builds on other facts through the store (`NeedsFacts`): every service pack's `tls_files()` (a pack whose
subject is absent or whose config is broken contributes nothing; its own rules say why), and the account
names for owners. The CA store
(/etc/ssl/certs/*.0, ca-certificates) is deliberately not scanned: those certificates are not this host's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import cast

from garrison.errors import TargetFileError
from garrison.facts.accounts import OwnerNames
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.facts.tls.material import Material, parse_material
from garrison.facts.tls.model import TlsFacts, TlsFile
from garrison.facts.tlsrefs import ReferencesTls, TlsFileRef
from garrison.targets.base import FileKind, Target

#: Usual homes of a host's own certificates and keys.
USUAL_PLACES: tuple[str, ...] = (
    "/etc/ssl/private/*",
    "/etc/letsencrypt/live/*/*.pem",
    "/etc/prosody/certs/*.crt",
    "/etc/prosody/certs/*.pem",
    "/etc/prosody/certs/*.key",
    "/etc/ejabberd/*.pem",
    "/opt/ejabberd/conf/*.pem",
    "/etc/nginx/ssl/*",
    "/etc/siprec/*.pem",
    "/etc/siprec/*.crt",
    "/etc/siprec/*.key",
    "/root/.acme.sh/*/*.cer",
    "/root/.acme.sh/*/*.key",
)
_READ_LIMIT = 1024 * 1024
_MATERIAL_SUFFIXES = (".pem", ".crt", ".cer", ".key")


def referenced_paths(facts: object) -> tuple[str, ...]:
    """The paths a fact's `tls_files()` names (a glob, a directory or a file), for the declared reads."""
    if ReferencesTls not in type(facts).__mro__:
        return ()
    return tuple(ref.path for ref in cast(ReferencesTls, facts).tls_files())


READS = Reads(
    globs=USUAL_PLACES,
    needs=(OwnerNames, ReferencesTls),  # a shape: every fact type of the catalog that has it as a base
    follows=(Follow(FollowKind.FACT, depth=1, named_by=referenced_paths),),  # a directory: its entries
)


@declares(READS)
def gather_tls(target: Target, store: FactStore) -> TlsFacts:
    refs = collect_refs(store)
    paths: dict[str, list[TlsFileRef]] = {}
    for ref in refs:
        for path in _expand(target, ref.path):
            paths.setdefault(path, []).append(replace(ref, path=path))
    for pattern in USUAL_PLACES:
        for path in target.glob(pattern):
            st = target.stat(path)
            if st is not None and st.kind == FileKind.FILE:
                paths.setdefault(path, [])
    if not paths:
        raise SubjectAbsent("no certificate, key or DH parameter file is referenced or in a usual place")
    names = store.get(OwnerNames)
    files = tuple(_load(target, path, tuple(found), names) for path, found in sorted(paths.items()))
    return TlsFacts(now=datetime.now(UTC), files=files)


def _expand(target: Target, path: str) -> tuple[str, ...]:
    """A referenced directory (Prosody's `certificates`) or glob (ejabberd's `certfiles`) -> its files."""
    if any(c in path for c in "*?["):
        return target.glob(path)
    st = target.stat(path)
    if st is not None and st.kind == FileKind.DIR:
        return tuple(
            f"{path.rstrip('/')}/{name}"
            for name in target.list_dir(path)
            if name.endswith(_MATERIAL_SUFFIXES)
        )
    return (path,)


def collect_refs(store: FactStore) -> tuple[TlsFileRef, ...]:
    """Every file that a pack of the catalog references (each fact type with `tls_files()`)."""
    return tuple(
        ref
        for facts in store.providers(ReferencesTls)  # type: ignore[type-abstract]
        for ref in facts.tls_files()
    )


def _load(target: Target, path: str, refs: tuple[TlsFileRef, ...], names: OwnerNames) -> TlsFile:
    st = target.stat(path)
    if st is None:
        return TlsFile(path, refs, Material(), problem="file does not exist")
    owner, group = names.user(st.uid), names.group(st.gid)

    def made(material: Material, problem: str | None, line: int | None = None) -> TlsFile:
        return TlsFile(path, refs, material, st.mode, owner, group, problem, line)

    if st.kind != FileKind.FILE:
        return made(Material(), f"not a regular file ({st.kind})")
    try:
        data = target.read_bytes(path, limit=_READ_LIMIT)
    except TargetFileError as exc:
        return made(Material(), exc.message)
    material, issues = parse_material(data, path)
    if issues:
        return made(material, issues[0].message, issues[0].location.line)
    if material.empty:
        return made(material, "holds no certificate, private key or DH parameters")
    return made(material, None)
