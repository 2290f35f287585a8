"""ejabberd operations: log level, config files that hold secrets."""

from __future__ import annotations

from dataclasses import replace

from garrison.facts.ejabberd import EjabberdFacts, defaults
from garrison.facts.quoting import shown
from garrison.model import Evidence, Location, Outcome, ParseIssue, Severity, errored, failed, passed
from garrison.rules.ejabberd.common import cite, read_text
from garrison.rules.expect import file_mode, unusable
from garrison.rules.registry import rule
from garrison.rules.wording import agree, listing, mode, nothing_to_check, plural

_LEVELS = ("none", "emergency", "alert", "critical", "error", "warning", "notice", "info", "debug")
_NUMERIC = {"0": "none", "1": "critical", "2": "error", "3": "warning", "4": "info", "5": "debug"}


@rule(
    id="ejabberd.loglevel",
    title="The ejabberd server does not log at debug level",
    problem="The ejabberd server logs at debug level",
    severity=Severity.LOW,
    rationale="Debug logging writes whole XML streams, including message bodies and authentication data.",
    remediation="loglevel: info",
    references=("guide:002 Things Worth Checking Periodically",),
)
def loglevel(ejabberd: EjabberdFacts) -> Outcome:
    node = ejabberd.option("loglevel")
    value = read_text(ejabberd, node, "loglevel", defaults.LOGLEVEL)
    if isinstance(value, Outcome):
        return value
    level = _NUMERIC.get(value, value)
    if level not in _LEVELS:
        return errored(
            f"loglevel {shown(value)} is not a known level",
            cite(ejabberd, node, shown(value), key="loglevel"),
        )
    if level == "debug":
        return failed("ejabberd logs at debug level", cite(ejabberd, node, value, "info", key="loglevel"))
    return passed(f"loglevel is {level}", cite(ejabberd, node, value, key="loglevel"))


@rule(
    id="ejabberd.config-secrets-mode",
    title="The ejabberd config files holding passwords are not world-readable",
    problem="An ejabberd config file holding a password is world-readable",
    severity=Severity.MEDIUM,
    rationale="sql_password, ldap_password and similar secrets in a world-readable file are readable by "
    "every local account and service.",
    remediation="chown root:ejabberd /etc/ejabberd/ejabberd.yml && chmod 640 /etc/ejabberd/ejabberd.yml",
    references=("guide:002 Step 7 Harden PostgreSQL",),
)
def config_secrets_mode(ejabberd: EjabberdFacts) -> Outcome:
    bad: list[Evidence] = []
    holding = 0
    for info in ejabberd.files:
        if not info.secret_keys:
            continue
        holding += 1
        if info.mode is not None and info.mode & 0o004:
            key, line = info.secret_keys[0]
            found = file_mode(info.path, f"{key} set inline; file mode {mode(info.mode)}", "0640 or stricter")
            bad.append(replace(found, location=Location(info.path, line)))  # the line of the secret
    if bad:
        return failed("a config file with an inline secret is world-readable", *bad)
    if holding:
        verb = agree(holding, "is", "are")
        return passed(f"{plural(holding, 'config file')} with inline secrets {verb} not world-readable")
    return nothing_to_check("no inline secret in the ejabberd config")


@rule(
    id="ejabberd.unknown-options",
    title="The ejabberd configuration holds only options the installed release accepts",
    problem="The ejabberd configuration holds an option the installed release refuses",
    severity=Severity.HIGH,
    rationale="ejabberd validates its whole configuration at start: one unknown or misspelt option (top "
    "level, listener or module) stops the server, and a misspelt hardening option never applies.",
    remediation="correct or remove the option (`ejabberdctl reload_config` names it and suggests a spelling)",
    references=("guide:002 Things Worth Checking Periodically",),
)
def unknown_options(ejabberd: EjabberdFacts) -> Outcome:
    refused = _refused(ejabberd.refusals, f"{ejabberd.version} refuses this configuration")
    return refused or passed(
        f"every option is one {ejabberd.version} accepts (contributed modules not judged)"
    )


def _refused(issues: tuple[ParseIssue, ...], what: str) -> Outcome | None:
    """error naming the first issues, each cited at its file:line (None when there is none)."""
    if not issues:
        return None
    found = [issue.message for issue in issues]
    return errored(f"{what}: {listing(found, limit=3)}", *(unusable(issue.location) for issue in issues))


@rule(
    id="ejabberd.config-loads",
    title="The ejabberd server can load all its configuration files",
    problem="The ejabberd server cannot load its configuration files",
    severity=Severity.HIGH,
    rationale="A YAML syntax error, a missing include_config_file or an include loop stops ejabberd at "
    "start or reload: none of the configuration applies until it is fixed, however hardened it reads.",
    remediation="ejabberdctl reload_config   (or start it in the foreground: it names the file:line)",
    references=("guide:002 Things Worth Checking Periodically",),
)
def config_loads(ejabberd: EjabberdFacts) -> Outcome:
    refused = _refused(ejabberd.load_problems, "ejabberd cannot load its configuration")
    return refused or passed(f"the configuration loads ({plural(len(ejabberd.files), 'file')})")
