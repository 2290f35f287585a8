"""Accounts facts: users and groups, shadow hash schemes, sudoers, login.defs and PAM password policy.

Each subject is its own fact type so a missing file only affects the rules that need it (an offline root
without /etc/shadow still gets the passwd-based rules).
"""

from __future__ import annotations

from garrison.facts.accounts.gather import gather_accounts
from garrison.facts.accounts.passwd import AccountsFacts, GroupEntry, PasswdEntry
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = ["AccountsFacts", "GroupEntry", "PasswdEntry", "gatherers"]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {
        AccountsFacts: gather_accounts,
    }
