"""Debian 12's real PostgreSQL 15 cluster configuration, built the way pg_createcluster builds it.

postgresql-15 ships postgresql.conf.sample and pg_hba.conf.sample; initdb fills in the auth placeholders (peer
for local, scram-sha-256 for host since 14), pg_createcluster moves both to /etc/postgresql/15/main, adds the
superuser line to pg_hba.conf and sets data_directory, hba_file, ident_file, ssl (snakeoil), external_pid_file
and createcluster.conf's settings (cluster_name, log_line_prefix, include_dir 'conf.d') with PgCommon's
set_conffile_value: replace the live line, else the commented one, else append.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from garrison.engine import run_audit
from garrison.facts.catalog import default_gatherers
from garrison.facts.postgresql import PostgresFacts
from garrison.facts.postgresql.releases import RELEASES
from garrison.facts.store import FactStore
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from realworld.debs import extract_packages

pytestmark = pytest.mark.realworld

CONF_DIR = "etc/postgresql/15/main"


def _quote(value: str) -> str:
    if re.fullmatch(r"-?[\d.]+", value) or re.fullmatch(r"\w+", value):
        return value
    return "'" + value.replace("'", "''") + "'"


def set_conffile_value(path: Path, key: str, value: str) -> None:
    """A port of postgresql-common's PgCommon::set_conffile_value."""
    lines = path.read_text().splitlines(keepends=True)
    quoted = _quote(value)
    live = [
        re.compile(rf"^\s*({key})(\s*(?:=|\s)\s*)\w+\b((?:\s*#.*)?)", re.I),
        re.compile(rf"^\s*({key})(\s*(?:=|\s)\s*)'[^']*'((?:\s*#.*)?)", re.I),
    ]
    commented = [
        re.compile(rf"^\s*#\s*({key})(\s*(?:=|\s)\s*)\w+\b((?:\s*#.*)?)$", re.I),
        re.compile(rf"^\s*#\s*({key})(\s*(?:=|\s)\s*)'[^']*'((?:\s*#.*)?)$", re.I),
    ]
    for patterns in (live, commented):
        for index, line in enumerate(lines):
            for pattern in patterns:
                match = pattern.match(line.rstrip("\n"))
                if match:
                    lines[index] = f"{match.group(1)}{match.group(2)}{quoted}{match.group(3)}\n"
                    path.write_text("".join(lines))
                    return
    lines.append(f"{key} = {quoted}\n")
    path.write_text("".join(lines))


def build_cluster(tmp_path: Path, version: str = "15", suite: str | None = None) -> Path:
    """The cluster `version`/main as pg_createcluster builds it from that release's package (of `suite`)."""
    pkgs = extract_packages([f"postgresql-{version}", "postgresql-common"], tmp_path / "pkgs", suite)
    root = tmp_path / "root"
    conf_dir = root / CONF_DIR.replace("15", version)
    (conf_dir / "conf.d").mkdir(parents=True)
    share = pkgs / f"usr/share/postgresql/{version}"
    (conf_dir / "postgresql.conf").write_text((share / "postgresql.conf.sample").read_text())
    hba = (share / "pg_hba.conf.sample").read_text()
    hba = hba.replace("@remove-line-for-nolocal@", "").replace("@authmethodlocal@", "peer")
    hba = hba.replace("@authmethodhost@", "scram-sha-256").replace("@authcomment@", "")
    lines = hba.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if re.match(r"#.*TYPE\s+DATABASE", line))
    superuser = "\n# Database administrative login by Unix domain socket\n" + (
        f"{'local':<7} {'all':<15} {'postgres':<39} peer\n"
    )
    lines[at:at] = [superuser, "\n"]
    (conf_dir / "pg_hba.conf").write_text("".join(lines))
    conf = conf_dir / "postgresql.conf"
    for key, value in (
        ("hba_file", f"/etc/postgresql/{version}/main/pg_hba.conf"),
        ("ident_file", f"/etc/postgresql/{version}/main/pg_ident.conf"),
        ("data_directory", f"/var/lib/postgresql/{version}/main"),
        ("ssl_cert_file", "/etc/ssl/certs/ssl-cert-snakeoil.pem"),
        ("ssl_key_file", "/etc/ssl/private/ssl-cert-snakeoil.key"),
        ("ssl", "on"),
        ("external_pid_file", f"/var/run/postgresql/{version}-main.pid"),
        ("cluster_name", f"{version}/main"),
        ("log_line_prefix", "%m [%p] %q%u@%d "),
        ("include_dir", "conf.d"),
    ):
        set_conffile_value(conf, key, value)
    (conf_dir / "postgresql.conf").chmod(0o644)
    (conf_dir / "pg_hba.conf").chmod(0o640)
    (root / f"var/lib/postgresql/{version}/main").mkdir(parents=True)
    return root


def audit(root: Path) -> dict[str, str]:
    rules = [r for r in load_rules() if r.domain == "postgresql"]
    result = run_audit(RootDirTarget(str(root)), rules)
    return {f.rule_id: str(f.status) for f in result.findings}


