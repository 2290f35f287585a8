"""Gather the SIP facts: Kamailio (with its include files), Asterisk pjsip/rtp, rtpengine, rtpproxy and
SIPREC server env files. Absent when none of them is on the target."""

from __future__ import annotations

import posixpath
import re

from garrison.errors import FileMissing
from garrison.facts.reads import Follow, FollowKind, Reads, declares
from garrison.facts.secrets.shape import SECRET_NAME
from garrison.facts.sip import defaults, others, tlsfiles
from garrison.facts.sip.kamailio import SourceLine, parse_kamailio
from garrison.facts.sip.model import KamailioConfig, RtpRange, Setting, SipFacts, SipListen
from garrison.facts.sip.presence import (
    ABSENT,
    ASTERISK_RTP,
    KAMAILIO_CFG,
    PJSIP,
    RTPENGINE,
    RTPPROXY,
    SIPREC_GLOBS,
)
from garrison.facts.store import FactError, SubjectAbsent
from garrison.model import Location
from garrison.targets.base import Target

MAX_INCLUDE_DEPTH = 16
_INCLUDE = re.compile(r'^\s*(?:#!|!!)?(include_file|import_file)\s+"([^"]+)"')
_FATAL = ("without", "include", "unterminated")


def expand_includes(target: Target, path: str, chain: tuple[str, ...] = ()) -> list[SourceLine]:
    """The file's lines with include_file/import_file spliced in (import_file tolerates a missing file)."""
    if len(chain) > MAX_INCLUDE_DEPTH:
        raise FactError("include files nested too deep", Location(path))
    lines: list[SourceLine] = []
    for number, text in enumerate(target.read_text(path).splitlines(), 1):
        match = _INCLUDE.match(text)
        if match is None:
            lines.append((path, number, text))
            continue
        name = posixpath.normpath(posixpath.join(posixpath.dirname(path), match.group(2)))
        if name in (*chain, path):
            raise FactError(f"include loop through {name}", Location(path, number))
        try:
            lines.extend(expand_includes(target, name, (*chain, path)))
        except FileMissing:
            if match.group(1) == "include_file":
                raise FactError(f"include_file {name} does not exist", Location(path, number)) from None
    return lines


def _kamailio(target: Target) -> KamailioConfig | None:
    if target.stat(KAMAILIO_CFG) is None:
        return None
    config, issues = parse_kamailio(expand_includes(target, KAMAILIO_CFG))
    for issue in issues:
        if any(word in issue.message for word in _FATAL):
            raise FactError(issue.message, issue.location)
    return config


def _read(target: Target, path: str) -> str | None:
    return target.read_text(path) if target.stat(path) is not None else None


READS = Reads(
    files=(KAMAILIO_CFG, PJSIP, ASTERISK_RTP, RTPENGINE, RTPPROXY),
    globs=SIPREC_GLOBS,
    trees=((posixpath.dirname(KAMAILIO_CFG), 2),),  # tls.cfg, included files
    follows=(
        Follow(FollowKind.INCLUDE, ("include_file", "import_file")),
        Follow(FollowKind.REFERENCE, ("modparam",), bases=(posixpath.dirname(KAMAILIO_CFG),)),  # tls config
    ),
)


@declares(READS)
def gather_sip(target: Target) -> SipFacts:
    kamailio = _kamailio(target)
    listens: list[SipListen] = list(kamailio.listens) if kamailio else []
    ranges: list[RtpRange] = [kamailio.rtp_range] if kamailio and kamailio.rtp_range else []
    tls: list[Setting] = []
    paths = [KAMAILIO_CFG] if kamailio else []
    siprec_paths: list[str] = []
    siprec_settings: list[tuple[str, Setting]] = []
    tls_refs = tlsfiles.kamailio_tls_refs(target, kamailio) if kamailio else []
    if (text := _read(target, PJSIP)) is not None:
        paths.append(PJSIP)
        transports = others.pjsip_transports(text, PJSIP)
        tls_refs.extend(tlsfiles.pjsip_refs(text, PJSIP))
        listens.extend(transports)
        tls.extend(Setting(t.proto.value, t.location) for t in transports if t.proto.encrypted and t.location)
        rtp_text = _read(target, ASTERISK_RTP) or ""
        keys = {k: v for _, _, section in others.ini_sections(rtp_text) for k, v in section.items()}
        ranges.append(
            others.range_from(
                keys, "rtpstart", "rtpend", defaults.ASTERISK_RTP_RANGE, "asterisk", ASTERISK_RTP
            )
        )
    if (text := _read(target, RTPENGINE)) is not None:
        paths.append(RTPENGINE)
        rtp, controls = others.rtpengine(text, RTPENGINE, defaults.RTPENGINE_RANGE)
        ranges.append(rtp)
        listens.extend(controls)
    if (text := _read(target, RTPPROXY)) is not None:
        paths.append(RTPPROXY)
        ranges.append(others.rtpproxy(text, RTPPROXY, defaults.RTPPROXY_RANGE))
    for pattern in SIPREC_GLOBS:
        for path in target.glob(pattern):
            text = target.read_text(path)
            paths.append(path)
            sockets, declared, _ = others.siprec(text, path)
            siprec_paths.append(path)
            siprec_settings.extend(
                (key, Setting(value, Location(path, line)))
                for key, (value, line) in others.env_values(text).items()
                if not SECRET_NAME.match(key)
            )
            listens.extend(sockets)
            tls.extend(Setting("tls", s.location) for s in sockets if s.proto.encrypted and s.location)
            if declared is not None:
                ranges.append(declared)
    if not paths:
        raise SubjectAbsent(ABSENT)
    return SipFacts(
        kamailio,
        tuple(listens),
        tuple(ranges),
        tuple(tls),
        tuple(paths),
        kamailio.issues if kamailio else (),
        tuple(siprec_settings),
        tuple(siprec_paths),
        tuple(tls_refs),
        tls_ciphers=tuple(tlsfiles.kamailio_cipher_lists(target, kamailio)) if kamailio else (),
        tls_methods=tuple(tlsfiles.kamailio_tls_methods(target, kamailio)) if kamailio else (),
    )
