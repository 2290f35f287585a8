"""Firewall rules survive a reboot: something restores them, and the saved copy matches the live rules."""

from __future__ import annotations

from garrison.facts.firewall.iptables import ruleset_signature
from garrison.facts.firewall.model import Family, FirewallFacts, PersistenceKind, Ruleset, RulesetKind
from garrison.facts.firewall.verdict import filters_input
from garrison.model import Evidence, Outcome, Severity, evidence, failed, not_applicable, passed
from garrison.rules.registry import rule

_FILE_KINDS = (
    PersistenceKind.IPTABLES_PERSISTENT,
    PersistenceKind.IPTABLES_SERVICE,
    PersistenceKind.BOOT_RESTORE,
)


def _saved_for(fw: FirewallFacts, family: Family) -> Ruleset | None:
    restored = {p.restores for p in fw.persistence if p.kind in _FILE_KINDS}
    return next(
        (
            r
            for r in fw.rulesets
            if not r.live and r.kind is RulesetKind.IPTABLES and r.family is family and r.source in restored
        ),
        None,
    )


def _live_check(fw: FirewallFacts) -> Outcome:
    live = [r for r in fw.rulesets if r.live and filters_input(r)]
    if not live:
        return not_applicable("no live firewall rules to persist")
    if not any(not p.missing for p in fw.persistence):
        return failed(
            "the live firewall rules are not restored at boot: a reboot leaves the host open",
            *(
                evidence(
                    source,
                    None,
                    "live rules, but no iptables-persistent file, @reboot restore, nftables.service or ufw",
                    "saved (iptables-save > /etc/iptables/rules.v4) and restored at boot",
                )
                for source in dict.fromkeys(r.source for r in live)
            ),
            *(
                evidence(
                    p.location.path, p.location.line, f"restores missing {p.restores}", "an existing file"
                )
                for p in fw.persistence
            ),
        )
    drift: list[Evidence] = []
    for ruleset in live:
        if ruleset.kind is not RulesetKind.IPTABLES:
            continue
        saved = _saved_for(fw, ruleset.family)
        if saved is None or ruleset_signature(saved) == ruleset_signature(ruleset):
            continue
        drift.append(evidence(saved.source, None, f"differs from live {ruleset.source}", "the same rules"))
    if drift:
        return failed("the saved rules differ from the live ones: a reboot changes the firewall", *drift)
    kinds = sorted({p.kind for p in fw.persistence})
    return passed(f"the live rules are restored at boot ({', '.join(kinds)})")


def _offline_check(fw: FirewallFacts) -> Outcome:
    broken = [p for p in fw.persistence if p.missing]
    if broken:
        return failed(
            "a boot-time restore points at a rules file that does not exist",
            *(
                evidence(
                    p.location.path, p.location.line, f"restores missing {p.restores}", "an existing file"
                )
                for p in broken
            ),
        )
    loaded = [r for r in fw.rulesets if r.in_effect and not r.empty]
    if loaded:
        kinds = sorted({p.kind for p in fw.persistence})
        return passed(f"the firewall rules are loaded at boot ({', '.join(kinds)})")
    saved = [r for r in fw.rulesets if not r.in_effect and not r.empty and r.kind is not RulesetKind.UFW]
    if saved:
        sources = tuple(dict.fromkeys(r.source for r in saved))
        return failed(
            f"rules are saved in {sources[0]} but nothing restores them at boot",
            *(evidence(source, None, "not restored at boot", "restored at boot") for source in sources),
        )
    return not_applicable("no saved firewall rules (see firewall.active)")


@rule(
    id="firewall.rules-persisted",
    title="Firewall rules are restored at boot",
    problem="The firewall rules in effect are not what a reboot restores",
    severity=Severity.MEDIUM,
    rationale="Rules set with iptables live only in memory; after a reboot the host comes back with no "
    "firewall at all unless something restores them, and a stale saved copy restores the wrong ones.",
    remediation="apt install iptables-persistent && iptables-save > /etc/iptables/rules.v4 && "
    "ip6tables-save > /etc/iptables/rules.v6  (or `systemctl enable nftables`, or `ufw enable`)",
    references=(
        "guide:002 step 2 (save and persist)",
        "guide:002 step 8 (backup firewall rules)",
        "guide:004",
    ),
)
def rules_persisted(fw: FirewallFacts) -> Outcome:
    return _live_check(fw) if fw.live else _offline_check(fw)