def test_debian_cluster_defaults(tmp_path: Path) -> None:
    root = build_cluster(tmp_path)
    facts = FactStore(RootDirTarget(str(root)), default_gatherers()).get(PostgresFacts)
    cluster = facts.clusters[0]
    assert cluster.label == "15/main" and not cluster.conf_issues and not cluster.hba_issues
    assert cluster.value("ssl") == "on" and cluster.value("listen_addresses") == "localhost"
    assert [(x.address, x.port) for x in facts.listeners()] == [("localhost", 5432)]
    assert {t.path for t in facts.tls_files()} == {
        "/etc/ssl/certs/ssl-cert-snakeoil.pem",
        "/etc/ssl/private/ssl-cert-snakeoil.key",
    }
    statuses = audit(root)
    failing = {rule for rule, status in statuses.items() if status == "fail"}
    assert failing == {
        "postgresql.listen-addresses-explicit",  # only the commented default in the sample
        "postgresql.log-connections",
        "postgresql.log-disconnections",
        "postgresql.hba-replication",  # the template's local/host replication lines
        "postgresql.ssl-ciphers",  # the compiled HIGH:MEDIUM:+3DES:!aNULL keeps CBC, SHA-1, static-RSA suites
    }
    for rule_id in ("role-superuser", "role-createdb", "role-replication"):
        assert statuses[f"postgresql.{rule_id}"] == "unknown"  # offline: roles live in the database
    assert statuses["postgresql.hba-trust"] == "pass"
    assert statuses["postgresql.password-encryption"] == "pass"


def test_weakened_debian_cluster(tmp_path: Path) -> None:
    root = build_cluster(tmp_path)
    conf_dir = root / CONF_DIR
    (conf_dir / "conf.d/10-remote.conf").write_text(
        "listen_addresses = '*'\npassword_encryption = md5\nssl_min_protocol_version = 'TLSv1'\n"
        "ssl_ciphers = 'ALL:RC4'\nlog_connections = on\nlog_disconnections = on\n"
    )
    with (conf_dir / "pg_hba.conf").open("a") as handle:
        handle.write("host    all             all             10.0.0.0/8              trust\n")
        handle.write("host    all             all             192.168.0.0/16          password\n")
        handle.write("host    all             all             172.16.0.0/12           ident\n")
        handle.write(
            "host    all             all             0.0.0.0/0               md5\n"
        )  # last: shadows none
    (conf_dir / "pg_hba.conf").chmod(0o644)
    statuses = audit(root)
    failing = {rule for rule, status in statuses.items() if status == "fail"}
    assert failing == {
        "postgresql.listen-addresses",
        "postgresql.password-encryption",
        "postgresql.ssl-min-protocol-version",
        "postgresql.ssl-ciphers",
        "postgresql.hba-md5",
        "postgresql.hba-trust",
        "postgresql.hba-password-plain",
        "postgresql.hba-ident",
        "postgresql.hba-open-to-world",
        "postgresql.hba-hostssl",
        "postgresql.hba-replication",
        "postgresql.config-permissions",
    }


_SAMPLE_NAME = re.compile(r"^#?([a-z_]+) = ", re.MULTILINE)


@pytest.mark.parametrize(("version", "suite"), [("15", None), ("17", "trixie")])
def test_sample_names_are_known_to_the_release_table(tmp_path: Path, version: str, suite: str | None) -> None:
    """Every setting postgresql.conf.sample names (set or commented out) is one the release table knows."""
    pkgs = extract_packages([f"postgresql-{version}"], tmp_path / "pkgs", suite)
    sample = (pkgs / f"usr/share/postgresql/{version}/postgresql.conf.sample").read_text()
    names = set(_SAMPLE_NAME.findall(sample)) - {"include", "include_dir", "include_if_exists"}
    assert len(names) > 200
    assert names <= RELEASES[int(version)].names, sorted(names - RELEASES[int(version)].names)


def test_debian13_cluster_defaults(tmp_path: Path) -> None:
    """Debian 13's PostgreSQL 17 cluster: the same findings as Debian 12's, and its names are all known."""
    root = build_cluster(tmp_path, "17", "trixie")
    facts = FactStore(RootDirTarget(str(root)), default_gatherers()).get(PostgresFacts)
    cluster = facts.clusters[0]
    assert cluster.label == "17/main" and not cluster.refusals(with_hba=True) and not cluster.version_note
    statuses = audit(root)
    failing = {rule for rule, status in statuses.items() if status == "fail"}
    assert failing == {
        "postgresql.listen-addresses-explicit",
        "postgresql.log-connections",
        "postgresql.log-disconnections",
        "postgresql.hba-replication",
        "postgresql.ssl-ciphers",
    }
    assert statuses["postgresql.config-valid"] == "pass"
    (root / "etc/postgresql/17/main/conf.d/10-old.conf").write_text("old_snapshot_threshold = 60\n")
    assert audit(root)["postgresql.config-valid"] == "fail"  # removed in 17: the server refuses the file
