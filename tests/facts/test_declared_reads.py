"""Gatherers read only what they declare (issue 8, `garrison.facts.reads`).

Every gatherer of the catalog runs over the fixture roots (tests/reports/fullroot, services), every case
folder (live ones with their canned commands) and `reads/elsewhere`, a root whose configs name files outside
every pack's static reads. A `RecordingTarget` logs each call; every call must be inside the gatherer's static
declaration, or a follow-up that a file, command output, resolved link or fact it got before named through
one of its declared `Follow`s. The follow-ups are listed in `golden/reads_outside.txt`, so a new read
outside the static batch shows in review (`--update-golden` rewrites it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from casekit import all_cases, prepare_target
from garrison.facts.accounts import AccountsFacts
from garrison.facts.catalog import declared_reads, default_gatherers, rule_reads
from garrison.facts.reads import Access, Follow, FollowKind, Reads, declared, declares
from garrison.facts.store import FactProblem, FactStore, Gatherer, NeedsFacts
from garrison.options import AuditOptions
from garrison.rules.registry import load_rules
from garrison.targets.base import Target
from garrison.targets.rootdir import RootDirTarget
from readskit import Checked, RecordingTarget, check, declarations, entries, recording_gatherers

HERE = Path(__file__).resolve().parent
REPORTS = HERE.parent / "reports"
ELSEWHERE = HERE / "reads" / "elsewhere"
GOLDEN = HERE / "golden" / "reads_outside.txt"
OPTIONS = AuditOptions()


@dataclass
class Survey:
    checked: Checked = field(default_factory=Checked)
    internal: list[str] = field(default_factory=list)  # internal errors: the recording broke a gatherer
    places: int = 0


def places() -> Iterator[tuple[str, Path]]:
    yield "elsewhere", ELSEWHERE
    for name in ("fullroot", "services"):
        yield f"root:{name}", REPORTS / name
    for rule_id, case in all_cases():
        yield f"{rule_id}/{case.name}", case


def gather_all(target: Target, gatherers: dict[type, Gatherer]) -> tuple[RecordingTarget, list[str]]:
    recording = RecordingTarget(target)
    store = FactStore(recording, recording_gatherers(gatherers, recording), budget=None)
    internal = []
    for fact_type in gatherers:
        try:
            store.get(fact_type)
        except FactProblem as exc:
            if "internal error" in exc.message:
                internal.append(f"{fact_type.__name__}: {exc.message}")
    return recording, internal


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Survey:
    gatherers = default_gatherers(OPTIONS)
    declared_reads = declarations(gatherers, OPTIONS)
    found = Survey()
    for where, folder in places():
        target = prepare_target(folder, tmp_path_factory.mktemp("reads"))
        recording, internal = gather_all(target, gatherers)
        found.checked.add(check(recording.calls, declared_reads, where))
        found.internal += [f"{where}: {message}" for message in internal]
        found.places += 1
    return found


def test_every_gatherer_declares_its_reads() -> None:
    missing = [t.__name__ for t, g in default_gatherers(OPTIONS).items() if declared(g, OPTIONS) is None]
    assert not missing, f"gatherers without a declaration (@declares): {missing}"


@pytest.mark.slow  # the survey gathers every fact of ~1,250 roots
def test_no_gatherer_reads_outside_its_declaration(survey: Survey) -> None:
    assert survey.places > 1000
    assert not survey.checked.violations, "\n".join(survey.checked.violations[:40])


@pytest.mark.slow
def test_recording_breaks_no_gatherer(survey: Survey) -> None:
    assert not survey.internal, "\n".join(survey.internal[:20])


@pytest.mark.slow
def test_reads_outside_the_static_declarations_are_the_golden_ones(
    survey: Survey, update_golden: bool
) -> None:
    """The fixture roots' follow-ups one by one; the case folders' as the gatherers that make follow-ups,
    of which kind and named by what (a file, or the fact type): a new case referencing one more file
    elsewhere changes nothing here, a gatherer that starts needing a second batch does."""
    rooted = [line for line in survey.checked.outside if "/" not in line.split("  ", 1)[0]]
    cases = set()
    for line in survey.checked.outside:
        if "/" in line.split("  ", 1)[0]:
            _, fact, _, named = line.split("  ")
            kind, source = named.split(" named by ")
            cases.add(f"cases  {fact}  {kind} named by {'a file' if source.startswith('/') else source}")
    got = "\n".join([*dict.fromkeys(rooted), *sorted(cases)]) + "\n"
    if update_golden or not GOLDEN.exists():
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got)
        if not update_golden:
            pytest.fail("golden file was missing and has been written; review and commit it")
    assert got == GOLDEN.read_text(), (
        "reads outside the gatherers' static declarations changed: review the diff (--update-golden)"
    )


@pytest.mark.slow
def test_every_declared_read_is_exercised(survey: Survey) -> None:
    """No stale declaration: each static entry, command and follow-up is used by some fixture."""
    unused = []
    for fact_type, reads in declarations(default_gatherers(OPTIONS), OPTIONS).items():
        assert reads is not None
        name = fact_type.__name__
        unused += [
            f"{name} {kind} {entry}"
            for kind, entry, _ in entries(reads)
            if (name, kind, entry) not in survey.checked.used
        ]
        unused += [
            f"{name} command {argv}"
            for argv in reads.commands
            if (name, "command", argv) not in survey.checked.used
        ]
        unused += [
            f"{name} {f.kind} {f.directives}"
            for f in reads.follows
            if (name, "follow", f) not in survey.checked.used
        ]
    assert not unused, "declared but never read by any fixture:\n" + "\n".join(unused)


@pytest.mark.slow
def test_each_follow_up_kind_of_the_elsewhere_root(survey: Survey) -> None:
    """reads/elsewhere exercises each pack's follow-ups: includes, named files, linked and fact-named ones."""
    lines = [line for line in survey.checked.outside if line.startswith("elsewhere  ")]
    for fact, kind in (
        ("SshdFacts", FollowKind.INCLUDE),
        ("SshdFacts", FollowKind.REFERENCE),
        ("NginxFacts", FollowKind.INCLUDE),
        ("ProsodyFacts", FollowKind.INCLUDE),
        ("PostgresFacts", FollowKind.INCLUDE),
        ("EjabberdFacts", FollowKind.INCLUDE),
        ("SipFacts", FollowKind.INCLUDE),
        ("FirewallFacts", FollowKind.INCLUDE),
        ("SudoersFacts", FollowKind.INCLUDE),
        ("PasswordPolicyFacts", FollowKind.INCLUDE),
        ("SysctlFacts", FollowKind.LINK),
        ("TlsFacts", FollowKind.FACT),
        ("SecretsFacts", FollowKind.FACT),
        ("DockerFacts", FollowKind.REFERENCE),
    ):
        assert any(f"  {fact}  " in line and f"<- {kind} named by" in line for line in lines), (fact, kind)


