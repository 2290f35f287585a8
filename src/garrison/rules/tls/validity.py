"""Certificate validity periods: expired, expiring soon, not yet valid (judged at gathering time, UTC)."""

from __future__ import annotations

from datetime import timedelta

from garrison.facts.tls import CertInfo, TlsFacts, TlsFile
from garrison.model import Outcome, Severity
from garrison.rules.registry import rule
from garrison.rules.tls.common import Problem, cert_cite, judge_leaves, utc
from garrison.rules.wording import plural

_REF = ("guide:002 things worth checking periodically",)


def _expiry_rule(tls: TlsFacts, days: int) -> Outcome:
    def check(item: TlsFile, leaf: CertInfo) -> Problem | None:
        left = leaf.not_after - tls.now
        if timedelta(0) <= left <= timedelta(days=days):
            when = utc(leaf.not_after)
            return Problem(
                f"expires {when} (in {plural(left.days, 'day')})",
                cert_cite(item, leaf, when, f"> {days} days"),
            )
        return None

    subject = (f"certificate expires within {days} days", f"certificates expire within {days} days")
    return judge_leaves(tls, check, subject, "not expiring soon")


@rule(
    id="tls.certificate-expired",
    title="No server certificate has expired",
    problem="A server certificate has expired",
    severity=Severity.HIGH,
    rationale="An expired certificate breaks every client connection (or trains users to click through).",
    remediation="renew it: certbot renew / acme.sh --renew -d <name>, then reload the service",
    references=_REF,
)
def certificate_expired(tls: TlsFacts) -> Outcome:
    def check(item: TlsFile, leaf: CertInfo) -> Problem | None:
        if leaf.not_after < tls.now:
            when = utc(leaf.not_after)
            return Problem(f"expired {when}", cert_cite(item, leaf, when, "a future date"))
        return None

    return judge_leaves(tls, check, ("certificate has expired", "certificates have expired"), "none expired")


@rule(
    id="tls.certificate-expiring-14d",
    title="No server certificate expires within 14 days",
    problem="A server certificate expires within 14 days",
    severity=Severity.HIGH,
    rationale="""Automatic renewal (certbot, acme.sh) renews 30 days ahead; a certificate this close to expiry
    means renewal is failing and an outage is days away.""",
    remediation="check the renewal: certbot renew --dry-run / acme.sh --cron, and the timer that runs it",
    references=_REF,
)
def certificate_expiring_14d(tls: TlsFacts) -> Outcome:
    return _expiry_rule(tls, 14)


@rule(
    id="tls.certificate-expiring-30d",
    title="No server certificate expires within 30 days",
    problem="A server certificate expires within 30 days",
    severity=Severity.MEDIUM,
    rationale="Inside 30 days automatic renewal should already have replaced the certificate.",
    remediation="check the renewal: certbot renew --dry-run / acme.sh --cron, and the timer that runs it",
    references=_REF,
)
def certificate_expiring_30d(tls: TlsFacts) -> Outcome:
    return _expiry_rule(tls, 30)


@rule(
    id="tls.certificate-not-yet-valid",
    title="No server certificate is dated in the future",
    problem="A server certificate is dated in the future",
    severity=Severity.MEDIUM,
    rationale="A certificate whose validity starts later is rejected by clients; often a clock problem.",
    remediation="check the host clock (timedatectl) and reissue the certificate",
)
def certificate_not_yet_valid(tls: TlsFacts) -> Outcome:
    def check(item: TlsFile, leaf: CertInfo) -> Problem | None:
        if leaf.not_before > tls.now:
            when = utc(leaf.not_before)
            return Problem(f"valid only from {when}", cert_cite(item, leaf, when, "a past date"))
        return None

    subject = ("certificate is not yet valid", "certificates are not yet valid")
    return judge_leaves(tls, check, subject, "all in force")
