"""Helpers the ssh rules share: judge one sshd keyword globally and in every Match block that sets it."""

from __future__ import annotations

from collections.abc import Callable

from garrison.facts.sshd.model import Setting, SshdFacts
from garrison.model import Evidence, Outcome, evidence, failed, passed


def joined(values: tuple[str, ...]) -> str:
    return " ".join(values)


def where(sshd: SshdFacts, setting: Setting) -> tuple[str, int | None]:
    """The setting's file:line, or the main config with no line for a compiled default."""
    if setting.location is None:
        return sshd.config_path, None
    return setting.location.path, setting.location.line


def shown(setting: Setting, value: str) -> str:
    if setting.is_default:
        return f"{value} (compiled default)"
    if setting.source == "sshd -T":
        return f"{value} (sshd -T)"
    return value


def judge(
    sshd: SshdFacts,
    keyword: str,
    label: str,
    ok: Callable[[str], bool],
    expected: str,
    *,
    normalize: Callable[[tuple[str, ...]], str] = joined,
    global_ok: Callable[[SshdFacts], bool] | None = None,
) -> Outcome:
    """Fail when the global effective value, or a value a Match block sets, is not `ok`.

    `global_ok(sshd)` may excuse values (e.g. DisableForwarding yes makes forwarding settings moot).
    """
    if global_ok is not None and global_ok(sshd):
        return passed(f"{label} does not matter here: {expected}")
    setting = sshd.get(keyword)
    value = normalize(setting.values)
    path, line = where(sshd, setting)
    bad: list[Evidence] = []
    reasons: list[str] = []
    if not ok(value):
        bad.append(evidence(path, line, value, expected))  # a bare value: line None says it is the default
        reasons.append(f"{label} is {shown(setting, value)}")
    for block, directive in sshd.blocks_setting(keyword):
        block_value = normalize(directive.values)
        if ok(block_value):
            continue
        match_at = block.location
        bad.append(evidence(match_at.path, match_at.line, f"Match {block.text}", expected))
        bad.append(evidence(directive.location.path, directive.location.line, block_value, expected))
        reasons.append(f"Match {block.text} ({match_at}) sets {label} {block_value}")
    if bad:
        return failed("; ".join(reasons) + f" (want {expected})", *bad)
    return passed(f"{label} is {shown(setting, value)}", evidence(path, line, value, expected))
