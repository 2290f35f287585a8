"""The live firewall state: `iptables-save`, `ip6tables-save`, `nft -j list ruleset` (with `nft -a list
ruleset` for the lines evidence cites), each command's answer recorded for a host that has no firewall."""

from __future__ import annotations

from garrison.facts.firewall.iptables import parse_iptables_save
from garrison.facts.firewall.model import Family, Ruleset
from garrison.facts.firewall.nftjson import NFT_COMMAND, parse_nft_json
from garrison.facts.firewall.nftlisting import NFT_LISTING_COMMAND, parse_nft_listing
from garrison.model import Location, ParseIssue
from garrison.targets.base import CommandResult, CommandStatus, Target


def _asked(result: CommandResult, has_rules: bool) -> str:
    """What a live command gave, in words, for evidence when no firewall is found."""
    if not result.ran:
        return "not installed" if result.status is CommandStatus.NOT_FOUND else result.reason or "not run"
    if result.returncode != 0:
        return f"exit {result.returncode}"
    return "filter rules" if has_rules else "no filter rules"


def live_rulesets(
    target: Target, issues: list[ParseIssue], answered: list[str], tried: list[tuple[str, str]]
) -> list[Ruleset] | None:
    """The live rulesets (None offline or when no command answers); `answered` gets the commands that did,
    `tried` every command asked with what it gave."""
    if not target.live:
        return None
    found: list[Ruleset] = []
    for program, family in (("iptables-save", Family.IPV4), ("ip6tables-save", Family.IPV6)):
        result = target.run([program])
        tried.append((program, _asked(result, "*filter" in result.stdout)))
        if not result.ran:
            continue
        if result.returncode != 0:
            issues.append(
                ParseIssue(Location(program), f"exit {result.returncode}: {result.stderr.strip()[:200]}")
            )
            continue
        answered.append(program)
        if "*filter" in result.stdout:
            found.append(parse_iptables_save(result.stdout, program, family, live=True)[0])
    result = target.run(["nft", "-j", "list", "ruleset"])
    if result.ok:
        answered.append(NFT_COMMAND)
        # iptables-nft's own tables, already read from iptables-save (its raw table for NOTRACK too)
        skip = {("ip" if r.family is Family.IPV4 else "ip6", t) for r in found for t in ("filter", "raw")}
        text = target.run(NFT_LISTING_COMMAND)  # the same state as text, for line numbers in evidence
        listing = parse_nft_listing(text.stdout) if text.ok else None
        parsed, problems = parse_nft_json(result.stdout, NFT_COMMAND, exclude=skip, listing=listing)
        issues.extend(problems)
        found.extend(parsed)
        tried.append((NFT_COMMAND, _asked(result, bool(parsed))))
    else:
        tried.append((NFT_COMMAND, _asked(result, False)))
        if result.ran:
            issues.append(
                ParseIssue(Location(NFT_COMMAND), f"exit {result.returncode}: {result.stderr.strip()[:200]}")
            )
    return found if answered else None
