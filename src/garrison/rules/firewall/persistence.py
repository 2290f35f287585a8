"""Firewall rules survive a reboot: something restores them, and the saved copy matches the live rules."""

from __future__ import annotations

from garrison.facts.firewall import FirewallFacts, RulesetKind
from garrison.model import Evidence, Outcome, Severity, failed, not_applicable, passed
from garrison.rules.firewall.common import frame, no_firewall, whole
from garrison.rules.registry import rule


def _restores_missing(fw: FirewallFacts, only_missing: bool) -> tuple[Evidence, ...]:
    """The boot-time restores (crontab line, unit, rc.local) and the rules file each loads (role CONTEXT:
    the restore is what frames the missing file)."""
    return tuple(
        frame(p.location, f"restores missing {p.restores}", "an existing file")
        for p in fw.persistence
        if p.missing or not only_missing
    )


def _live_check(fw: FirewallFacts) -> Outcome:
    live = [r for r in fw.rulesets if r.live and r.filters_input]
    if not live:
        return not_applicable("no live firewall rules to persist")
    if not any(not p.missing for p in fw.persistence):
        return failed(
            "the live firewall rules are not restored at boot: a reboot leaves the host open",
            *(
                whole(
                    source,
                    "live rules, but no iptables-persistent file, @reboot restore, nftables.service or ufw",
                    "saved (iptables-save > /etc/iptables/rules.v4) and restored at boot",
                )
                for source in dict.fromkeys(r.source for r in live)
            ),
            *_restores_missing(fw, only_missing=False),
        )
    drift: list[Evidence] = []
    for ruleset in live:
        if ruleset.kind is not RulesetKind.IPTABLES:
            continue
        saved = fw.saved_copy(ruleset.family)
        if saved is None or saved.same_rules(ruleset):
            continue
        drift.append(whole(saved.source, f"differs from live {ruleset.source}", "the same rules"))
    if drift:
        return failed("the saved rules differ from the live ones: a reboot changes the firewall", *drift)
    kinds = sorted({p.kind for p in fw.persistence})
    return passed(f"the live rules are restored at boot ({', '.join(kinds)})")


def _offline_check(fw: FirewallFacts) -> Outcome:
    broken = [p for p in fw.persistence if p.missing]
    if broken:
        return failed(
            "a boot-time restore points at a rules file that does not exist",
            *_restores_missing(fw, only_missing=True),
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
            *(whole(source, "not restored at boot", "restored at boot") for source in sources),
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
    if fw.absent:
        return no_firewall()
    return _live_check(fw) if fw.live else _offline_check(fw)
