"""ejabberd anonymous login: which hosts accept users without an account, and how (ejabberd_auth_anonymous:
`auth_method: [anonymous]`, `anonymous_protocol` sasl_anon (default) | login_anon | both)."""

from __future__ import annotations

from garrison.facts.ejabberd import EjabberdFacts, Node
from garrison.model import Evidence, Outcome, Severity, failed, passed
from garrison.rules.ejabberd.common import cite, read_text
from garrison.rules.registry import rule
from garrison.rules.wording import listing, nothing_to_check

_PROTOCOL = "anonymous_protocol"


def _scopes(ejabberd: EjabberdFacts) -> list[tuple[str, Node | None, Node | None]]:
    """(scope, auth_method, anonymous_protocol) globally and for each host section that sets either."""
    found = [("global", ejabberd.option("auth_method"), ejabberd.option(_PROTOCOL))]
    hosts = dict.fromkeys(h for key in ("auth_method", _PROTOCOL) for h, _ in ejabberd.host_overrides(key))
    for host in hosts:
        method = dict(ejabberd.host_overrides("auth_method")).get(host, found[0][1])
        protocol = dict(ejabberd.host_overrides(_PROTOCOL)).get(host, found[0][2])
        found.append((host, method, protocol))
    return found


@rule(
    id="ejabberd.anonymous-login",
    title="The ejabberd server accepts anonymous logins only on dedicated hosts, by SASL ANONYMOUS",
    problem="The ejabberd server accepts anonymous logins on every host, or with any name and password",
    severity=Severity.MEDIUM,
    rationale="auth_method anonymous lets anyone in without an account: set globally it opens every "
    "virtual host to spam and abuse, and anonymous_protocol login_anon or both accepts any user name and "
    "password, so clients and scanners think they logged in to a real account.",
    remediation="host_config:\n  guest.example.org:\n    auth_method: [anonymous]\n"
    "    anonymous_protocol: sasl_anon",
    references=("guide:002 A Note on Defense in Depth",),
)
def anonymous_login(ejabberd: EjabberdFacts) -> Outcome:
    bad: list[Evidence] = []
    anonymous: list[str] = []
    for scope, method, protocol in _scopes(ejabberd):
        if method is None or "anonymous" not in method.strings():
            continue
        anonymous.append(scope)
        if scope == "global":
            bad.append(cite(ejabberd, method, "anonymous for every host", "anonymous only in host_config"))
        value = read_text(ejabberd, protocol, _PROTOCOL, "sasl_anon")
        if isinstance(value, Outcome):
            return value
        if value in ("login_anon", "both"):
            told = f"{value} ({scope})"
            bad.append(cite(ejabberd, protocol, told, "sasl_anon", key=_PROTOCOL))
    if not anonymous:
        return nothing_to_check("no host uses anonymous authentication")
    if bad:
        return failed(f"anonymous login is too open ({listing(anonymous)})", *bad)
    return passed(f"anonymous login by SASL ANONYMOUS only, on {listing(anonymous)}")
