"""Prosody options that never apply: misspelt or obsolete names, unknown `ssl` table keys, global-only options
set in a host, and deprecated spellings (judged by the installed release's option names)."""

from __future__ import annotations

from collections.abc import Iterator

from garrison.facts.prosody import (
    GLOBAL,
    SCOPE_WORDS,
    LuaTable,
    OptionKind,
    ProsodyFacts,
    Setting,
    classify,
    module_name,
    ssl_key,
)
from garrison.model import Evidence, Outcome, Relation, Severity, Wanted, errored, failed, passed
from garrison.rules.expect import unusable
from garrison.rules.prosody.common import at_entry, cite
from garrison.rules.registry import rule
from garrison.rules.wording import listing, plural

_SSL_OPTIONS = ("ssl", "c2s_ssl", "s2s_ssl", "https_ssl", "c2s_direct_tls_ssl", "legacy_ssl_ssl")


def _settings(prosody: ProsodyFacts) -> Iterator[tuple[str, Setting]]:
    """Every setting with the scope it is written in: the global ones, then each host's own."""
    for setting in prosody.settings.values():
        yield GLOBAL, setting
    for host in prosody.hosts:
        for setting in host.settings.values():
            yield host.name, setting


def _evidence(prosody: ProsodyFacts, scope: str, setting: Setting, told: str, hope: str | None) -> Evidence:
    found = prosody.cited(scope, setting)
    wanted = Wanted(Relation.ABSENT) if hope is None else None
    return cite(found, told, hope or "no such option", wanted=wanted)


def _module_names(prosody: ProsodyFacts, scope: str, setting: Setting) -> Iterator[tuple[str, Evidence]]:
    """modules_enabled entries that name no module (a misspelling, a `mod_` prefix), each at its line."""
    if setting.name != "modules_enabled" or not isinstance(setting.value, LuaTable):
        return
    found = prosody.cited(scope, setting)
    for entry in setting.value.strings():
        verdict = module_name(entry)
        if verdict.kind is OptionKind.MISSPELT:
            where = at_entry(found, setting.value.item_line(entry))
            yield (
                f'module "{entry}" (did you mean {verdict.instead}?)',
                where.cite(verdict.instead, actual=entry),
            )


def _ssl_keys(prosody: ProsodyFacts, scope: str, setting: Setting) -> Iterator[tuple[str, Evidence]]:
    """`ssl` table keys LuaSec does not know, each cited at its own line."""
    if setting.name not in _SSL_OPTIONS or not isinstance(setting.value, LuaTable):
        return
    found = prosody.cited(scope, setting)
    for key, _value in setting.value.fields:
        verdict = ssl_key(key)
        if verdict.kind is OptionKind.READ:
            continue
        hint = f" (did you mean {verdict.instead}?)" if verdict.instead else ""
        where = at_entry(found, setting.value.field_line(key))
        yield f"{setting.name}.{key}{hint}", where.cite("a LuaSec context parameter", actual=key)


@rule(
    id="prosody.unknown-options",
    title="Every Prosody option and module set is one the installed release reads",
    problem="A Prosody option or module name is misspelt, obsolete or no ssl parameter: it never applies",
    severity=Severity.MEDIUM,
    rationale="Prosody ignores options it does not read: a misspelt c2s_require_encrytion or an ssl key "
    "LuaSec does not know leaves the built-in behaviour in place while the file reads as hardened.",
    remediation="correct the option's name (see `prosodyctl check config`) or remove it",
    references=("guide:000 Configuration Validation",),
)
def unknown_options(prosody: ProsodyFacts) -> Outcome:
    named: list[str] = []
    evidence: list[Evidence] = []
    for scope, setting in _settings(prosody):
        verdict = classify(setting.name, prosody.release)
        if verdict.kind is OptionKind.MISSPELT:
            named.append(f"{setting.name} (did you mean {verdict.instead}?)")
            evidence.append(_evidence(prosody, scope, setting, setting.name, verdict.instead))
        elif verdict.kind is OptionKind.OTHER_RELEASE:
            named.append(f"{setting.name} (only {verdict.instead} read it)")
            evidence.append(_evidence(prosody, scope, setting, setting.name, None))
        elif verdict.kind is OptionKind.OBSOLETE:
            named.append(f"{setting.name} (obsolete)")
            evidence.append(_evidence(prosody, scope, setting, f"{setting.name} (obsolete)", None))
        for name, where in (*_ssl_keys(prosody, scope, setting), *_module_names(prosody, scope, setting)):
            named.append(name)
            evidence.append(where)
    if named:
        return failed(
            f"{prosody.version} never applies {plural(len(named), 'setting')}: {listing(named, limit=5)}",
            *evidence,
        )
    return passed(f"every option set is one {prosody.version} reads (or a community module's)")


