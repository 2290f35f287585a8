"""kernelcfg facts: the kernel command line (boot loader configuration, /proc/cmdline), modprobe.d's
blacklist and install lines with the modules loaded now, and AppArmor's state and profile modes."""

from __future__ import annotations

from garrison.facts.kernelcfg.apparmor import (
    APPARMOR_D,
    AppArmorFacts,
    LiveProfile,
    Profile,
    gather_apparmor,
    parse_profile_headers,
)
from garrison.facts.kernelcfg.cmdline import (
    BootCmdline,
    CmdlineParam,
    gather_boot_cmdline,
    parse_default_grub,
)
from garrison.facts.kernelcfg.modprobe import (
    Command,
    ModprobeFacts,
    ModprobeLine,
    gather_modprobe,
    module_name,
    parse_modprobe_conf,
)
from garrison.facts.store import Gatherer
from garrison.options import AuditOptions

__all__ = [
    "APPARMOR_D",
    "AppArmorFacts",
    "BootCmdline",
    "CmdlineParam",
    "Command",
    "LiveProfile",
    "ModprobeFacts",
    "ModprobeLine",
    "Profile",
    "gather_apparmor",
    "gather_boot_cmdline",
    "gather_modprobe",
    "gatherers",
    "module_name",
    "parse_default_grub",
    "parse_modprobe_conf",
    "parse_profile_headers",
]


def gatherers(options: AuditOptions) -> dict[type, Gatherer]:
    return {BootCmdline: gather_boot_cmdline, ModprobeFacts: gather_modprobe, AppArmorFacts: gather_apparmor}
