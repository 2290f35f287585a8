"""Accounts facts: users and groups, shadow hash schemes, sudoers, login.defs and PAM password policy, every
PAM service file, root's PATH, the default umask, home directories, root's mail alias, and the names rules
use to show file owners (`OwnerNames`, never an error).

Each subject is its own fact type so a missing file only affects the rules that need it (an offline root
without /etc/shadow still gets the passwd-based rules).
"""

from __future__ import annotations

from garrison.facts.accounts.aliases import ALIASES_PATH, MailAlias, MailAliasesFacts
from garrison.facts.accounts.envgather import (
    gather_home_dirs,
    gather_mail_aliases,
    gather_root_path,
    gather_root_path_settings,
    gather_umask,
)
from garrison.facts.accounts.environment import (
    PathAssignment,
    RootPathFacts,
    RootPathSettings,
    UmaskChoice,
    UmaskFacts,
)
from garrison.facts.accounts.gather import (
    gather_accounts,
    gather_password_policy,
    gather_shadow,
    gather_sudoers,
)
from garrison.facts.accounts.homes import UID_MIN, HomeDir, HomeDirsFacts
from garrison.facts.accounts.names import OwnerNames, gather_owner_names
from garrison.facts.accounts.pam import PamLine
from garrison.facts.accounts.pamfiles import PamFacts, gather_pam
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
    "ALIASES_PATH",
    "GROUP_PATH",
    "PASSWD_PATH",
    "UID_MIN",
    "WEAK_SCHEMES",
    "AccountsFacts",
    "AliasKind",
    "DefaultsScope",
    "GroupEntry",
    "HashScheme",
    "HomeDir",
    "HomeDirsFacts",
    "MailAlias",
    "MailAliasesFacts",
    "OwnerNames",
    "PamFacts",
    "PamLine",
    "PasswdEntry",
    "PasswdField",
    "PasswordPolicyFacts",
    "PathAssignment",
    "PolicyChoice",
    "RootPathFacts",
    "ShadowEntry",
    "ShadowFacts",
    "SudoDefault",
    "SudoUserSpec",
    "SudoersFacts",
    "UmaskChoice",
    "UmaskFacts",
    "gatherers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {
        AccountsFacts: gather_accounts,
        ShadowFacts: gather_shadow,
        SudoersFacts: gather_sudoers,
        PasswordPolicyFacts: gather_password_policy,
        OwnerNames: NeedsFacts(gather_owner_names),
        PamFacts: gather_pam,
        RootPathSettings: gather_root_path_settings,
        RootPathFacts: NeedsFacts(gather_root_path),
        UmaskFacts: NeedsFacts(gather_umask),
        HomeDirsFacts: NeedsFacts(gather_home_dirs),
        MailAliasesFacts: gather_mail_aliases,
    }
