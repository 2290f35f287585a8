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
from garrison.facts.accounts.passwd import (
    GROUP_PATH,
    PASSWD_PATH,
    AccountsFacts,
    GroupEntry,
    PasswdEntry,
    PasswdField,
)
from garrison.facts.accounts.policy import PasswordPolicyFacts, PolicyChoice, SudoersFacts
from garrison.facts.accounts.shadow import WEAK_SCHEMES, HashScheme, ShadowEntry, ShadowFacts
from garrison.facts.accounts.sudoers import AliasKind, DefaultsScope, SudoDefault, SudoUserSpec
from garrison.facts.store import Gatherer, NeedsFacts
from garrison.options import AuditOptions

__all__ = [
    "GROUP_PATH",
    "PASSWD_PATH",
    "WEAK_SCHEMES",
    "AccountsFacts",
    "AliasKind",
    "DefaultsScope",
    "GroupEntry",
    "HashScheme",
    "OwnerNames",
    "PasswdEntry",
    "PasswdField",
    "PasswordPolicyFacts",
    "PolicyChoice",
    "ShadowEntry",
    "ShadowFacts",
    "SudoDefault",
    "SudoUserSpec",
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
