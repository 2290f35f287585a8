"""Differential: nft 1.0.6 opens `include` files where Garrison looks for them, and refuses the same ones.

nft searches a relative name only in its include path (/etc by default), never beside the including file,
and opens `./x` / `../x` from its working directory (`/` for nftables.service). Each case is a small /etc
tree, bind-mounted over /etc inside a throw-away user, mount and network namespace (`unshare -rnm`: nothing
on the host changes); `nft -c -f /etc/nftables.conf` runs from `/`, and Garrison gathers the firewall facts
of the same tree: both accept it or both refuse it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from garrison.facts.firewall.gather import gather_firewall
from garrison.facts.store import FactError
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.needs_netfilter

TABLE = "table inet f {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n"
RULE = "add rule inet f input tcp dport 22 accept\n"

#: name -> files under /etc
CASES: dict[str, dict[str, str]] = {
    "relative-name-in-include-path": {
        "nftables.conf": TABLE + 'include "nftables.d/*.nft"\n',
        "nftables.d/ssh.nft": RULE,
    },
    "relative-name-beside-the-including-file": {
        "nftables.conf": TABLE + 'include "/etc/nftables.d/main.nft"\n',
        "nftables.d/main.nft": 'include "rules.nft"\n',
        "nftables.d/rules.nft": RULE,
    },
    "dot-slash-from-the-working-directory": {
        "nftables.conf": TABLE + 'include "./etc/nftables.d/rules.nft"\n',
        "nftables.d/rules.nft": RULE,
    },
    "dot-slash-beside-the-file": {
        "nftables.conf": TABLE + 'include "./rules.nft"\n',
        "rules.nft": RULE,
    },
    "dot-dot-slash": {
        "nftables.conf": TABLE + 'include "../etc/rules.nft"\n',
        "rules.nft": RULE,
    },
    "glob-matching-nothing": {"nftables.conf": TABLE + 'include "/etc/nftables.d/*.nft"\n'},
}


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    if not (shutil.which("nft") and shutil.which("unshare")):
        pytest.skip("needs nft and unshare")
    probe = subprocess.run(["unshare", "-rnm", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("unprivileged user/mount/network namespaces are not available")


def _nft_accepts(etc: Path) -> bool:
    script = f"mount --bind {etc} /etc && cd / && nft -c -f /etc/nftables.conf"
    done = subprocess.run(
        ["unshare", "-rnm", "sh", "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    return done.returncode == 0


@pytest.mark.parametrize("name", sorted(CASES))
def test_includes_are_opened_where_nft_opens_them(name: str, tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    for rel, text in CASES[name].items():
        (etc / rel).parent.mkdir(parents=True, exist_ok=True)
        (etc / rel).write_text(text)
    accepted = _nft_accepts(etc)
    try:
        gather_firewall(RootDirTarget(str(tmp_path)))
        mine = True
    except FactError:
        mine = False
    assert mine == accepted, f"nft {'accepts' if accepted else 'refuses'} {name}"
