"""The image release table (data.image_releases): one row per release, unambiguous tag words, and tag
parsing that finds the image's own release and the base its tag names."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.data.image_releases import BY_IMAGE, RELEASES, releases_of


def test_rows_are_unique_and_dated() -> None:
    keys = [(r.image, r.release) for r in RELEASES]
    assert len(keys) == len(set(keys))
    words = [(r.image, w) for r in RELEASES for w in r.names]
    assert len(words) == len(set(words))
    assert all(date(2015, 1, 1) < r.eol < date(2035, 1, 1) for r in RELEASES)


def test_long_term_releases_end_in_order() -> None:
    for image in ("debian", "alpine", "python", "postgres"):
        ends = [r.eol for r in BY_IMAGE[image]]
        assert ends == sorted(ends), image
    lts = [r.eol for r in BY_IMAGE["node"] if int(r.release) % 2 == 0]
    assert lts == sorted(lts)


@pytest.mark.parametrize(
    ("reference", "products"),
    [
        ("python:3.8-slim", ["Python 3.8"]),
        ("python:3.10.13-slim-bullseye", ["Python 3.10", "Debian 11 (bullseye)"]),
        ("node:iron-alpine3.18", ["Node.js 20 (iron)", "Alpine 3.18"]),
        ("docker.io/library/postgres:13.4@sha256:abc", ["PostgreSQL 13"]),
        ("debian:bookworm-slim", ["Debian 12 (bookworm)"]),
        ("ubuntu:22.04", ["Ubuntu 22.04 (jammy)"]),
        ("python:3", []),
        ("python", []),
        ("debian:stable-slim", []),
        ("myorg/python:3.8", []),
        ("ghcr.io/acme/node:18", []),
        ("python:3.100", []),
    ],
)
def test_releases_of(reference: str, products: list[str]) -> None:
    assert [r.product for r in releases_of(reference)] == products
