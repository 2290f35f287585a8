"""SIP rules on Kamailio's database access: the read-write password kamctl ships (kamctlrc `DBRWPW`), left
in a database URL (`#!define DBURL`, a module's `db_url`). Only where it takes effect: a define in an inactive
`#!ifdef` branch (Debian's kamailio.cfg without WITH_MYSQL) is not used."""

from __future__ import annotations

from garrison.facts.sip import KamailioConfig, SipFacts, kamailio_ref
from garrison.model import (
    Evidence,
    EvidenceRole,
    Location,
    Outcome,
    Severity,
    failed,
    passed,
)
from garrison.rules.registry import rule
from garrison.rules.sip.common import on_kamailio
from garrison.rules.wording import plural


@rule(
    id="sip.kamailio-db-default-password",
    title="Kamailio's database URL does not use kamctl's shipped password",
    problem="Kamailio connects to its database with the read-write password kamctl ships",
    severity=Severity.HIGH,
    rationale="kamdbctl creates the read-write database user with the password written in every kamctlrc "
    "and every example configuration, so anyone who reaches the database can log in with it and rewrite "
    "subscribers, credentials and routing data.",
    remediation='#!define DBURL "mysql://kamailio:<generated password>@localhost/kamailio"   (and set DBRWPW '
    "in kamctlrc before kamdbctl create)",
    references=("guide:001 secrets management",),
)
def kamailio_db_default_password(sip: SipFacts) -> Outcome:
    return on_kamailio(sip, _judge)


def _at(where: Location) -> Evidence:
    ref = kamailio_ref(where.path, "db_url")
    actual = "kamctl's shipped read-write password (kamctlrc DBRWPW)"
    return Evidence(where, actual, "a generated password", EvidenceRole.SETTING, ref)


def _judge(config: KamailioConfig) -> Outcome:
    found = config.default_db_password
    if found:
        return failed(
            f"a database URL uses kamctl's shipped read-write password ({plural(len(found), 'line')})",
            *(_at(where) for where in found),
        )
    switch = config.switch("DBURL", "define", "trydef", "redefine")
    if switch is not None and not switch.active:
        note = f"the DBURL define at line {switch.location.line} is not in effect"
    else:
        note = "no database URL in effect uses it"
    where = Evidence(Location(config.path), "no shipped password", None, EvidenceRole.FILE)
    return passed(f"kamctl's shipped password is not used: {note}", where)
