"""Bounded time on hostile-but-plausible inputs (issue 7, class 7): huge or deeply nested configs are judged
as sound ones are, and fast.

Each test audits a generated root with one pack's rules under a time budget: a gatherer or rule that runs
past it ends in `error` ("gave up after N s"), and the whole audit must end within `TOTAL`, so a quadratic
path fails these tests instead of hanging them. The sizes are where the quadratic code took 40 s or more
and the linear code a second or two; `benchmarks/bench_hostile.py` times the full-size inputs of the issue.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from garrison.engine import run_audit, select_rules
from garrison.facts.prosody.luaconf import parse_prosody_config
from garrison.facts.prosody.model import LuaTable
from garrison.model import Finding
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

BUDGET = 5.0  # seconds per fact and per rule: the linear code needs a small fraction of it
TOTAL = 20.0  # seconds for the whole audit of one pack (the quadratic code took 40 s and more)


def _write(root: Path, path: str, text: str) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def _audit(root: Path, only: str) -> dict[str, Finding]:
    rules = select_rules(load_rules(), only=[only])
    start = time.monotonic()
    result = run_audit(RootDirTarget(str(root)), rules, budget=BUDGET)
    assert time.monotonic() - start < TOTAL
    return {finding.rule_id: finding for finding in result.findings}


def _statuses(findings: dict[str, Finding]) -> Counter[str]:
    return Counter(str(f.status) for f in findings.values())


def test_nginx_with_a_large_http_level_and_many_servers(tmp_path: Path) -> None:
    # every lookup from a server used to scan the http level's directives: servers x directives per rule
    zones = "".join(f"limit_req_zone $binary_remote_addr zone=z{i}:1m rate=10r/s;\n" for i in range(40_000))
    servers = "".join(
        f"server {{ listen {'443 ssl' if i % 10 == 0 else '80'}; server_name h{i}.example.org; "
        "location / { return 204; } }\n"
        for i in range(500)
    )
    conf = f"events {{}}\nhttp {{\nserver_tokens off;\n{zones}{servers}}}\n"
    _write(tmp_path, "/etc/nginx/nginx.conf", conf)
    found = _audit(tmp_path, "nginx.*")
    assert "error" not in _statuses(found), [f.message for f in found.values() if f.status == "error"]
    assert found["nginx.server-tokens-off"].status == "pass"
    redirect = found["nginx.http-to-https-redirect"]
    assert redirect.status == "fail" and "450 plain-HTTP servers" in redirect.message


def test_nginx_locations_nested_2000_deep_are_no_syntax_error(tmp_path: Path) -> None:
    depth = 2000
    nested = "location / {\n" * depth + "return 301 https://$host$request_uri;\n" + "}\n" * depth
    _write(
        tmp_path,
        "/etc/nginx/nginx.conf",
        "events {}\nhttp {\nserver { listen 443 ssl; server_name a.example.org; }\n"
        f"server {{ listen 80; server_name a.example.org;\n{nested}}}\n}}\n",
    )
    found = _audit(tmp_path, "nginx.*")
    assert "error" not in _statuses(found), [f.message for f in found.values() if f.status == "error"]
    # the redirect is found 2000 levels down, through `location /` blocks
    assert found["nginx.http-to-https-redirect"].status == "pass"


def test_prosody_with_thousands_of_virtual_hosts(tmp_path: Path) -> None:
    hosts = "".join(
        f'VirtualHost "h{i}.example.org"\n  enabled = {str(i % 7 > 0).lower()}\n' for i in range(5000)
    )
    _write(
        tmp_path,
        "/etc/prosody/prosody.cfg.lua",
        'admins = { }\nmodules_enabled = { "roster"; "saslauth"; "tls" }\nc2s_require_encryption = true\n'
        's2s_secure_auth = true\nauthentication = "internal_hashed"\n' + hosts,
    )
    found = _audit(tmp_path, "prosody.*")
    assert "error" not in _statuses(found), [f.message for f in found.values() if f.status == "error"]
    assert found["prosody.c2s-require-encryption"].status == "pass"
    assert found["prosody.admins"].status == "fail"


def test_prosody_nesting_lua_refuses_is_an_error_at_its_line(tmp_path: Path) -> None:
    depth = 20_000  # antlr's lookahead took minutes on this; Lua 5.4 refuses more than ~196 levels
    _write(
        tmp_path,
        "/etc/prosody/prosody.cfg.lua",
        f'admins = {{ }}\n\nlimit = {"(" * depth}1{")" * depth}\nVirtualHost "example.org"\n',
    )
    found = _audit(tmp_path, "prosody.*")
    finding = found["prosody.config-loads"]
    assert finding.status == "error" and "nesting deeper than 200 levels" in finding.message
    assert [(e.location.path, e.location.line) for e in finding.evidence] == [
        ("/etc/prosody/prosody.cfg.lua", 3)
    ]
    # what the rest of the file says is still judged, marked as read from a configuration Prosody refuses
    judged = found["prosody.c2s-require-encryption"]
    assert judged.status == "pass"
    assert "Prosody refuses to load (/etc/prosody/prosody.cfg.lua:3)" in judged.message
    assert _statuses(found)["error"] == 1


def test_prosody_nesting_lua_accepts_still_parses() -> None:
    # lua5.4 loads 196 levels; luaparser needs ~20 Python frames a level, more than the default limit
    text = "x = " + "{ " * 100 + '"deep"' + " }" * 100 + "\ny = " + "(" * 100 + "2" + ")" * 100 + "\n"
    parsed, issues = parse_prosody_config(text, "/etc/prosody/prosody.cfg.lua")
    assert parsed.syntax_error is None and issues == ()
    values = {s.name: s.value for s in parsed.statements}
    assert values["y"] == 2 and isinstance(values["x"], LuaTable)


def test_sudoers_with_thousands_of_aliases(tmp_path: Path) -> None:
    lines = ["Defaults env_reset", "root ALL=(ALL:ALL) ALL", "%sudo ALL=(ALL:ALL) ALL"]
    for i in range(0, 10_000, 2):
        lines.append(f"Cmnd_Alias SVC{i} = /usr/bin/systemctl restart app{i}, /usr/bin/journalctl -u app{i}")
        lines.append(f"user{i} ALL=(root) NOPASSWD: SVC{i}")
    _write(tmp_path, "/etc/sudoers", "\n".join(lines) + "\n")
    _write(tmp_path, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
    _write(tmp_path, "/etc/group", "root:x:0:\nsudo:x:27:\n")
    found = _audit(tmp_path, "accounts.sudo*")
    assert _statuses(found) == Counter({"pass": len(found)}), [f.message for f in found.values()]


def test_compose_file_too_large_for_the_yaml_parser_is_a_bounded_error(tmp_path: Path) -> None:
    services = "".join(
        f'  svc{i}:\n    image: app:1.0\n    ports:\n      - "127.0.0.1:{10000 + i}:80"\n'
        for i in range(15_000)
    )
    _write(tmp_path, "/srv/app/compose.yaml", "services:\n" + services)
    found = _audit(tmp_path, "docker.*")
    errors = [f for f in found.values() if f.status == "error"]
    assert errors and all(f.rule_id.startswith("docker.") for f in errors)
    cited = {(e.location.path, str(e.actual).split(" (")[0]) for f in errors for e in f.evidence}
    assert cited == {("/srv/app/compose.yaml", "YAML file too large to audit")}


def test_pg_hba_with_tens_of_thousands_of_records(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "/etc/postgresql/15/main/postgresql.conf",
        "data_directory = '/var/lib/postgresql/15/main'\nhba_file = '/etc/postgresql/15/main/pg_hba.conf'\n"
        "listen_addresses = 'localhost'\nssl = on\npassword_encryption = scram-sha-256\n",
    )
    records = "".join(
        f"hostssl db{i % 50} user{i} 10.{i >> 8 & 255}.{i & 255}.1/32 scram-sha-256\n" for i in range(20_000)
    )
    _write(tmp_path, "/etc/postgresql/15/main/pg_hba.conf", "local all postgres peer\n" + records)
    found = _audit(tmp_path, "postgresql.hba-*")
    assert _statuses(found) == Counter({"pass": len(found)}), [f.message for f in found.values()]


def test_sshd_with_thousands_of_match_blocks(tmp_path: Path) -> None:
    blocks = "".join(
        f"Match User user{i} Address 10.{i % 256}.{i >> 8}.0/24\n    X11Forwarding yes\n" for i in range(6000)
    )
    _write(tmp_path, "/etc/ssh/sshd_config", "PermitRootLogin no\nX11Forwarding no\n" + blocks)
    found = _audit(tmp_path, "ssh.*")
    assert "error" not in _statuses(found), [f.message for f in found.values() if f.status == "error"]
    x11 = found["ssh.x11-forwarding"]
    assert x11.status == "fail" and len(x11.evidence) > 1
