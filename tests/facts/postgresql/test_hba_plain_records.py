"""pg_hba.conf records of plain words are read directly, the rest by pgtoolkit (issue 7, class 7: bounded
time): a record must read the same either way. Quoting each name (which PostgreSQL reads as the same name)
sends a record to pgtoolkit, so the plain and the quoted spelling must give the same entries and issues."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from garrison.facts.postgresql.hba import parse_pg_hba

NAMES = st.lists(
    st.sampled_from(["all", "db", "app_1", "replication", "sameuser", "@admins", "+grp"]),
    min_size=1,
    max_size=3,
)
FIELDS = st.sampled_from(
    ["127.0.0.1/32", "10.0.0.0/8", "::1/128", "0.0.0.0/0", "all", "samehost", "10.0.0.1", "255.0.0.0",
     "trust", "md5", "MD5", "peer", "scram-sha-256", "password", "ident", "reject", "bogus", "cert"]
)  # fmt: skip
RECORDS = st.tuples(
    st.sampled_from(["local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"]),
    NAMES,
    NAMES,
    st.lists(FIELDS, max_size=4),
)


def _line(conntype: str, databases: list[str], users: list[str], rest: list[str], quoted: bool) -> str:
    def names(items: list[str]) -> str:
        return ",".join(f'"{n}"' if quoted else n for n in items)

    return " ".join([conntype, names(databases), names(users), *rest])


@settings(max_examples=500, deadline=None)
@given(st.lists(RECORDS, min_size=1, max_size=6))
def test_plain_records_read_as_pgtoolkit_reads_them(
    records: list[tuple[str, list[str], list[str], list[str]]],
) -> None:
    plain = "\n".join(_line(*record, quoted=False) for record in records)
    quoted = "\n".join(_line(*record, quoted=True) for record in records)
    assert parse_pg_hba(plain, "/etc/postgresql/15/main/pg_hba.conf") == parse_pg_hba(
        quoted, "/etc/postgresql/15/main/pg_hba.conf"
    )


def test_a_plain_record_keeps_every_field() -> None:
    (entry,), issues = parse_pg_hba("hostssl db,app all 10.0.0.0 255.0.0.0 SCRAM-SHA-256\n", "/p")
    assert issues == ()
    assert (entry.conntype, entry.databases, entry.users) == ("hostssl", ("db", "app"), ("all",))
    assert (entry.address, entry.netmask, entry.method) == ("10.0.0.0", "255.0.0.0", "scram-sha-256")
