"""Differential: unrendered template placeholders, undefined variables and missing separators in an nft script
are refused by Garrison exactly where the real `nft -c -f` (nftables 1.0.6, Debian 12) refuses them, at the
same line; and placeholders and match options whose match is not loaded in iptables-restore files where
`iptables-restore --test` refuses them.

A script deployed from a template can still hold `{{ ssh_port }}` (Jinja/Ansible), `${PORT}` (envsubst),
`@@PORT@@`, `%PORT%` or `<PORT>` where nft needs a port, address or name; `$NAME` with no `define` before it
is "unknown identifier". nft refuses the whole script; Garrison must report an issue at that file:line
(firewall rules then give `error`), and accept the same markers inside strings and comments, as nft does.
`nft -c -f` runs inside a throw-away user and network namespace (`unshare -rn`): nothing on the host changes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.firewall.nftables import parse_nftables_conf

pytestmark = pytest.mark.needs_netfilter

PATH = "/etc/nftables.conf"


def _script(rule: str, head: str = "") -> str:
    return (
        f"{head}table inet filter {{\n  chain input {{\n    type filter hook input priority 0; policy drop;\n"
        f"    {rule}\n  }}\n}}\n"
    )


#: name -> script; whether nft accepts it is asked of nft itself
SCRIPTS: dict[str, str] = {
    "jinja-port": _script("tcp dport {{ ssh_port }} accept"),
    "jinja-port-no-spaces": _script("tcp dport {{ssh_port}} accept"),
    "jinja-in-port-set": _script("tcp dport { 22, {{ web_port }} } accept"),
    "jinja-address": _script("ip saddr { {{ admin_net }}, 10.0.0.1 } accept"),
    "envsubst-port": _script("tcp dport ${PORT} accept"),
    "envsubst-address": _script("tcp dport 22 ip saddr ${ADMIN_IP} accept"),
    "at-markers": _script("ip saddr @@ADMIN@@ accept"),
    "percent-markers": _script("tcp dport %PORT% accept"),
    "angle-markers": _script("tcp dport <PORT> accept"),
    "jinja-in-define": _script("tcp dport $P accept", head="define P = {{ port }}\n"),
    "undefined-variable": _script("tcp dport $SSH_PORT accept"),
    "undefined-in-define": _script("tcp dport $B accept", head="define B = { $A, 443 }\n"),
    "defined-variable": _script("tcp dport $P accept", head="define P = { 22, 443 }\n"),
    "nested-define": _script("tcp dport $B accept", head="define A = { 22, 80 }\ndefine B = { $A, 443 }\n"),
    "placeholder-in-comment-string": _script('tcp dport 22 accept comment "{{ note }}"'),
    "placeholder-in-hash-comment": _script("tcp dport 22 accept # {{ ssh_port }}"),
    "placeholder-in-iifname-string": _script('iifname "{{ wan_if }}" accept'),
    "less-than-operator": _script("tcp dport < 1024 accept"),
    # nft's grammar ends a table's chain, set or map block with a newline or ';' (a one-line ruleset)
    "chain-and-table-closed-on-one-line": "table inet t { chain c { accept; } }\n",
    "set-and-table-closed-on-one-line": "table inet t { set s { type ipv4_addr; } }\n",
    "closed-with-semicolons": "table inet t { chain c { accept; }; }\n",
    "anonymous-set-then-brace": "table inet t {\n chain c {\n  tcp dport { 22, 80 } accept; }\n}\n",
    # command forms of sets, maps and elements are valid; after `flush ruleset` a jump or a set the script
    # never defines is refused (without the flush it may exist in the kernel already: not judged)
    "add-set-map-element-commands": "flush ruleset\nadd table inet t\n"
    "add chain inet t i { type filter hook input priority 0; policy drop; }\n"
    "add set inet t adm { type ipv4_addr; }\nadd element inet t adm { 192.0.2.1 }\n"
    "add rule inet t i ip saddr @adm tcp dport 22 accept\n"
    "add map inet t svc { type inet_service : verdict; }\n"
    "add element inet t svc { 80 : accept }\nadd rule inet t i tcp dport vmap @svc\n",
    "jump-to-undefined-chain": "flush ruleset\n" + _script("tcp dport 22 jump ssh_in"),
    "goto-undefined-chain": "flush ruleset\n" + _script("goto elsewhere"),
    "undefined-set": "flush ruleset\n" + _script("ip saddr @admins accept"),
    "undefined-verdict-map": "flush ruleset\n" + _script("tcp dport vmap @services"),
    "jump-to-chain-defined-later": "flush ruleset\n"
    + _script("tcp dport 22 jump ssh_in").replace("\n}\n", "\n  chain ssh_in {\n    accept\n  }\n}\n"),
    # verdict map keys that overlap are refused ("conflicting intervals specified", "File exists")
    "vmap-port-range-overlap": _script("tcp dport vmap { 1-100 : accept, 50 : drop }"),
    "vmap-duplicate-port": _script("tcp dport vmap { 22 : accept, 22 : drop }"),
    "vmap-prefix-overlap": _script("ip saddr vmap { 10.0.0.0/8 : accept, 10.1.0.0/16 : drop }"),
    "vmap-concat-overlap": _script(
        "ip saddr . tcp dport vmap { 10.0.0.0/8 . 22 : accept, 10.1.0.0/16 . 22 : drop }"
    ),
    "vmap-disjoint-keys": _script("ip saddr vmap { 10.0.0.0/8 : accept, 11.0.0.0/8 : drop }"),
    "anonymous-set-overlap-merges": _script("ip saddr { 10.0.0.0/8, 10.1.0.0/16 } accept"),
    "comment-before-the-verdict": _script('tcp dport 22 comment "ssh" accept'),
    "comment-first": _script('comment "ssh" tcp dport 22 accept'),
    "comment-last": _script('tcp dport 22 counter accept comment "ssh"'),
    "element-comment-in-a-set": _script('tcp dport { 22 comment "ssh", 80 } accept'),
    "set-defined-later": "flush ruleset\n"
    + _script("ip saddr @admins accept").replace("\n}\n", "\n  set admins { type ipv4_addr; }\n}\n"),
}
_ERROR_LINE = re.compile(r"^[^:\n]+:(\d+):\d+(?:-\d+)?: Error", re.MULTILINE)


@pytest.fixture(scope="module", autouse=True)
def _nft() -> None:
    if not (shutil.which("nft") and shutil.which("unshare")):
        pytest.skip("needs nft and unshare")
    probe = ["unshare", "-rn", "nft", "list", "ruleset"]
    if subprocess.run(probe, capture_output=True, check=False).returncode:
        pytest.skip("unprivileged user/network namespaces are not available")


def _nft_check(text: str, tmp_path: Path) -> tuple[bool, int | None]:
    """(nft accepts it, the first line it reports an error at)."""
    script = tmp_path / "nftables.conf"
    script.write_text(text)
    done = subprocess.run(
        ["unshare", "-rn", "nft", "-c", "-f", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    found = _ERROR_LINE.search(done.stderr)
    return done.returncode == 0, int(found.group(1)) if found else None


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_placeholders_are_refused_where_nft_refuses_them(name: str, tmp_path: Path) -> None:
    text = SCRIPTS[name]
    accepted, line = _nft_check(text, tmp_path)
    _, issues = parse_nftables_conf(text, PATH)
    if accepted:
        assert issues == (), f"nft accepts {name}, Garrison reports {issues}"
        return
    assert issues, f"nft refuses {name} (line {line}), Garrison sees no issue"
    assert issues[0].location.path == PATH
    if line is not None:
        assert line in {i.location.line for i in issues}, (line, issues)


def test_a_placeholder_makes_the_firewall_rules_an_error_at_its_line(tmp_path: Path) -> None:
    from garrison.facts.firewall.gather import gather_firewall
    from garrison.facts.store import FactError
    from garrison.targets.rootdir import RootDirTarget

    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/nftables.conf").write_text(SCRIPTS["jinja-port"])
    with pytest.raises(FactError) as caught:
        gather_firewall(RootDirTarget(str(tmp_path)))
    assert str(caught.value.location) == f"{PATH}:4"
    assert "ssh_port" in caught.value.message


#: The same class in iptables-restore files (iptables 1.8.9): a marker where a port or address is needed is
#: refused ("invalid port/service", "host/network ... not found"); in a comment or an interface name it is
#: not.
IPTABLES_RULES: dict[str, str] = {
    "jinja-port": "-p tcp --dport {{ ssh_port }} -j ACCEPT",
    "jinja-port-no-spaces": "-p tcp --dport {{ssh_port}} -j ACCEPT",
    "envsubst-source": "-s ${ADMIN_IP} -j ACCEPT",
    "at-markers-in-multiport": "-p tcp -m multiport --dports 80,@@PORT@@ -j ACCEPT",
    "percent-markers": "-p tcp --dport %PORT% -j ACCEPT",
    "jinja-in-comment": "-p tcp --dport 22 -m comment --comment {{x}} -j ACCEPT",
    "jinja-interface": "-i {{wan}} -j ACCEPT",
    "service-name": "-p tcp --dport ssh -j ACCEPT",
    # a match option whose match is not loaded is an unknown option to iptables-restore
    "dport-without-protocol": "--dport 22 -j ACCEPT",
    "dport-with-protocol-all": "-p all --dport 22 -j ACCEPT",
    "dport-with-implicit-tcp": "-p tcp --dport 22 -j ACCEPT",
    "dports-without-multiport": "-p tcp --dports 22,80 -j ACCEPT",
    "dports-with-multiport": "-p tcp -m multiport --dports 22,80 -j ACCEPT",
    "state-without-match": "--state NEW -j ACCEPT",
    "ctstate-with-state-match": "-m state --ctstate NEW -j ACCEPT",
    "ctstate-with-conntrack": "-m conntrack --ctstate NEW -j ACCEPT",
    "syn-with-udp": "-p udp --syn -j ACCEPT",
    "syn-with-tcp": "-p tcp --syn -j ACCEPT",
    "limit-without-match": "--limit 5/s -j ACCEPT",
    "target-option-after-the-target": "-p tcp --dport 22 -j REJECT --reject-with tcp-reset",
    "two-sources": "-s 10.0.0.0/8 -p tcp -s 192.168.0.0/16 -j ACCEPT",
    "negated-and-plain-source": "! -s 10.0.0.0/8 -s 10.1.0.0/16 -j ACCEPT",
    "two-protocols": "-p tcp -p udp -j ACCEPT",
    "source-and-destination": "-s 10.0.0.0/8 -d 10.0.0.1 -j ACCEPT",
}


@pytest.mark.parametrize("name", sorted(IPTABLES_RULES))
def test_iptables_placeholders_are_refused_like_iptables_restore(name: str) -> None:
    from garrison.facts.firewall.iptables import parse_iptables_save

    text = f"*filter\n:INPUT DROP [0:0]\n-A INPUT {IPTABLES_RULES[name]}\nCOMMIT\n"
    done = subprocess.run(
        ["unshare", "-rn", "iptables-restore", "--test"], input=text, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    _, issues = parse_iptables_save(text, "/etc/iptables/rules.v4")
    if done.returncode == 0:
        assert issues == (), (name, issues)
    else:
        assert [str(i.location) for i in issues] == ["/etc/iptables/rules.v4:3"], (name, done.stderr)