def test_declarations_stay_bounded() -> None:
    """A declaration names absolute paths and bounded trees: no tree at /, none deeper than the file scan."""
    for fact_type, reads in declarations(default_gatherers(OPTIONS), OPTIONS).items():
        assert reads is not None
        paths = [*reads.files, *reads.globs, *(top for top, _ in reads.trees)]
        assert all(p.startswith("/") for p in paths), fact_type
        assert all(top != "/" and 0 < depth <= 13 for top, depth in reads.trees), fact_type
        assert all(argv and not argv[0].startswith("/") for argv in reads.commands), fact_type


# --- the check itself: precise enough to catch a gatherer that starts reading an undeclared path ---


class Probe:
    """A fact whose gatherer reads what the test wants."""


def _checked(root: Path, gather: Gatherer, reads: Reads) -> Checked:
    gatherers: dict[type, Gatherer] = {Probe: declares(reads)(gather)}
    recording, internal = gather_all(RootDirTarget(str(root)), gatherers)
    assert not internal
    return check(recording.calls, declarations(gatherers, OPTIONS), "probe")


def test_an_undeclared_read_is_a_violation(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "hostname").write_text("host\n")

    def gather(target: Target) -> Probe:
        target.read_text("/etc/hostname")
        target.stat("/etc/shadow")
        target.run(["id"])
        return Probe()

    checked = _checked(tmp_path, gather, Reads(files=("/etc/hostname",)))
    assert [v.split(": ", 1)[1] for v in checked.violations] == [
        "Probe  stat /etc/shadow: outside the declaration and named by nothing it read",
        "Probe runs 'id', not declared",
    ]


