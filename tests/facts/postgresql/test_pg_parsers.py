"""postgresql.conf and pg_hba.conf parsers, include resolution, roles output, and secret hygiene."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.engine import run_audit
from garrison.facts.catalog import default_gatherers
from garrison.facts.postgresql import PostgresFacts
from garrison.facts.postgresql.conf import PgInclude, PgRefused, parse_postgresql_conf
from garrison.facts.postgresql.gather import parse_roles
from garrison.facts.postgresql.hba import parse_pg_hba
from garrison.facts.postgresql.model import pg_bool
from garrison.facts.store import FactStore
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget

CONF_WORDS = st.sampled_from(
    ["listen_addresses", "ssl", "include", "include_dir", "include_if_exists", "=", " ", "'", "''", "\\'",
     "#", "\n", "on", "off", "*", "5432", "1min", "4MB", "0777", "'conf.d'", "\t", "\r", "Port", "x.y2",
     "{{ a }}"]
)  # fmt: skip
HBA_WORDS = st.sampled_from(
    ["local", "host", "hostssl", "all", "replication", "postgres", '"', "#", " ", "\n", "127.0.0.1/32",
     "::1/128", "0.0.0.0", "255.255.255.255", "trust", "md5", "peer", "scram-sha-256", "map=x", "=", ",",
     "include", "\t"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(CONF_WORDS, max_size=50).map("".join))
def test_conf_parser_never_raises_on_conf_like_text(text: str) -> None:
    parsed, issues = parse_postgresql_conf(text, "/etc/postgresql/15/main/postgresql.conf")
    refused = [item for item in parsed.order if isinstance(item, PgRefused)]
    assert len(parsed.order) == len(parsed.settings) + len(parsed.includes) + len(refused)
    assert len(refused) <= len(issues)
    assert all(i.location.line for i in issues)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_conf_parser_never_raises_on_any_text(text: str) -> None:
    parse_postgresql_conf(text, "/p.conf")


@settings(max_examples=300, deadline=None)
@given(st.lists(HBA_WORDS, max_size=40).map("".join))
def test_hba_parser_never_raises_on_hba_like_text(text: str) -> None:
    entries, issues = parse_pg_hba(text, "/h.conf")
    assert all(e.location.line for e in entries) and all(i.location.line for i in issues)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_hba_parser_never_raises_on_any_text(text: str) -> None:
    parse_pg_hba(text, "/h.conf")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_roles_parser_never_raises(text: str) -> None:
    parse_roles(text)


def test_conf_values_quotes_units_and_case() -> None:
    parsed, issues = parse_postgresql_conf(
        "Listen_Addresses = 'localhost, 10.0.0.5'  # two\nport 5433\nssl=true\n"
        "log_line_prefix = '%m [%p] ''x'' '\n"
        "authentication_timeout = 1min\n#ssl = off\ninclude_dir 'conf.d'\n",
        "/p.conf",
    )
    assert not issues
    values = {s.name: (s.value, s.location.line) for s in parsed.settings}
    assert values == {
        "listen_addresses": ("localhost, 10.0.0.5", 1),
        "port": ("5433", 2),
        "ssl": ("on", 3),
        "log_line_prefix": ("%m [%p] 'x' ", 4),
        "authentication_timeout": ("60s", 5),
    }
    assert parsed.includes == (PgInclude("include_dir", "conf.d", parsed.includes[0].location),)


def test_conf_syntax_errors_have_lines() -> None:
    _, issues = parse_postgresql_conf("ssl = on\nssl_ciphers = 'HIGH\nbad line here\n= 3\n", "/p.conf")
    assert [i.location.line for i in issues] == [2, 3, 4]


def test_hba_records() -> None:
    entries, issues = parse_pg_hba(
        'local all postgres peer\nhost "my db",app all 10.0.0.0 255.0.0.0 md5 # office\n'
        "hostssl all all 0.0.0.0/0 cert clientcert=verify-full\nhost all all\ninclude extra.conf\n"
        "host all all ::1/128 secret\n",
        "/h.conf",
    )
    assert [(e.conntype, e.databases, e.address, e.netmask, e.method) for e in entries] == [
        ("local", ("all",), None, None, "peer"),
        ("host", ("my db", "app"), "10.0.0.0", "255.0.0.0", "md5"),
        ("hostssl", ("all",), "0.0.0.0/0", None, "cert"),
    ]
    assert entries[2].open_to_world and not entries[1].open_to_world and entries[0].loopback_only
    assert [i.location.line for i in issues] == [4, 5, 6]


def test_pg_bool_prefixes() -> None:
    assert pg_bool("on") and pg_bool("tr") and pg_bool("1") and pg_bool("YES")
    assert pg_bool("of") is False and pg_bool("o") is None and pg_bool("enabled") is None


def test_roles_output() -> None:
    roles = parse_roles("postgres|t|t|t\nejabberd|f|t|f\nbroken|x\n")
    assert [(r.name, r.superuser, r.createdb, r.replication) for r in roles] == [
        ("postgres", True, True, True),
        ("ejabberd", False, True, False),
    ]


def _root(tmp_path: Path, files: dict[str, str]) -> RootDirTarget:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return RootDirTarget(str(tmp_path))


def test_includes_resolve_in_server_order(tmp_path: Path) -> None:
    target = _root(
        tmp_path,
        {
            "etc/postgresql/15/main/postgresql.conf": "data_directory = '/var/lib/postgresql/15/main'\n"
            "port = 5432\ninclude_dir 'conf.d'\ninclude_if_exists 'absent.conf'\n"
            "include '/etc/pg-extra.conf'\n",
            "etc/postgresql/15/main/conf.d/20-b.conf": "port = 5434\n",
            "etc/postgresql/15/main/conf.d/10-a.conf": "port = 5433\nlisten_addresses = '*'\n",
            "etc/postgresql/15/main/conf.d/.hidden.conf": "port = 1\n",
            "etc/postgresql/15/main/conf.d/notes.txt": "port = 2\n",
            "etc/pg-extra.conf": "ssl = on\n",
            "var/lib/postgresql/15/main/pg_hba.conf": "local all all peer\n",
            "var/lib/postgresql/15/main/postgresql.auto.conf": "listen_addresses = 'localhost'\n",
        },
    )
    facts = FactStore(target, default_gatherers()).get(PostgresFacts)
    cluster = facts.clusters[0]
    assert not cluster.conf_issues and not cluster.hba_issues
    assert cluster.value("port") == "5434" and cluster.value("ssl") == "on"
    assert cluster.get("listen_addresses").location.path.endswith("postgresql.auto.conf")  # type: ignore[union-attr]
    assert cluster.hba_path == "/var/lib/postgresql/15/main/pg_hba.conf"
    assert [(x.address, x.port) for x in facts.listeners()] == [("localhost", 5434)]


def test_planted_secret_never_reaches_an_outcome(tmp_path: Path) -> None:
    target = _root(
        tmp_path,
        {
            "etc/postgresql/15/main/postgresql.conf": "hba_file = '/etc/postgresql/15/main/pg_hba.conf'\n"
            "listen_addresses = '*'\nssl = off\n"
            "primary_conninfo = 'host=10.0.0.2 user=replicator password=THE-SECRET'\n"
            "ssl_passphrase_command = 'echo THE-SECRET'\n",
            "etc/postgresql/15/main/pg_hba.conf": "host all all 0.0.0.0/0 password\nlocal all all trust\n"
            "host replication all 10.0.0.0/8 md5\n",
        },
    )
    rules = [r for r in load_rules() if r.domain == "postgresql"]
    result = run_audit(target, rules)
    assert {f.status for f in result.findings} >= {"fail"}
    for finding in result.findings:
        assert "THE-SECRET" not in finding.message
        assert all("THE-SECRET" not in str(e) for e in finding.evidence)


def test_unquoted_value_token_matches_guc_file_l_character_classes() -> None:
    """The ID/UNQUOTED_STRING token is written as the ASCII it leaves out; over every code point it takes the
    same characters as guc-file.l's ranges ([A-Za-z_\\x80-\\U0010ffff] first, then also 0-9 . _ : / -)."""
    import re

    from garrison.facts.postgresql.conf import _TOKENS

    first = re.compile(r"[A-Za-z_\x80-\U0010ffff]")
    later = re.compile(r"[A-Za-z0-9_\x80-\U0010ffff._:/-]")
    token = _TOKENS[0]
    for point in range(0x110000):
        char = chr(point)
        assert bool(token.fullmatch(char)) == bool(first.fullmatch(char)), hex(point)
        assert bool(token.fullmatch("a" + char)) == bool(later.fullmatch(char)), hex(point)
