"""Garrison benchmark: whole-domain audits of hostile-but-plausible inputs (issue 7, class 7).

    python benchmarks/bench_hostile.py [--timeout S] [--json] [CASE ...]

Each case writes a minimal root holding one huge or deeply nested config, then times, in a fresh subprocess
capped at `--timeout` seconds (default 120), `run_audit(RootDirTarget(root), <that domain's rules>)` with
no time budget: gathering the facts and every rule of the pack. It prints wall and CPU seconds (or "> S s")
and the outcome statuses. Target: every case <= 2 s on a 2-core machine, or a bounded `error` citing
file:line. `PYTHONPATH=<other checkout>/src` times another version with the same inputs.
Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_AUDIT = r"""
import collections, inspect, json, sys, time
from garrison.engine import run_audit, select_rules
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
rules = select_rules(load_rules(), only=sys.argv[2].split(","))
unbounded = {"budget": None} if "budget" in inspect.signature(run_audit).parameters else {}
t, cpu = time.perf_counter(), time.process_time()
result = run_audit(RootDirTarget(sys.argv[1]), rules, **unbounded)
took, cpu = time.perf_counter() - t, time.process_time() - cpu
statuses = collections.Counter(str(f.status) for f in result.findings)
errors = sorted({f.message for f in result.findings if str(f.status) == "error"})
out = {"seconds": took, "cpu": cpu, "statuses": dict(sorted(statuses.items())), "errors": errors[:3]}
print(json.dumps(out))
"""


def _write(root: Path, path: str, text: str) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def nginx_servers(root: Path, count: int = 30_000) -> None:
    servers = []
    for i in range(count):
        if i % 10 == 0:
            listen = (
                "listen 443 ssl;\n    ssl_certificate /etc/ssl/certs/site.pem;\n"
                "    ssl_certificate_key /etc/ssl/private/site.key;\n    ssl_protocols TLSv1.2 TLSv1.3;"
            )
        else:
            listen = "listen 80;"
        servers.append(
            f"  server {{\n    {listen}\n    server_name h{i}.example.org;\n    root /srv/www/h{i};\n"
            f"    add_header X-Frame-Options DENY;\n    location / {{ try_files $uri =404; }}\n  }}\n"
        )
    body = "".join(servers)
    _write(root, "/etc/nginx/nginx.conf", f"events {{}}\nhttp {{\n  server_tokens off;\n{body}}}\n")


def nginx_nested(root: Path, depth: int = 2_000) -> None:
    _write(root, "/etc/nginx/nginx.conf", nested_locations(depth))


def nested_locations(depth: int) -> str:
    """A server with `depth` nested `location /l` blocks: `nginx -t` accepts 2,000 (and 10,000) of them."""
    return (
        "events {}\nhttp {\n  server {\n    listen 80;\n    server_name deep.example.org;\n"
        f"{'location /l {' * depth}\nreturn 204;\n{'}' * depth}\n  }}\n}}\n"
    )


def prosody_hosts(root: Path, count: int = 17_000) -> None:
    hosts = "".join(
        f'VirtualHost "h{i}.example.org"\n  enabled = {"true" if i % 7 else "false"}\n' for i in range(count)
    )
    _write(
        root,
        "/etc/prosody/prosody.cfg.lua",
        'admins = { }\nmodules_enabled = { "roster"; "saslauth"; "tls"; "disco" }\n'
        'c2s_require_encryption = true\ns2s_secure_auth = true\nauthentication = "internal_hashed"\n' + hosts,
    )


def prosody_parens(root: Path, depth: int = 100_000) -> None:
    _write(
        root,
        "/etc/prosody/prosody.cfg.lua",
        f"admins = {{ }}\nc2s_require_encryption = true\nlimit = {'(' * depth}1{')' * depth}\n"
        'VirtualHost "example.org"\n',
    )


def sudoers_lines(root: Path, count: int = 100_000) -> None:
    lines = ["Defaults env_reset", "Defaults use_pty", "root ALL=(ALL:ALL) ALL", "%sudo ALL=(ALL:ALL) ALL"]
    for i in range(count - len(lines)):
        kind = i % 4
        if kind == 0:
            lines.append(f"User_Alias OPS{i} = user{i}, user{i + 1}")
        elif kind == 1:
            lines.append(
                f"Cmnd_Alias SVC{i} = /usr/bin/systemctl restart app{i}, /usr/bin/journalctl -u app{i}"
            )
        elif kind == 2:
            lines.append(f"OPS{i - 2} ALL=(root) SVC{i - 1}")
        else:
            lines.append(f"user{i} host{i % 50} = (www-data) NOPASSWD: /usr/bin/tail -f /var/log/app{i}.log")
    _write(root, "/etc/sudoers", "\n".join(lines) + "\n")
    _write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
    _write(root, "/etc/group", "root:x:0:\nsudo:x:27:\n")


def compose_services(root: Path, count: int = 30_000) -> None:
    services = "".join(
        f"  svc{i}:\n    image: registry.example.org/app:{i % 10}.0\n    restart: unless-stopped\n"
        f'    ports:\n      - "127.0.0.1:{10_000 + i % 50_000}:80"\n'
        f'    environment:\n      APP_ID: "{i}"\n'
        for i in range(count)
    )
    _write(root, "/srv/app/compose.yaml", "services:\n" + services)


def pg_hba_lines(root: Path, count: int = 100_000) -> None:
    conf = (
        "data_directory = '/var/lib/postgresql/15/main'\n"
        "hba_file = '/etc/postgresql/15/main/pg_hba.conf'\n"
        "listen_addresses = 'localhost'\nport = 5432\nssl = on\npassword_encryption = scram-sha-256\n"
    )
    _write(root, "/etc/postgresql/15/main/postgresql.conf", conf)
    lines = ["local all postgres peer", "local all all peer"]
    for i in range(count - len(lines)):
        net = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}/32"
        lines.append(f"hostssl db{i % 500} user{i} {net} scram-sha-256")
    _write(root, "/etc/postgresql/15/main/pg_hba.conf", "\n".join(lines) + "\n")


def sshd_matches(root: Path, count: int = 33_000) -> None:
    lines = ["PermitRootLogin no", "PasswordAuthentication no", "X11Forwarding no"]
    for i in range(count):
        lines += [
            f"Match User user{i} Address 10.{i % 256}.{(i >> 8) % 256}.0/24",
            "    PasswordAuthentication no",
            "    AllowTcpForwarding no",
        ]
    _write(root, "/etc/ssh/sshd_config", "\n".join(lines) + "\n")


CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "nginx-30k-servers": (nginx_servers, "nginx.*", "nginx.conf, 30,000 server blocks"),
    "nginx-2k-nested": (nginx_nested, "nginx.*", "nginx.conf, 2,000 nested locations"),
    "prosody-17k-hosts": (prosody_hosts, "prosody.*", "prosody.cfg.lua, 17,000 VirtualHosts"),
    "prosody-100k-parens": (prosody_parens, "prosody.*", "prosody.cfg.lua, 100,000 nested parentheses"),
    "sudoers-100k-lines": (sudoers_lines, "accounts.sudo*", "/etc/sudoers, 100,000 lines"),
    "compose-30k-services": (compose_services, "docker.*", "/srv/app/compose.yaml, 30,000 services"),
    "pg-hba-100k-lines": (pg_hba_lines, "postgresql.*", "pg_hba.conf, 100,000 lines"),
    "sshd-33k-matches": (sshd_matches, "ssh.*", "sshd_config, 33,000 Match blocks"),
}


def run_case(name: str, base: Path, timeout: float) -> dict[str, object]:
    build, only, _ = CASES[name]
    root = base / name
    root.mkdir()
    build(root)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _AUDIT, str(root), only],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "statuses": {}, "errors": [], "wall": time.perf_counter() - start}
    if done.returncode != 0:
        return {"seconds": None, "statuses": {}, "errors": [done.stderr.strip()[-300:]], "crashed": True}
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("cases", nargs="*", metavar="CASE", help=", ".join(CASES))
    args = parser.parse_args()
    unknown = [name for name in args.cases if name not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; choose from {', '.join(CASES)}")
    names = args.cases or list(CASES)
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="garrison-hostile-") as tmp:
        for name in names:
            results[name] = run_case(name, Path(tmp), args.timeout)
            if not args.json:
                print(_row(name, results[name], args.timeout), flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def _row(name: str, data: dict[str, object], timeout: float) -> str:
    seconds = data["seconds"]
    if data.get("crashed"):
        took = "crashed"
    else:
        cpu = data.get("cpu")
        took = f"> {timeout:.0f} s" if not isinstance(seconds, float) else f"{seconds:.2f} s"
        took += f" (cpu {cpu:.2f} s)" if isinstance(cpu, float) else ""
    statuses = data["statuses"]
    shown = ", ".join(f"{k} {v}" for k, v in statuses.items()) if isinstance(statuses, dict) else ""
    errors = data.get("errors") or []
    first = f"  [{str(errors[0])[:90]}]" if isinstance(errors, list) and errors else ""
    return f"{name:<21} {took:>22}  {shown}{first}"


if __name__ == "__main__":
    raise SystemExit(main())
