"""nginx parser and model: includes, inheritance, listeners, TLS file references, bad input, secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.engine import evaluate
from garrison.facts.catalog import default_gatherers
from garrison.facts.nginx import NginxFacts, value_at
from garrison.facts.nginx.gather import load_nginx_at
from garrison.facts.nginx.parse import FATAL, parse_nginx
from garrison.facts.nginx.releases import REFERENCE, release_for
from garrison.facts.store import FactError, FactStore, SubjectAbsent
from garrison.facts.tlsrefs import TlsFileRole
from garrison.model import Status
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget


def gather_nginx(target: RootDirTarget) -> NginxFacts:
    return load_nginx_at(target, "/etc/nginx/nginx.conf")


def write_tree(root: Path, files: dict[str, str | bytes]) -> RootDirTarget:
    for rel, content in files.items():
        path = root / rel.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return RootDirTarget(str(root))


MAIN = """events {}
http {
    add_header X-Frame-Options DENY always;
    ssl_protocols TLSv1.2;
    include conf.d/*.conf;
}
"""
SITE = """server {
    listen 127.0.0.1:8443 ssl;
    listen [::]:443 ssl;
    listen 80;
    server_name chat.example.org example.org;
    ssl_certificate certs/chain.pem;
    ssl_certificate_key /etc/ssl/private/site.key;
    location / {
        location /inner/ {
            add_header Cache-Control no-store;
        }
    }
}
server {
    server_name plain.example.org;
}
"""


def test_parse_tree_lines_and_quotes() -> None:
    parsed, issues = parse_nginx('http {\n  add_header "X-A" "a b" always; # note\n}\n', "/x.conf")
    assert not issues
    (http,) = parsed
    assert http.name == "http" and http.location.line == 1
    assert http.block is not None
    header = http.block[0]
    assert header.args == ("X-A", "a b", "always") and header.location.line == 2


def test_parse_unbalanced_is_fatal_issue_and_keeps_what_was_read() -> None:
    parsed, issues = parse_nginx("http {\n server_tokens off;\n server {\n listen 443 ssl;\n", "/x.conf")
    assert issues and issues[-1].message.startswith(FATAL)
    (http,) = parsed  # the open blocks are closed where the file ends
    assert http.block is not None and [d.name for d in http.block] == ["server_tokens", "server"]
    assert http.block[1].block is not None and http.block[1].block[0].args == ("443", "ssl")


def test_parse_context_complaint_is_not_fatal() -> None:
    _parsed, issues = parse_nginx("listen 80;\n", "/x.conf")
    assert issues and not issues[0].message.startswith(FATAL)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc {};#'\"\\$\n\t ;x{}include")), max_size=200))
def test_parse_never_raises_on_config_like_text(text: str) -> None:
    parse_nginx(text, "/etc/nginx/nginx.conf")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_on_any_text(text: str) -> None:
    parse_nginx(text, "/etc/nginx/nginx.conf")


def test_includes_inheritance_listeners_tls_files(tmp_path: Path) -> None:
    target = write_tree(tmp_path, {"/etc/nginx/nginx.conf": MAIN, "/etc/nginx/conf.d/site.conf": SITE})
    facts = gather_nginx(target)
    assert facts.files == ("/etc/nginx/nginx.conf", "/etc/nginx/conf.d/site.conf")
    tls, plain = facts.servers()
    assert tls.tls and not plain.tls
    assert tls.hostnames == ("chat.example.org", "example.org")
    # ssl_protocols inherited from http; the inner location's own add_header hides the http one
    assert tls.scope.effective("ssl_protocols")[0].location.path == "/etc/nginx/nginx.conf"
    outer, inner = list(tls.scope.nested())
    assert outer.effective("add_header")[0].args[0] == "X-Frame-Options"
    assert [d.args[0] for d in inner.effective("add_header")] == ["Cache-Control"]
    listeners = {(x.address, x.port, x.purpose) for x in facts.listeners()}
    assert listeners == {("127.0.0.1", 8443, "https"), ("[::]", 443, "https"), ("*", 80, "http")}
    refs = {(r.path, r.role, r.hostnames) for r in facts.tls_files()}
    assert ("/etc/nginx/certs/chain.pem", TlsFileRole.CERTIFICATE, tls.hostnames) in refs
    assert ("/etc/ssl/private/site.key", TlsFileRole.PRIVATE_KEY, tls.hostnames) in refs


def test_absent_nginx_is_subject_absent(tmp_path: Path) -> None:
    with pytest.raises(SubjectAbsent):
        gather_nginx(RootDirTarget(str(tmp_path)))


def test_unreadable_main_file_is_a_fact_error(tmp_path: Path) -> None:
    with pytest.raises(FactError) as caught:
        gather_nginx(write_tree(tmp_path, {"/etc/nginx/nginx.conf": b"http {\x00}\n"}))
    assert str(caught.value.location) == "/etc/nginx/nginx.conf"


@pytest.mark.parametrize(
    ("files", "where"),
    [
        ({"/etc/nginx/nginx.conf": "http {\n include /etc/nginx/x.conf;\n}\n"}, "/etc/nginx/nginx.conf:2"),
        (
            {"/etc/nginx/nginx.conf": "include a.conf;\n", "/etc/nginx/a.conf": "include nginx.conf;\n"},
            "/etc/nginx/a.conf:1",
        ),
        ({"/etc/nginx/nginx.conf": "http {\n server {\n}\n"}, "/etc/nginx/nginx.conf"),
        ({"/etc/nginx/nginx.conf": "http {\n server_tokns off;\n}\n"}, "/etc/nginx/nginx.conf:2"),
        ({"/etc/nginx/nginx.conf": "http {\n listen 80;\n}\n"}, "/etc/nginx/nginx.conf:2"),
    ],
)
def test_refused_files_are_problems_with_location(
    tmp_path: Path, files: dict[str, str | bytes], where: str
) -> None:
    facts = gather_nginx(write_tree(tmp_path, files))
    assert facts.problems
    assert str(facts.problems[0].location).startswith(where)
    assert facts.verdict_notes() and "nginx would refuse" in facts.verdict_notes()[0]


def test_missing_include_is_reported_once_and_the_main_file_still_decides(tmp_path: Path) -> None:
    conf = (
        "http {\n server_tokens off;\n include /etc/nginx/gone.conf;\n"
        " server {\n listen 443 ssl;\n include /etc/nginx/gone.conf;\n }\n}\n"
    )
    facts = gather_nginx(write_tree(tmp_path, {"/etc/nginx/nginx.conf": conf}))
    assert [str(p.location) for p in facts.problems] == ["/etc/nginx/nginx.conf:3"]
    (server,) = facts.servers()
    assert server.tls and server.scope.last("server_tokens") is not None


def test_unknown_directives_by_release_and_suggestion(tmp_path: Path) -> None:
    conf = "http {\n server {\n listen 443 ssl;\n http2 on;\n ssl_protocol TLSv1.2;\n }\n}\n"
    target = write_tree(tmp_path, {"/etc/nginx/nginx.conf": conf})
    old = load_nginx_at(target, "/etc/nginx/nginx.conf", release_for((1, 22, 1)))
    assert [(u.name, u.suggestion) for u in old.unknown] == [
        ("http2", None),
        ("ssl_protocol", "ssl_protocols"),
    ]
    new = load_nginx_at(target, "/etc/nginx/nginx.conf", release_for((1, 26, 3)))
    assert [u.name for u in new.unknown] == ["ssl_protocol"]


def test_installed_version_decides_the_release(tmp_path: Path) -> None:
    status = (
        "Package: nginx\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.26.3-3+deb13u1\n"
        "Description: x\n"
    )
    files = {"/etc/nginx/nginx.conf": "events {}\n", "/var/lib/dpkg/status": status}
    facts = FactStore(write_tree(tmp_path, files), default_gatherers()).get(NginxFacts)
    assert facts.release.numbers == (1, 26, 3) and facts.version_note is None
    bare = FactStore(
        write_tree(tmp_path / "b", {"/etc/nginx/nginx.conf": "events {}\n"}), default_gatherers()
    )
    unknown = bare.get(NginxFacts)
    assert unknown.release == REFERENCE and unknown.version_note


def test_include_stays_inside_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside.conf"
    outside.write_text("server_tokens on;\n")
    target = write_tree(tmp_path / "root", {"/etc/nginx/nginx.conf": f"http {{\n include {outside};\n}}\n"})
    facts = gather_nginx(target)  # the absolute path is looked up below the root, where it does not exist
    assert [str(p.location) for p in facts.problems] == ["/etc/nginx/nginx.conf:2"]
    http = facts.http()
    assert http is not None and not http.own("server_tokens")


SECRET = "THE-SECRET-7f3a9c"


def test_no_secret_in_any_nginx_outcome(tmp_path: Path) -> None:
    site = SITE.replace(
        "add_header Cache-Control no-store;",
        f'proxy_set_header Authorization "Bearer {SECRET}";\n'
        f'            add_header X-XSS-Protection "1; {SECRET}";\n'
        f"            proxy_pass http://user:{SECRET}@10.1.1.1/;",
    )
    target = write_tree(tmp_path, {"/etc/nginx/nginx.conf": MAIN, "/etc/nginx/conf.d/site.conf": site})
    store = FactStore(target, default_gatherers())
    rules = [r for r in load_rules() if r.domain == "nginx"]
    outcomes = [evaluate(r, store) for r in rules]
    assert any(o.status == Status.FAIL for o in outcomes)
    for outcome in outcomes:
        text = outcome.message + " ".join(f"{e.actual} {e.expected}" for e in outcome.evidence)
        assert SECRET not in text, outcome.message


def test_server_name_forms(tmp_path: Path) -> None:
    conf = MAIN.replace(
        "include conf.d/*.conf;", "server { listen 443 ssl; server_name .Example.org www.x.* ~^a _; }"
    )
    facts = gather_nginx(write_tree(tmp_path, {"/etc/nginx/nginx.conf": conf}))
    (server,) = facts.servers()
    assert server.hostnames == ("example.org", "*.example.org")


def test_absent_directive_is_cited_at_its_commented_out_line_in_its_block(tmp_path: Path) -> None:
    conf = (
        "events {}\nhttp {\n    # server_tokens off;\n    # a comment about gzip, not a directive\n"
        "    server {\n        listen 80;\n    }\n}\n"
        "mail {\n    # ssl_protocols TLSv1.2;\n}\n"
    )
    facts = gather_nginx(write_tree(tmp_path, {"/etc/nginx/nginx.conf": conf}))
    (server,) = facts.servers()
    tokens = value_at(server.scope, "server_tokens", ("on",))
    assert tokens.is_default and str(tokens.location) == "/etc/nginx/nginx.conf:3"
    assert "a" not in facts.commented  # prose is not a commented-out directive
    # the commented ssl_protocols sits in the mail block, outside the server's and http's blocks
    protocols = value_at(server.scope, "ssl_protocols", ("TLSv1.2",))
    assert str(protocols.location) == "/etc/nginx/nginx.conf"


def test_many_unknown_directives_stay_fast_and_bounded(tmp_path: Path) -> None:
    body = "".join(f"    unknown_directive_{n} on;\n" for n in range(20_000))
    facts = gather_nginx(write_tree(tmp_path, {"/etc/nginx/nginx.conf": f"http {{\n{body}}}\n"}))
    assert 0 < len(facts.unknown) <= 10_000
    assert facts.unknown[0].location.line == 2
