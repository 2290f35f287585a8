"""Which rules of a long chain can match a packet to a given port: an index built once per chain."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from garrison.facts.firewall.model import Chain, FwRule, PortRange

_SPREAD_LIMIT = 64  # port ranges up to this wide are indexed port by port


@dataclass(frozen=True, slots=True)
class _PortIndex:
    """Which rules of a long chain can match a given destination port, in chain order.

    A rule that names ports (not negated) can only match a packet to one of them, so a packet's
    candidates are the port-independent rules plus the rules naming its port: first-match order is kept
    by merging the sorted index lists. Makes a 50k-rule chain answer a port query in a few steps."""

    general: tuple[int, ...]
    by_port: dict[int, tuple[int, ...]]
    wide: tuple[tuple[PortRange, int], ...]

    @staticmethod
    def build(chain: Chain) -> _PortIndex:
        general: list[int] = []
        by_port: dict[int, list[int]] = {}
        wide: list[tuple[PortRange, int]] = []
        for i, rule in enumerate(chain.rules):
            if not rule.dports or rule.dports_negated:
                general.append(i)
                continue
            for ports in rule.dports:
                if ports.high - ports.low < _SPREAD_LIMIT:
                    for port in range(ports.low, ports.high + 1):
                        by_port.setdefault(port, []).append(i)
                else:
                    wide.append((ports, i))
        return _PortIndex(tuple(general), {k: tuple(v) for k, v in by_port.items()}, tuple(wide))

    def candidates(self, chain: Chain, port: int | None) -> Iterator[FwRule]:
        if port is None:  # a rule naming ports never matches a packet without one
            return (chain.rules[i] for i in self.general)
        hits = {*self.by_port.get(port, ()), *(i for r, i in self.wide if port in r)}
        if not hits:
            return (chain.rules[i] for i in self.general)
        # port-independent rules and port-naming rules are disjoint sets: one sort restores chain order
        return (chain.rules[i] for i in sorted((*self.general, *hits)))


def candidate_rules(chain: Chain, port: int | None, shortest: int) -> Sequence[FwRule] | Iterator[FwRule]:
    """The rules that may match a packet to `port`, in order; chains shorter than `shortest` whole."""
    if len(chain.rules) < shortest:
        return chain.rules
    index = chain.cache.get("port_index")
    if not isinstance(index, _PortIndex):
        index = _PortIndex.build(chain)
        chain.cache["port_index"] = index
    return index.candidates(chain, port)
