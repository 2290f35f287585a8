"""Whether nginx would load its configuration at all, and directives it does not know (issue 9, item 3).

A configuration nginx refuses is still judged by every other rule from what could be read (the facts' notes
say so on each verdict); these rules report the refusal itself, at file:line.
"""

from __future__ import annotations

from garrison.facts.nginx import NginxFacts, UnknownDirective
from garrison.facts.quoting import shown
from garrison.model import (
    Dialect,
    Evidence,
    EvidenceRole,
    Outcome,
    Relation,
    SettingRef,
    Severity,
    Wanted,
    errored,
    failed,
    passed,
)
from garrison.rules.expect import unusable
from garrison.rules.nginx.common import release_label
from garrison.rules.registry import rule
from garrison.rules.wording import counted, plural

#: At most this many places are cited; the message counts them all.
_CITED = 20


def _files(nginx: NginxFacts) -> str:
    return plural(len(nginx.files), "file")


@rule(
    id="nginx.config-valid",
    title="Nginx would load its configuration",
    problem="Nginx would refuse to load its configuration",
    severity=Severity.HIGH,
    rationale="""nginx checks the whole configuration before it starts or reloads: one syntax error,
    unknown directive, directive in the wrong block, wrong argument count or missing included file, and it
    refuses it. A running nginx keeps serving its old configuration, so the file on disk is not what runs,
    and the next restart takes the site down. The other nginx rules judge what could be read anyway.""",
    remediation="nginx -t   # fix every error it names, then: systemctl reload nginx",
)
def config_valid(nginx: NginxFacts) -> Outcome:
    if not nginx.problems:
        return passed(f"nginx would load the configuration ({_files(nginx)} read)")
    cited = tuple(unusable(p.location, p.message) for p in nginx.problems[:_CITED])
    count = counted(len(nginx.problems), "problem", "makes", "make")
    first = nginx.problems[0]
    return errored(f"{count} nginx refuse the configuration, first {first.location}: {first.message}", *cited)


@rule(
    id="nginx.directive-known",
    title="Nginx knows every directive in its configuration",
    problem="The nginx configuration has directives nginx does not know",
    severity=Severity.MEDIUM,
    rationale="""A misspelt directive (`ssl_protocol`, `server_token`) or one the installed release lacks
    (`http2 on;` before 1.25.1, the `ssl` directive from 1.25.1 on, a module's directive without its
    `load_module`) never applies: nginx refuses the whole file, and the setting meant by it is not in
    force in the configuration that runs.""",
    remediation="Correct the name (nginx -t names each unknown directive), or load the module providing it.",
)
def directive_known(nginx: NginxFacts) -> Outcome:
    if not nginx.unknown:
        return passed(f"every directive is known to {release_label(nginx)}")
    cited = tuple(_cite(item) for item in nginx.unknown[:_CITED])
    count = counted(len(nginx.unknown), "directive", "is", "are")
    first = nginx.unknown[0]
    return failed(
        f"{count} unknown to {release_label(nginx)}, first {first.location}: {first.reason}", *cited
    )


def _cite(item: UnknownDirective) -> Evidence:
    # the name as a bounded keyword only: an "unknown directive" may be a line of an included secret file
    name = shown(item.name)
    ref = SettingRef(Dialect.NGINX, item.location.path, name)
    expected = f"{item.suggestion} (a known directive)" if item.suggestion else "a directive nginx knows"
    wanted = Wanted(Relation.ABSENT)
    return Evidence(item.location, name, expected, EvidenceRole.SETTING, ref, None, wanted)
