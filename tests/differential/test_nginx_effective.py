"""Differential test: Garrison's view of an nginx configuration against the real nginx 1.22 of Debian 12.

1. `nginx -T -c <file>` dumps every file nginx read, in order: Garrison must read the same files in the same
   order (include globs, relative paths, nesting), and its spliced tree must hold, per file, exactly the
   directives crossplane's own parser finds in that file (nothing lost or duplicated by the splicing).
2. Configs nginx refuses (`nginx -t` fails) are refused by Garrison too: the first problem is at the file:line
   nginx names (its `[emerg] ... in <file>:<line>`), and what could be read is still judged; configs nginx
   accepts have no problem at all (no unknown directive, nothing in the wrong context).
3. Inheritance, live: nginx serves the config on 127.0.0.1 and the response headers of each request must be
   exactly the add_header set Garrison computes for the location that answers it (the add_header pitfall).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from garrison.facts.nginx.gather import load_nginx_at
from garrison.facts.nginx.model import NginxFacts, Scope
from garrison.facts.nginx.parse import Directive
from garrison.facts.nginx.releases import release_for
from garrison.rules.nginx.headers import headers
from garrison.targets.rootdir import RootDirTarget

pytestmark = pytest.mark.needs_nginx

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
HEAD = "events {}\nhttp {\n    access_log off;\n"

# name -> {relative file: text}; "nginx.conf" is the main file. "{d}" is the config directory.
CASES: dict[str, dict[str, str]] = {
    "single-file": {"nginx.conf": HEAD + "    server { listen 127.0.0.1:{port}; return 200; }\n}\n"},
    "debian-layout": {
        "nginx.conf": "user www-data;\nworker_processes auto;\ninclude {d}/modules-enabled/*.conf;\n"
        "events { worker_connections 768; }\nhttp {\n    access_log off;\n    include mime.types;\n"
        "    include {d}/conf.d/*.conf;\n    include {d}/sites-enabled/*;\n}\n",
        "mime.types": "types {\n    text/html html;\n    text/css css;\n}\n",
        "sites-enabled/default": "server {\n    listen 127.0.0.1:{port} default_server;\n"
        "    root /var/www/html;\n    index index.html;\n    server_name _;\n"
        "    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n",
    },
    "glob-order-and-empty-glob": {
        "nginx.conf": HEAD + "    include {d}/conf.d/*.conf;\n    include {d}/none.d/*.conf;\n}\n",
        "conf.d/20-b.conf": "server { listen 127.0.0.1:{port}; server_name b; }\n",
        "conf.d/10-a.conf": "map $uri $x {\n    default 0;\n    /a 1;\n}\n",
        "conf.d/30-c.conf": "upstream app {\n    server 127.0.0.1:9;\n}\n",
        "conf.d/ignored.txt": "this is not included\n",
    },
    "include-inside-server-and-location": {
        "nginx.conf": HEAD + "    include sites/*.conf;\n}\n",
        "sites/site.conf": "server {\n    listen 127.0.0.1:{port};\n    include snippets/headers.conf;\n"
        "    location /a/ {\n        include snippets/loc.conf;\n    }\n}\n",
        "snippets/headers.conf": 'add_header X-Frame-Options "DENY" always;\nadd_header X-A a;\n',
        "snippets/loc.conf": "return 200;\n",
    },
    "nested-includes": {
        "nginx.conf": HEAD + "    include one.conf;\n}\n",
        "one.conf": "include two.conf;\nserver_tokens off;\n",
        "two.conf": "include three/*.conf;\n",
        "three/x.conf": "server { listen 127.0.0.1:{port}; return 204; }\n",
    },
    "nested-locations-and-if": {
        "nginx.conf": HEAD
        + "    server {\n        listen 127.0.0.1:{port};\n        add_header X-Server s;\n"
        "        location / {\n            location /inner/ {\n                add_header X-Inner i;\n"
        "                return 200;\n            }\n            return 200;\n        }\n"
        "        location ~ \\.php$ {\n            if ($request_method = POST) {\n"
        "                return 405;\n            }\n            return 200;\n        }\n    }\n}\n",
    },
    "quotes-escapes-comments": {
        "nginx.conf": HEAD
        + "    # a comment { with braces }\n    server {\n        listen 127.0.0.1:{port};\n"
        "        add_header 'X-Q' \"a; b { c }\" always; # trailing\n"
        "        add_header X-E a\\;b;\n        return 200 'ok # not a comment';\n    }\n}\n",
    },
    "relative-include-from-subdir": {
        "nginx.conf": HEAD + "    include sub/site.conf;\n}\n",
        "sub/site.conf": "server {\n    listen 127.0.0.1:{port};\n    include snippets/s.conf;\n}\n",
        "snippets/s.conf": "return 200;\n",
    },
    "same-file-twice": {
        "nginx.conf": HEAD
        + "    server {\n        listen 127.0.0.1:{port};\n        location /a { include r.conf; }\n"
        "        location /b { include r.conf; }\n    }\n}\n",
        "r.conf": "return 200;\n",
    },
    "multiple-servers-tls-off": {
        "nginx.conf": HEAD
        + "    server_tokens off;\n    add_header X-Http h always;\n    include servers/*;\n}\n",
        "servers/a": "server {\n    listen 127.0.0.1:{port};\n    server_name a.example;\n"
        "    return 200;\n}\n",
        "servers/b": "server {\n    listen 127.0.0.1:{port};\n    server_name b.example;\n"
        "    add_header X-B b;\n    return 200;\n}\n",
    },
    "main-context-includes": {
        "nginx.conf": "include {d}/main.d/*.conf;\nevents {}\nhttp {\n    access_log off;\n"
        "    server { listen 127.0.0.1:{port}; return 200; }\n}\n",
        "main.d/workers.conf": "worker_processes 1;\n",
        "main.d/limits.conf": "worker_rlimit_nofile 4096;\n",
    },
}

# Configs nginx refuses to load: Garrison must refuse them too.
REFUSED: dict[str, dict[str, str]] = {
    "unbalanced": {"nginx.conf": HEAD + "    server {\n        listen 127.0.0.1:{port};\n}\n"},
    "missing-include": {"nginx.conf": HEAD + "    include {d}/missing.conf;\n}\n"},
    "unterminated-quote": {"nginx.conf": HEAD + '    add_header X-A "open;\n}\n'},
    "extra-close": {"nginx.conf": HEAD + "}\n}\n"},
    "unknown-directive": {"nginx.conf": HEAD + "    server_tokns off;\n}\n"},
    "wrong-context": {"nginx.conf": HEAD + "    listen 8080;\n}\n"},
    "argument-count": {"nginx.conf": HEAD + "    server_tokens;\n}\n"},
    "http2-directive-before-1.25.1": {
        "nginx.conf": HEAD + "    server { listen 127.0.0.1:{port}; http2 on; }\n}\n"
    },
    "module-directive-not-loaded": {"nginx.conf": HEAD + "    more_clear_headers Server;\n}\n"},
    "unknown-in-included-file": {
        "nginx.conf": HEAD + "    include {d}/conf.d/*.conf;\n}\n",
        "conf.d/a.conf": "server {\n    listen 127.0.0.1:{port};\n    ssl_protocol TLSv1.2;\n}\n",
    },
}

# name -> [(request path, host header, label of the level Garrison must pick)]
LIVE: dict[str, list[tuple[str, str, str]]] = {
    "nested-locations-and-if": [("/x", "t", "location /"), ("/inner/y", "t", "location /inner/")],
    "include-inside-server-and-location": [("/a/b", "t", "location /a/")],
    "multiple-servers-tls-off": [("/", "a.example", "server"), ("/", "b.example", "server")],
    "quotes-escapes-comments": [("/", "t", "server")],
}
_STANDARD = {"server", "date", "content-type", "content-length", "connection", "location", "etag"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write(base: Path, files: dict[str, str], port: int) -> Path:
    for rel, text in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{d}", str(base)).replace("{port}", str(port)))
    return base / "nginx.conf"


def _nginx(*args: str, base: Path) -> subprocess.CompletedProcess[str]:
    assert NGINX is not None
    argv = [NGINX, *args, "-e", "stderr", "-g", f"pid {base}/nginx.pid;"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


def _dump(text: str) -> list[str]:
    marker = "# configuration file "
    return [line[len(marker) : -1] for line in text.splitlines() if line.startswith(marker)]


def _flatten(directives: tuple[Directive, ...]) -> list[tuple[str, str, tuple[str, ...], int | None]]:
    out = []
    for item in directives:
        out.append((item.location.path, item.name, item.args, item.location.line))
        if item.block is not None:
            out.extend(_flatten(item.block))
    return out


def _crossplane_directives(path: str) -> list[tuple[str, str, tuple[str, ...], int | None]]:
    import crossplane

    payload = crossplane.parse(path, single=True, comments=False, check_ctx=False, check_args=False)

    def walk(block: list[dict[str, object]]) -> list[tuple[str, str, tuple[str, ...], int | None]]:
        out = []
        for stmt in block:
            if stmt["directive"] != "include":
                out.append((path, str(stmt["directive"]), tuple(stmt["args"]), stmt["line"]))  # type: ignore[arg-type]
            if "block" in stmt:
                out.extend(walk(stmt["block"]))  # type: ignore[arg-type]
        return out

    return walk(payload["config"][0]["parsed"])


@pytest.fixture(autouse=True)
def _need_nginx() -> None:
    if NGINX is None:
        pytest.skip("needs the nginx binary (Debian package nginx)")


@pytest.mark.parametrize("name", sorted(CASES))
def test_files_and_directives_match_nginx_dump(name: str, tmp_path: Path) -> None:
    conf = _write(tmp_path, CASES[name], _free_port())
    done = _nginx("-T", "-c", str(conf), base=tmp_path)
    assert done.returncode == 0, done.stderr
    nginx_files = _dump(done.stdout)
    facts = load_nginx_at(RootDirTarget("/"), str(conf))
    assert list(facts.files) == nginx_files
    ours = sorted(_flatten(facts.main), key=repr)
    theirs = sorted((d for f in nginx_files for d in _crossplane_directives(f)), key=repr)
    # a file included twice appears twice in Garrison's tree (nginx applies it twice), once in the dump
    assert sorted(set(ours), key=repr) == sorted(set(theirs), key=repr)


_EMERG = re.compile(r"\[emerg\] .* in (/\S+):(\d+)$", re.MULTILINE)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_configs_nginx_refuses_are_refused(name: str, tmp_path: Path) -> None:
    conf = _write(tmp_path, REFUSED[name], _free_port())
    done = _nginx("-t", "-c", str(conf), base=tmp_path)
    assert done.returncode != 0
    facts = load_nginx_at(RootDirTarget("/"), str(conf), release_for(_installed()))
    assert facts.problems, name
    where = _EMERG.search(done.stderr)
    if where is not None:  # nginx names the line (a missing include: the include's line)
        first = facts.problems[0].location
        assert first.path == where.group(1), done.stderr
        if (
            "end of file" in done.stderr
        ):  # nginx counts the line past the last newline; Garrison the last line,
            assert first.line is not None and first.line <= int(where.group(2))  # or where the quote opens
        else:
            assert first.line == int(where.group(2)), done.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_configs_nginx_accepts_have_no_problem(name: str, tmp_path: Path) -> None:
    conf = _write(tmp_path, CASES[name], _free_port())
    assert _nginx("-t", "-c", str(conf), base=tmp_path).returncode == 0
    facts = load_nginx_at(RootDirTarget("/"), str(conf), release_for(_installed()))
    assert facts.problems == () and facts.unknown == ()


def _installed() -> tuple[int, ...]:
    done = _nginx("-v", base=Path("/tmp"))
    found = re.search(r"nginx/(\d+(?:\.\d+)*)", done.stderr)
    assert found is not None, done.stderr
    return tuple(int(n) for n in found.group(1).split("."))


def _level(facts: NginxFacts, host: str, label: str) -> Scope:
    for server in facts.servers():
        if host in server.names or not any(host in s.names for s in facts.servers()):
            if label == "server":
                return server.scope
            for level in server.scope.nested():
                if level.label() == label:
                    return level
    raise AssertionError(f"no {label} for {host}")


def _serve(conf: Path, base: Path) -> subprocess.Popen[bytes]:
    assert NGINX is not None
    argv = [
        NGINX,
        "-c",
        str(conf),
        "-e",
        "stderr",
        "-g",
        f"daemon off; master_process off; pid {base}/n.pid;",
    ]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("name", sorted(LIVE))
def test_live_response_headers_match_effective_add_header(name: str, tmp_path: Path) -> None:
    port = _free_port()
    conf = _write(tmp_path, CASES[name], port)
    facts = load_nginx_at(RootDirTarget("/"), str(conf))
    server = _serve(conf, tmp_path)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        for path, host, label in LIVE[name]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Host": host})
            response = conn.getresponse()
            got = {k.lower(): v for k, v in response.getheaders() if k.lower() not in _STANDARD}
            conn.close()
            want = {k: d.args[1] for k, d in headers(_level(facts, host, label)).items()}
            assert got == want, (path, host)
    finally:
        server.terminate()
        server.wait(timeout=10)
