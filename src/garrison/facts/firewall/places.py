"""Where the firewall pack looks on a host: saved rulesets, boot hooks, the tools' programs and the live
commands, and what its gatherer therefore declares it reads (`READS`, see `garrison.facts.reads`)."""

from __future__ import annotations

from garrison.facts.firewall.model import Family, PersistenceKind
from garrison.facts.firewall.nftlisting import NFT_LISTING_COMMAND
from garrison.facts.firewall.nftsyntax import INCLUDE_PATH, WORKING_DIRECTORY
from garrison.facts.firewall.persist import RESTORE_COMMANDS
from garrison.facts.firewall.ufw import CONF_PATH, DEFAULTS_PATH, RULE_FILES
from garrison.facts.reads import Follow, FollowKind, Reads

SAVED_FILES: tuple[tuple[str, Family, PersistenceKind], ...] = (
    ("/etc/iptables/rules.v4", Family.IPV4, PersistenceKind.IPTABLES_PERSISTENT),
    ("/etc/iptables/rules.v6", Family.IPV6, PersistenceKind.IPTABLES_PERSISTENT),
    ("/etc/sysconfig/iptables", Family.IPV4, PersistenceKind.IPTABLES_SERVICE),
    ("/etc/sysconfig/ip6tables", Family.IPV6, PersistenceKind.IPTABLES_SERVICE),
)
GUIDE_FILE = "/opt/iptables-rules"
NFT_CONF = "/etc/nftables.conf"
NFT_WANTS = tuple(
    f"/etc/systemd/system/{t}.target.wants/nftables.service" for t in ("multi-user", "sysinit", "basic")
)
TOOLS = (
    "iptables",
    "iptables-legacy",
    "iptables-nft",
    "xtables-nft-multi",
    "xtables-legacy-multi",
    "nft",
    "ufw",
)
ROOT_CRONTAB = "/var/spool/cron/crontabs/root"
#: The persisted rulesets a host with no firewall is told were looked for (iptables-persistent, RHEL's
#: iptables-services, the guide's file, nftables.service's script, ufw's switch and rules).
SEARCHED = (
    *(path for path, _, _ in SAVED_FILES),
    GUIDE_FILE,
    NFT_CONF,
    CONF_PATH,
    RULE_FILES[Family.IPV4][1],
)

READS = Reads(
    files=(
        *(path for path, _, _ in SAVED_FILES),
        GUIDE_FILE,
        NFT_CONF,
        *NFT_WANTS,
        ROOT_CRONTAB,
        "/etc/crontab",
        "/etc/rc.local",
        CONF_PATH,
        DEFAULTS_PATH,
        *(path for paths in RULE_FILES.values() for path in paths),
        *(f"{d}/{t}" for t in TOOLS for d in ("/usr/sbin", "/sbin")),
        "/proc/sys/net/ipv6/conf/all/disable_ipv6",
        "/proc/net/if_inet6",
        "/etc/sysctl.conf",
        "/etc/default/grub",
    ),
    globs=("/etc/cron.d/*", "/etc/network/if-pre-up.d/*", "/etc/sysctl.d/*.conf"),
    commands=(("iptables-save",), ("ip6tables-save",), ("nft", "-j", "list", "ruleset"), NFT_LISTING_COMMAND),
    follows=(
        # nftables.conf: relative names in the include path /etc, ./ and ../ ones from nftables.service's /
        Follow(FollowKind.INCLUDE, ("include",), bases=(INCLUDE_PATH, WORKING_DIRECTORY)),
        Follow(FollowKind.REFERENCE, RESTORE_COMMANDS),  # the file a boot script or @reboot restores
    ),
)