@rule(
    id="prosody.global-options-in-host",
    title="Prosody's global-only options are set in the global section",
    problem="A Prosody option that is read only globally is set inside a VirtualHost or Component",
    severity=Severity.MEDIUM,
    rationale="Prosody reads ports, interfaces, logging, TLS profile and s2s authentication options only "
    "from the global section: set under a host they have no effect and the global value still applies.",
    remediation="move the option above the first VirtualHost/Component line",
    references=("guide:000 Configuration Validation",),
)
def global_options_in_host(prosody: ProsodyFacts) -> Outcome:
    named: list[str] = []
    evidence: list[Evidence] = []
    for host in prosody.hosts:
        for setting in host.settings.values():
            if not _global_only(prosody, setting.name):
                continue
            named.append(f"{setting.name} under {host.name}")
            found = prosody.cited(host.name, setting)
            scope = f"{SCOPE_WORDS[host.kind]} {host.name}"
            evidence.append(cite(found, f"{setting.name} in {scope}", "set in the global section"))
    if named:
        count = plural(len(named), "global-only option")
        return failed(f"{count} set in a host: {listing(named, limit=5)}", *evidence)
    return passed("no global-only option is set inside a host")


def _global_only(prosody: ProsodyFacts, name: str) -> bool:
    """prosodyctl check's test: the release's global-only list, interfaces, ports and service ssl options."""
    if name in prosody.release.global_only or name.startswith("interface"):
        return True
    if name.endswith(("_port", "_ports", "_interface", "_interfaces")):
        return name not in ("external_service_port", "turn_external_port")
    return name.endswith("_ssl") and name not in ("c2s_ssl", "s2s_ssl")


@rule(
    id="prosody.deprecated-options",
    title="Prosody's configuration uses no deprecated option names",
    problem="Prosody's configuration uses a deprecated option name",
    severity=Severity.LOW,
    rationale="Deprecated spellings (c2s_interface, legacy_ssl_ports, require_encryption, disallow_s2s) are "
    "read only for compatibility and read after the current ones: a review or a later release that drops "
    "them can change what the server listens on or requires.",
    remediation="rename the option as `prosodyctl check config` suggests (c2s_interface -> c2s_interfaces)",
    references=("guide:000 Configuration Validation",),
)
def deprecated_options(prosody: ProsodyFacts) -> Outcome:
    named: list[str] = []
    evidence: list[Evidence] = []
    for scope, setting in _settings(prosody):
        verdict = classify(setting.name, prosody.release)
        if verdict.kind is OptionKind.DEPRECATED:
            named.append(f"{setting.name} (use {verdict.instead})")
            found = prosody.cited(scope, setting)
            evidence.append(cite(found, setting.name, verdict.instead))
    if named:
        return failed(f"{plural(len(named), 'deprecated option')}: {listing(named, limit=5)}", *evidence)
    return passed(f"no option name {prosody.version} deprecates is used")


@rule(
    id="prosody.config-loads",
    title="Prosody can load its whole configuration",
    problem="Prosody refuses to load its configuration",
    severity=Severity.HIGH,
    rationale="A Lua syntax error, a missing included file or an include loop stops Prosody at start (or "
    "reload): none of the configuration applies until it is fixed, however hardened it reads.",
    remediation="prosodyctl check config   (then fix the file:line it names)",
    references=("guide:000 Configuration Validation",),
)
def config_loads(prosody: ProsodyFacts) -> Outcome:
    if prosody.refusals:
        return errored(
            f"Prosody refuses its configuration: {listing((i.message for i in prosody.refusals), limit=3)}",
            *(unusable(issue.location) for issue in prosody.refusals),
        )
    return passed(f"the configuration loads ({plural(len(prosody.files), 'file')})")
