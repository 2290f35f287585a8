"""Accounts facts: users and groups, shadow hash schemes, sudoers, login.defs and PAM password policy, and
the names rules use to show file owners (`OwnerNames`, never an error).

Each subject is its own fact type so a missing file only affects the rules that need it (an offline root
without /etc/shadow still gets the passwd-based rules).
"""

from __future__ import annotations

from garrison.facts.accounts.gather import (
    gather_accounts,
    gather_password_policy,
    gather_shadow,
    gather_sudoers,
)
from garrison.facts.accounts.names import OwnerNames, gather_owner_names
from garrison.facts.accounts.passwd import AccountsFacts, GroupEntry, PasswdEntry
from garrison.facts.accounts.policy import PasswordPolicyFacts, SudoersFacts
from garrison.facts.accounts.shadow import ShadowFacts
from garrison.facts.accounts.sudoers import AliasKind, DefaultsScope
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions

__all__ = [
    "AccountsFacts",
    "AliasKind",
    "DefaultsScope",
    "GroupEntry",
    "OwnerNames",
    "PasswdEntry",
    "PasswordPolicyFacts",
    "ShadowFacts",
    "SudoersFacts",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {
        AccountsFacts: gather_accounts,
        ShadowFacts: gather_shadow,
        SudoersFacts: gather_sudoers,
        PasswordPolicyFacts: gather_password_policy,
        OwnerNames: NeedsFacts(gather_owner_names),
    }
