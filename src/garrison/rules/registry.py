"""Rules: one small function each, with its metadata beside it in the `@rule` decorator.

    @rule(id="kernel.ipv4-accept-redirects", title="IPv4 ICMP redirects are ignored",
          problem="IPv4 ICMP redirects are accepted", severity=Severity.MEDIUM, rationale="...",
          remediation="net.ipv4.conf.all.accept_redirects = 0")
    def ipv4_accept_redirects(sysctl: SysctlFacts) -> Outcome: ...

The decorator only wraps the function in a `Rule` value; nothing registers itself on import. `load_rules()`
imports the modules named in `RULE_MODULES` (explicit, tested to be complete) and collects their `Rule`
values. The engine reads each rule's parameter annotations to know which facts to fetch.
"""

from __future__ import annotations

import importlib
import re
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from garrison.model import Outcome, Severity

RULE_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9]+(-[a-z0-9]+)*)+$")

#: The rule domains. Each is a package whose `__init__` holds `MODULES`, the tuple of its rule modules
#: (a test asserts together they list every module under garrison/rules/).
RULE_PACKAGES: tuple[str, ...] = (
    "garrison.rules.ssh",
    "garrison.rules.kernel",
    "garrison.rules.filesystem",
    "garrison.rules.firewall",
    "garrison.rules.accounts",
    "garrison.rules.packages",
    "garrison.rules.services",
    "garrison.rules.tls",
    "garrison.rules.nginx",
    "garrison.rules.ejabberd",
    "garrison.rules.prosody",
    "garrison.rules.postgresql",
    "garrison.rules.systemd",
    "garrison.rules.docker",
    "garrison.rules.secrets",
    "garrison.rules.sip",
    "garrison.rules.exposure",
    "garrison.rules.logging",
)


def rule_modules() -> tuple[str, ...]:
    names: list[str] = []
    for package in RULE_PACKAGES:
        names.extend(importlib.import_module(package).MODULES)
    return tuple(names)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: Severity
    rationale: str
    remediation: str
    check: Callable[..., Outcome]
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    #: The failure stated as a fact, for a FAIL line ("SSH accepts password logins"); `title` is the
    #: property the rule checks, as shown in the catalog and on PASS lines.
    problem: str = ""

    @property
    def domain(self) -> str:
        return self.id.split(".", 1)[0]

    def fact_types(self) -> tuple[type, ...]:
        """The fact types the check takes, in parameter order (from its annotations)."""
        return _fact_types(self.check)

    def __call__(self, *facts: object) -> Outcome:
        return self.check(*facts)


@cache
def _fact_types(check: Callable[..., Outcome]) -> tuple[type, ...]:
    """Resolved once per check: the annotations are strings (postponed evaluation) and resolving them is
    most of what a not-applicable rule costs."""
    hints = typing.get_type_hints(check)
    hints.pop("return", None)
    return tuple(hints.values())


def rule(
    *,
    id: str,
    title: str,
    severity: Severity,
    rationale: str,
    remediation: str,
    problem: str,
    tags: Sequence[str] = (),
    references: Sequence[str] = (),
) -> Callable[[Callable[..., Outcome]], Rule]:
    """Attach metadata to a rule function; returns the `Rule` value that replaces the function.

    `title` is the property checked (catalog, PASS lines); `problem` is its failure stated as a fact, shown
    on a FAIL line ("SSH accepts password logins" for "SSH password logins are disabled").
    """
    if not RULE_ID_PATTERN.match(id):
        raise ValueError(f"rule id {id!r} is not dotted kebab-case (domain.subject-property)")
    if not problem.strip():
        raise ValueError(f"rule {id} has no problem statement")

    def wrap(check: Callable[..., Outcome]) -> Rule:
        return Rule(
            id=id,
            title=title,
            severity=severity,
            rationale=" ".join(rationale.split()),
            remediation=remediation.strip(),
            check=check,
            tags=tuple(tags),
            references=tuple(references),
            problem=problem,
        )

    return wrap


def rules_in(module_name: str) -> tuple[Rule, ...]:
    module = importlib.import_module(module_name)
    return tuple(
        value
        for value in vars(module).values()
        if isinstance(value, Rule) and value.check.__module__ == module_name
    )


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every rule of the catalog, sorted by id. Raises ValueError on a duplicate id."""
    found: dict[str, Rule] = {}
    for module_name in rule_modules():
        for item in rules_in(module_name):
            if item.id in found:
                raise ValueError(f"duplicate rule id {item.id} in {module_name}")
            found[item.id] = item
    return tuple(found[key] for key in sorted(found))


def find_rule(rule_id: str) -> Rule | None:
    return next((r for r in load_rules() if r.id == rule_id), None)
