"""Every pack that takes an OpenSSL cipher string gives it the TLS policy's verdict (issue 8): the same list
in nginx `ssl_ciphers`, Prosody `ciphers`, ejabberd `c2s_ciphers`, PostgreSQL `ssl_ciphers` and Kamailio
`cipher_list` fails in every pack or in none, and exactly when `judge_cipher_list` finds a weak family or a
shortfall below Mozilla's intermediate list (CBC, SHA-1 MACs, no forward secrecy: issue 9).

Each pack's hardened pass case is copied and its cipher list replaced; only that pack's cipher rule runs."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from casekit import CASES_DIR, prepare_target
from cipherkit import CORPUS
from garrison.data.tls import judge_cipher_list
from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.store import FactStore
from garrison.model import Status
from garrison.rules.registry import find_rule

Writer = Callable[[Path, str], None]


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text()
    changed, count = re.subn(pattern, lambda _: replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{path}: {pattern} not found"
    path.write_text(changed)


def _nginx(root: Path, ciphers: str) -> None:
    site = root / "etc/nginx/sites-enabled/example.org"
    _edit(site, r"^    ssl_ciphers .*;$", f'    ssl_ciphers "{ciphers}";')


def _prosody(root: Path, ciphers: str) -> None:
    config = root / "etc/prosody/prosody.cfg.lua"
    config.write_text(config.read_text() + f'\nssl = {{\n\tciphers = "{ciphers}";\n}}\n')


def _ejabberd(root: Path, ciphers: str) -> None:
    _edit(root / "etc/ejabberd/ejabberd.yml", r"^c2s_ciphers: .*$", f'c2s_ciphers: "{ciphers}"')


def _postgresql(root: Path, ciphers: str) -> None:
    (root / "etc/postgresql/15/main/conf.d/30-tls.conf").write_text(f"ssl_ciphers = '{ciphers}'\n")


def _kamailio(root: Path, ciphers: str) -> None:
    config = root / "etc/kamailio/kamailio.cfg"
    pattern = r'^modparam\("tls", "config", .*\)$'
    _edit(
        config,
        pattern,
        f'modparam("tls", "config", "/etc/kamailio/tls.cfg")\nmodparam("tls", "cipher_list", "{ciphers}")',
    )


#: rule id -> (the case folder to start from, how to put a cipher list in it)
PACKS: dict[str, tuple[str, Writer]] = {
    "nginx.ssl-ciphers-weak": ("nginx.ssl-ciphers-weak/pass-hardened", _nginx),
    "prosody.tls-ciphers": ("prosody.tls-ciphers/pass-hardened", _prosody),
    "ejabberd.tls-ciphers": ("ejabberd.tls-ciphers/pass-hardened", _ejabberd),
    "postgresql.ssl-ciphers": ("postgresql.ssl-ciphers/pass-explicit-strong", _postgresql),
    "sip.kamailio-tls-ciphers": ("sip.kamailio-tls-ciphers/pass-default", _kamailio),
}


NGINX_FORWARD_SECRECY = "nginx.ssl-ciphers-forward-secrecy"


def _status(rule_id: str, ciphers: str, scratch: Path) -> Status:
    base, write = PACKS.get(rule_id) or PACKS["nginx.ssl-ciphers-weak"]
    case = scratch / "case"
    shutil.copytree(CASES_DIR / base, case)
    write(case / "root", ciphers)
    item = find_rule(rule_id)
    assert item is not None
    outcome = evaluate(item, FactStore(prepare_target(case, scratch / "target"), default_gatherers()))
    return outcome.status


@pytest.mark.parametrize("ciphers", [c for c in CORPUS if c and '"' not in c], ids=repr)
def test_every_pack_gives_the_policy_verdict(ciphers: str, tmp_path: Path) -> None:
    verdict = judge_cipher_list(ciphers)
    want = Status.FAIL if verdict.weak or verdict.shortfalls() else Status.PASS
    got = {}
    for index, rule_id in enumerate(PACKS):
        got[rule_id] = _status(rule_id, ciphers, tmp_path / str(index))
    # nginx judges forward secrecy in a rule of its own: the pack's verdict is both rules'
    forward = _status(NGINX_FORWARD_SECRECY, ciphers, tmp_path / "fs")
    if forward is Status.FAIL:
        got["nginx.ssl-ciphers-weak"] = Status.FAIL
    assert set(got.values()) == {want}, got
