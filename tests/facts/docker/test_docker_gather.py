"""Discovery and gathering of compose projects: search paths, skipped trees, .env interpolation."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from garrison.facts.catalog import default_gatherers
from garrison.facts.docker.gather import gather_docker
from garrison.facts.docker.model import DockerFacts
from garrison.facts.store import FactStore, SubjectAbsent
from garrison.options import AuditOptions
from garrison.targets.rootdir import RootDirTarget

COMPOSE = (
    "services:\n  proxy:\n    image: nineseconds/mtg:${TAG}\n"
    '    ports: ["${STATS_BIND:-127.0.0.1}:3001:3001"]\n'
)


def make(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_search_paths_and_dotenv(tmp_path: Path) -> None:
    make(tmp_path, "data/apps/mtproxy/compose.yaml", COMPOSE)
    make(tmp_path, "data/apps/mtproxy/.env", "TAG=2.1.7\nSTATS_BIND=0.0.0.0\n")
    make(tmp_path, "opt/web/node_modules/pkg/docker-compose.yml", "services: {x: {image: a}}\n")
    target = RootDirTarget(str(tmp_path))
    with pytest.raises(SubjectAbsent):
        gather_docker(target)
    store = FactStore(target, default_gatherers(AuditOptions(search_paths=("/data/apps",))))
    facts = store.get(DockerFacts)
    assert [c.path for c in facts.compose_files] == ["/data/apps/mtproxy/compose.yaml"]
    [service] = facts.services()
    assert service.image is not None and service.image.text == "nineseconds/mtg:2.1.7"
    assert [(p.host_ip, p.published) for p in service.ports] == [("0.0.0.0", (3001, 3001))]
    assert [e.path for e in facts.env_files] == ["/data/apps/mtproxy/.env"]


def test_unreadable_compose_is_a_file_error(tmp_path: Path) -> None:
    (tmp_path / "srv" / "app").mkdir(parents=True)
    (tmp_path / "srv" / "app" / "docker-compose.yml").write_bytes(b"services:\x00\xff")
    facts = gather_docker(RootDirTarget(str(tmp_path)))
    assert facts.compose_files[0].error is not None
    assert facts.compose_files[0].error.location.path == "/srv/app/docker-compose.yml"


@given(
    st.text(alphabet=st.sampled_from(list("Dockerfilecomps.yamlenvx-_\n*[]?")), max_size=24)
    | st.sampled_from(["docker-compose.prod.yml", "Dockerfile.dev", "x.Dockerfile", ".env.dev", "README.md"])
)
def test_discovery_names_are_classified_as_the_globs_match(name: str) -> None:
    """classify's one pattern per kind takes the names fnmatch.fnmatchcase takes with each glob."""
    from garrison.facts.docker import discover as d

    def by_globs(globs: tuple[str, ...]) -> bool:
        return any(fnmatch.fnmatchcase(name, glob) for glob in globs)

    if name in d.COMPOSE_NAMES or by_globs(d.COMPOSE_GLOBS):
        wanted: str | None = "compose"
    elif by_globs(d.DOCKERFILE_GLOBS) and not name.endswith((".md", ".txt")):
        wanted = "dockerfile"
    elif by_globs(d.ENV_GLOBS) and not d.is_example(name):
        wanted = "env"
    else:
        wanted = None
    assert d.classify(name) == wanted
