"""Gathering sshd facts from a target: read /etc/ssh/sshd_config and its Includes, compute the effective
settings, and on a live host take the global values from `sshd -T`. Host keys and file modes via stat.

Raises SubjectAbsent when neither the config nor the sshd binary exists, FactError (file:line) for
anything sshd itself would refuse to start with: bad keyword or value, include loop (depth > 16).
"""

from __future__ import annotations

from types import MappingProxyType

from garrison.errors import TargetFileError
from garrison.facts.gcpause import paused_gc
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.sshd.dump import error_location, parse_sshd_t
from garrison.facts.sshd.effective import global_settings
from garrison.facts.sshd.hostkeys import describe_public_key, kind_from_private_header
from garrison.facts.sshd.model import ConfigFile, FileInfo, HostKey, Setting, SettingSource, SshdFacts
from garrison.facts.sshd.moduli import ModuliFile, parse_moduli
from garrison.facts.sshd.parse import parse_sshd_config
from garrison.facts.store import FactError, SubjectAbsent
from garrison.model import Location
from garrison.targets.base import FileKind, Target

CONFIG = "/etc/ssh/sshd_config"
SSH_DIR = "/etc/ssh"
MAX_INCLUDE_DEPTH = 16
SSHD_BINARIES = ("/usr/sbin/sshd", "/usr/bin/sshd", "/usr/local/sbin/sshd")


def load_config_tree(target: Target, path: str, depth: int = 0, seen: list[str] | None = None) -> ConfigFile:
    """Read and parse `path` and, recursively, the files its Include lines name (sorted glob results)."""
    seen = [] if seen is None else seen
    if depth > MAX_INCLUDE_DEPTH:
        raise FactError("Too many recursive configuration includes (an Include loop?)", Location(path))
    seen.append(path)
    parsed, issues = parse_sshd_config(target.read_text(path), path)
    if issues:
        extra = f" (and {len(issues) - 1} more problems)" if len(issues) > 1 else ""
        raise FactError(f"sshd would refuse this config: {issues[0].message}{extra}", issues[0].location)
    directives = []
    for directive in parsed.directives:
        if directive.keyword == "include":
            files = []
            for pattern in directive.values:
                absolute = pattern if pattern.startswith(("/", "~")) else f"{SSH_DIR}/{pattern}"
                if absolute.startswith("~"):
                    continue
                for found in target.glob(absolute):
                    files.append(load_config_tree(target, found, depth + 1, seen))
            directive = type(directive)(
                directive.keyword, directive.written, directive.values, directive.location, None, tuple(files)
            )
        directives.append(directive)
    return ConfigFile(path, tuple(directives))


def _file_info(target: Target, paths: list[str]) -> tuple[FileInfo, ...]:
    out = []
    for path in dict.fromkeys(paths):
        st = target.stat(path)
        if st is not None:
            out.append(FileInfo(path, st.mode, st.uid, st.gid))
    return tuple(out)


def _absolute(path: str) -> str:
    """sshd resolves relative paths against its working directory, `/` when started as a service."""
    return path if path.startswith("/") else "/" + path


def _host_key(target: Target, path: str, location: Location | None) -> HostKey:
    path = _absolute(path)
    st = target.stat(path)
    if st is None or st.kind != FileKind.FILE:
        return HostKey(path, location, exists=False)
    kind: str | None = None
    bits: int | None = None
    problem: str | None = None
    try:
        kind, bits, problem = describe_public_key(target.read_text(path + ".pub", limit=64 * 1024))
    except TargetFileError:
        try:
            head = target.read_bytes(path, limit=64 * 1024)[:64].decode("ascii", "replace")
            kind = kind_from_private_header(head)
            problem = None if kind else "no public key file beside it to tell its type and size"
        except TargetFileError as exc:
            problem = exc.message
    return HostKey(path, location, True, st.mode, st.uid, kind, bits, problem, st.gid)


def _live_values(target: Target, settings: dict[str, Setting]) -> None:
    result = target.run(["sshd", "-T"])
    if not result.ran:
        return
    if result.returncode != 0:
        message, where = error_location(result.stderr or result.stdout, CONFIG)
        if where.line is None:
            return  # not a config problem (not root, no privsep dir, no host keys): the files decide
        raise FactError(f"sshd -T refuses the config: {message}", where)
    for key, values in parse_sshd_t(result.stdout).items():
        known = settings.get(key)
        if known is not None and known.values == values:
            continue
        location = known.location if known is not None else None
        settings[key] = Setting(key, values, location, SettingSource.LIVE)


def _moduli(target: Target, path: str) -> ModuliFile | None:
    path = _absolute(path)
    if target.stat(path) is None:
        return None
    moduli, _ = parse_moduli(target.read_text(path), path)
    return moduli


READS = Reads(
    files=(CONFIG, *SSHD_BINARIES, f"{SSH_DIR}/moduli"),
    globs=(f"{SSH_DIR}/sshd_config.d/*.conf", f"{SSH_DIR}/ssh_host_*_key", f"{SSH_DIR}/ssh_host_*_key.pub"),
    commands=(("sshd", "-T"),),
    follows=(
        Follow(FollowKind.INCLUDE, ("Include",), bases=(SSH_DIR,)),
        Follow(FollowKind.REFERENCE, ("HostKey", "ModuliFile"), bases=("/",), suffixes=(".pub",)),
    ),
)


@declares(READS)
def gather_sshd(target: Target) -> SshdFacts:
    if target.lstat(CONFIG) is None:
        if not any(target.stat(b) is not None for b in SSHD_BINARIES):
            raise SubjectAbsent("no OpenSSH server here (no /etc/ssh/sshd_config, no sshd binary)")
        raise FactError("sshd is installed but its config file is missing", Location(CONFIG))
    seen: list[str] = []
    with paused_gc():  # thousands of Match blocks are many small acyclic objects
        tree = load_config_tree(target, CONFIG, 0, seen)
        settings, blocks, issues = global_settings(tree)
    if issues:
        raise FactError(f"sshd would refuse this config: {issues[0].message}", issues[0].location)
    if target.live:
        _live_values(target, settings)
    hostkey = settings["hostkey"]
    keys = tuple(_host_key(target, path, hostkey.location) for path in hostkey.values)
    return SshdFacts(
        config_path=CONFIG,
        settings=MappingProxyType(settings),
        match_blocks=blocks,
        tree=tree,
        files=_file_info(target, seen),
        host_keys=keys,
        live=target.live,
        moduli=_moduli(target, settings["modulifile"].value),
    )