def test_a_follow_up_must_be_named_by_a_declared_directive(tmp_path: Path) -> None:
    conf = tmp_path / "etc" / "x"
    conf.mkdir(parents=True)
    (conf / "x.conf").write_text("include /opt/x/*.conf;\n# load /opt/y.conf\n")
    (tmp_path / "opt" / "x").mkdir(parents=True)
    (tmp_path / "opt" / "x" / "a.conf").write_text("")
    (tmp_path / "opt" / "y.conf").write_text("")

    def gather(target: Target) -> Probe:
        target.read_text("/etc/x/x.conf")
        for path in target.glob("/opt/x/*.conf"):
            target.read_text(path)
        target.read_text("/opt/y.conf")  # named, but not by an include
        return Probe()

    reads = Reads(files=("/etc/x/x.conf",), follows=(Follow(FollowKind.INCLUDE, ("include",)),))
    checked = _checked(tmp_path, gather, reads)
    assert [line.split("  ", 1)[1] for line in checked.outside] == [
        "Probe  glob /opt/x/*.conf  <- include named by /etc/x/x.conf",
        "Probe  read /opt/x/a.conf  <- include named by /etc/x/x.conf",
    ]
    assert len(checked.violations) == 1 and "read /opt/y.conf" in checked.violations[0]


def test_a_fact_asked_for_must_be_a_declared_need(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/sh\n")

    def gather(target: Target, store: FactStore) -> Probe:
        store.peek(AccountsFacts)  # its reads are its own gatherer's; asking for it must be declared
        return Probe()

    accounts = default_gatherers(OPTIONS)[AccountsFacts]
    for needs, expected in (
        ((), ["probe: Probe asks for AccountsFacts, not in its needs"]),
        ((AccountsFacts,), []),
    ):
        gatherers: dict[type, Gatherer] = {
            Probe: NeedsFacts(declares(Reads(needs=needs))(gather)),
            AccountsFacts: accounts,
        }
        recording, _ = gather_all(RootDirTarget(str(tmp_path)), gatherers)
        assert check(recording.calls, declarations(gatherers, OPTIONS), "probe").violations == expected


def test_trees_count_levels_as_find_maxdepth() -> None:
    reads = Reads(trees=(("/etc/nginx", 2),))
    assert reads.allows(Access.READ, "/etc/nginx/conf.d/a.conf")
    assert not reads.allows(Access.READ, "/etc/nginx/conf.d/x/a.conf")
    assert reads.allows(Access.LIST, "/etc/nginx/conf.d")
    assert reads.allows(Access.WALK, "/etc/nginx", 1)  # walk(max_depth=1) yields 2 levels
    assert not reads.allows(Access.WALK, "/etc/nginx", 2)
    assert not reads.allows(Access.READ, "/etc/nginx2/x")


def test_the_catalog_unions_the_reads_of_a_rule_selection() -> None:
    rules = [r for r in load_rules() if r.id.startswith("tls.")]
    reads = rule_reads(rules)
    tls = declared_reads({t for r in rules for t in r.fact_types()})
    assert reads == tls
    # TLS material builds on every pack that references TLS files: their static reads come along
    assert "/etc/nginx/nginx.conf" in reads.files and ("sshd", "-T") not in reads.commands
    everything = rule_reads(load_rules())
    assert ("sshd", "-T") in everything.commands and everything.static.follows == ()
