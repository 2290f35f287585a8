"""Gatherers for package facts: the dpkg database and APT's configuration."""

from __future__ import annotations

from dataclasses import replace

from garrison.errors import FileMissing
from garrison.facts.packages.aptconf import (
    APT_CONF,
    APT_CONF_DIR,
    AptConfig,
    AptSetting,
    apt_conf_file_wanted,
    parse_apt_conf,
)
from garrison.facts.packages.dpkg import DPKG_STATUS, PackagesFacts, parse_dpkg_status, parse_showhold
from garrison.facts.reads import Reads, declares
from garrison.facts.store import FactError, SubjectAbsent
from garrison.targets.base import Target

SHOWHOLD = ("apt-mark", "showhold")


@declares(Reads(files=(DPKG_STATUS,), commands=(SHOWHOLD,)))
def gather_packages(target: Target) -> PackagesFacts:
    try:
        text = target.read_text(DPKG_STATUS)
    except FileMissing:
        raise SubjectAbsent(f"{DPKG_STATUS} does not exist (not a dpkg-based system)") from None
    facts, issues = parse_dpkg_status(text, DPKG_STATUS)
    if issues:
        raise FactError(issues[0].message, issues[0].location)
    if target.live:
        result = target.run(SHOWHOLD)
        if result.ok:
            return replace(facts, live_holds=parse_showhold(result.stdout))
    return facts


@declares(Reads(files=("/etc/apt", APT_CONF), trees=((APT_CONF_DIR, 1),)))
def gather_apt_config(target: Target) -> AptConfig:
    if target.stat("/etc/apt") is None:
        raise SubjectAbsent("/etc/apt does not exist (APT is not installed)")
    files = [f"{APT_CONF_DIR}/{name}" for name in target.list_dir(APT_CONF_DIR) if apt_conf_file_wanted(name)]
    files.append(APT_CONF)
    settings: list[AptSetting] = []
    read: list[str] = []
    for path in files:
        try:
            text = target.read_text(path)
        except FileMissing:
            continue
        parsed, issues = parse_apt_conf(text, path)
        if issues:
            raise FactError(issues[0].message, issues[0].location)
        settings.extend(parsed)
        read.append(path)
    return AptConfig(tuple(settings), tuple(read))
