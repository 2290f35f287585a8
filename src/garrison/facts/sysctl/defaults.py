"""Built-in values of the kernel parameters Garrison judges, for Debian 12's kernel (linux 6.1, bookworm).

A key absent from every sysctl.d file keeps the value the kernel starts with. Sources: net/ipv4/devinet.c
(`ipv4_devconf`, `ipv4_devconf_dflt`: redirects and send_redirects on; source routing on for `default`,
off for `all`), net/ipv6/addrconf.c (`ipv6_devconf`: accept_redirects 1, accept_source_route 0, forwarding
0), net/ipv4/sysctl_net_ipv4.c and tcp_ipv4.c (syncookies 1, synack_retries 5, max_syn_backlog =
max(128, established-hash size / 128), which depends on RAM), mm/util.c / fs/exec.c (randomize_va_space 2,
suid_dumpable 0) and Debian's `yama-disable-by-default.patch` (kernel.yama.ptrace_scope 0 instead of
upstream's 1).

Kernel self-protection keys, from Debian 12's config (linux-headers-6.1.0-*-amd64 `.config`) and patches:
CONFIG_BPF_UNPRIV_DEFAULT_OFF=y (kernel.unprivileged_bpf_disabled 2), net.core.bpf_jit_harden 0
(net/core/filter.c), kernel.kptr_restrict 0 (lib/vsprintf.c), CONFIG_SECURITY_DMESG_RESTRICT=y
(kernel.dmesg_restrict 1), Debian's perf-paranoid patch with CONFIG_SECURITY_PERF_EVENTS_RESTRICT=y
(kernel.perf_event_paranoid 3; upstream 2), CONFIG_LDISC_AUTOLOAD=y (dev.tty.ldisc_autoload 1),
net.ipv4.conf.*.route_localnet 0 (devinet.c), fs.protected_fifos and fs.protected_regular 0 (fs/namei.c)
and Debian's `fs-enable-link-security-restrictions-by-default.patch` (fs.protected_hardlinks and
fs.protected_symlinks 1; upstream 0). Debian 13's linux 6.12 has the same configuration for these
(linux-headers-6.12.*-amd64 `.config`); its linux-sysctl-defaults package ships upstream's 50-default.conf,
which is parsed like any other file.

Config shipped in the root (procps's 99-protect-links.conf, systemd's 50-pid-max.conf, an upstream
50-default.conf if a distribution installs it) is real configuration: it is parsed, not listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from garrison.facts.sysctl.model import normalize_key

KERNEL_VERSION = "Debian 12/13 kernels, linux 6.1/6.12"

#: Dotted key -> built-in value; None means the built-in value depends on the machine (not knowable offline).
_DEFAULTS: dict[str, str | None] = {
    "net.ipv4.conf.all.accept_source_route": "0",
    "net.ipv4.conf.default.accept_source_route": "1",
    "net.ipv6.conf.all.accept_source_route": "0",
    "net.ipv6.conf.default.accept_source_route": "0",
    "net.ipv4.conf.all.accept_redirects": "1",
    "net.ipv4.conf.default.accept_redirects": "1",
    "net.ipv6.conf.all.accept_redirects": "1",
    "net.ipv6.conf.default.accept_redirects": "1",
    "net.ipv4.conf.all.secure_redirects": "1",
    "net.ipv4.conf.default.secure_redirects": "1",
    "net.ipv4.conf.all.send_redirects": "1",
    "net.ipv4.conf.default.send_redirects": "1",
    "net.ipv4.conf.all.log_martians": "0",
    "net.ipv4.conf.default.log_martians": "0",
    "net.ipv4.conf.all.rp_filter": "0",
    "net.ipv4.conf.default.rp_filter": "0",
    "net.ipv4.ip_forward": "0",
    "net.ipv6.conf.all.forwarding": "0",
    "net.ipv6.conf.default.forwarding": "0",
    "net.ipv4.tcp_syncookies": "1",
    "net.ipv4.tcp_max_syn_backlog": None,
    "net.ipv4.tcp_synack_retries": "5",
    "net.ipv4.icmp_echo_ignore_broadcasts": "1",
    "net.ipv4.icmp_ignore_bogus_error_responses": "1",
    "kernel.randomize_va_space": "2",
    "kernel.yama.ptrace_scope": "0",
    "fs.suid_dumpable": "0",
    "kernel.unprivileged_bpf_disabled": "2",
    "net.core.bpf_jit_harden": "0",
    "kernel.kptr_restrict": "0",
    "kernel.dmesg_restrict": "1",
    "kernel.perf_event_paranoid": "3",
    "fs.protected_hardlinks": "1",
    "fs.protected_symlinks": "1",
    "fs.protected_fifos": "0",
    "fs.protected_regular": "0",
    "net.ipv4.conf.all.route_localnet": "0",
    "net.ipv4.conf.default.route_localnet": "0",
    "dev.tty.ldisc_autoload": "1",
}

KERNEL_DEFAULTS: Mapping[str, str | None] = MappingProxyType(
    {normalize_key(key): value for key, value in _DEFAULTS.items()}
)

#: The keys the hardening guides ask to set explicitly, with the value they ask for.
GUIDE_SETTINGS: tuple[tuple[str, str], ...] = (
    ("net.ipv4.conf.all.accept_source_route", "0"),
    ("net.ipv6.conf.all.accept_source_route", "0"),
    ("net.ipv4.conf.all.accept_redirects", "0"),
    ("net.ipv6.conf.all.accept_redirects", "0"),
    ("net.ipv4.conf.all.send_redirects", "0"),
    ("net.ipv4.conf.all.log_martians", "1"),
    ("net.ipv4.conf.all.rp_filter", "1"),
    ("net.ipv4.conf.default.rp_filter", "1"),
    ("net.ipv4.ip_forward", "0"),
    ("net.ipv4.tcp_syncookies", "1"),
    ("net.ipv4.tcp_max_syn_backlog", "2048"),
    ("net.ipv4.tcp_synack_retries", "2"),
    ("net.ipv4.icmp_echo_ignore_broadcasts", "1"),
    ("kernel.randomize_va_space", "2"),
    ("fs.suid_dumpable", "0"),
    ("kernel.yama.ptrace_scope", "1"),
)


def kernel_default(key: str) -> str | None:
    """The built-in value of `key` (any spelling), None when unknown or machine-dependent."""
    return KERNEL_DEFAULTS.get(normalize_key(key))


def known_keys() -> tuple[str, ...]:
    """Normalised keys whose runtime values the gatherer reads on a live host."""
    return tuple(KERNEL_DEFAULTS)
