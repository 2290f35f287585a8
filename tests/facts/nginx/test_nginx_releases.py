"""Consistency of the nginx release tables (releases.DEFAULTS and DISTRIBUTIONS, directives.SPANS)."""

from __future__ import annotations

import pytest
from crossplane.analyzer import DIRECTIVES  # type: ignore[import-untyped]

from garrison.facts.nginx.directives import SPANS, THIRD_PARTY, provided_by
from garrison.facts.nginx.releases import (
    DEFAULTS,
    DISTRIBUTIONS,
    LISTEN_HTTP2_DEPRECATED,
    REFERENCE,
    SSL_DIRECTIVE_DEPRECATED,
    SSL_DIRECTIVE_REMOVED,
    NginxRelease,
    numbers,
    release_for,
)

#: every directive whose compiled default a rule asks for
JUDGED = (
    "ssl_protocols",
    "ssl_ciphers",
    "ssl_prefer_server_ciphers",
    "ssl_session_tickets",
    "ssl_ecdh_curve",
    "ssl_stapling",
    "ssl_stapling_verify",
    "server_tokens",
    "autoindex",
    "proxy_ssl_verify",
    "grpc_ssl_verify",
    "uwsgi_ssl_verify",
)


def test_defaults_of_one_directive_start_before_every_release_and_ascend() -> None:
    by_name: dict[str, list[tuple[int, ...]]] = {}
    for entry in DEFAULTS:
        by_name.setdefault(entry.directive, []).append(entry.since)
        assert entry.value, entry
    for name, sinces in by_name.items():
        assert sinces == sorted(sinces) and len(set(sinces)) == len(sinces), name
        if name != "http2":  # the directive itself is new in 1.25.1
            assert sinces[0] == (0,), name


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=lambda d: d.name)
def test_every_distribution_release_has_every_judged_default(dist: object) -> None:
    release = NginxRelease(dist.nginx)  # type: ignore[attr-defined]
    for name in JUDGED:
        assert release.default(name)
    assert release.distribution == dist.name  # type: ignore[attr-defined]


def test_tls13_default_from_1_23_4_and_legacy_protocols_until_1_27_3() -> None:
    assert "TLSv1.3" not in release_for((1, 18, 0)).default("ssl_protocols")
    assert "TLSv1.3" not in REFERENCE.default("ssl_protocols")
    assert "TLSv1.3" in release_for((1, 23, 4)).default("ssl_protocols")
    assert release_for((1, 26, 3)).default("ssl_protocols") == ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
    assert release_for((1, 27, 3)).default("ssl_protocols") == ("TLSv1.2", "TLSv1.3")
    with pytest.raises(KeyError):
        REFERENCE.default("no_such_directive")


def test_reference_is_debian_12_and_unknown_version_falls_back_to_it() -> None:
    assert REFERENCE.distribution == "Debian 12" and REFERENCE.text == "1.22.1"
    assert release_for(None) == REFERENCE and release_for(()) == REFERENCE
    assert [d.nginx for d in DISTRIBUTIONS] == sorted(d.nginx for d in DISTRIBUTIONS)


def test_spans_are_ordered_and_not_redundant_with_crossplane() -> None:
    for name, (since, until) in SPANS.items():
        if since is not None and until is not None:
            assert numbers(since) < numbers(until), name
        if since is None and until is None:
            assert name not in DIRECTIVES, f"{name} is in crossplane's table for every release: drop it"


def test_version_marks_agree_with_the_spans() -> None:
    assert SPANS["ssl"] == (None, ".".join(map(str, SSL_DIRECTIVE_REMOVED)))
    assert SPANS["http2"][0] == ".".join(map(str, LISTEN_HTTP2_DEPRECATED))
    assert SSL_DIRECTIVE_DEPRECATED < SSL_DIRECTIVE_REMOVED
    assert REFERENCE.knows("ssl") and not REFERENCE.knows("http2")
    trixie = release_for((1, 26, 3))
    assert trixie.knows("http2") and not trixie.knows("ssl") and trixie.knows("ssl_reject_handshake")
    assert not release_for((1, 18, 0)).knows("ssl_reject_handshake")  # new in 1.19.4


def test_third_party_modules_name_their_directives() -> None:
    assert provided_by("ngx_http_headers_more_filter_module", "more_set_headers")
    assert provided_by("ngx_http_lua_module", "content_by_lua_block")
    assert provided_by("ngx_http_echo_module", "echo_sleep")
    assert not provided_by("ngx_http_echo_module", "more_set_headers")
    for module, words in THIRD_PARTY.items():
        assert module.endswith("_module") and words, module
        for word in words:
            assert word not in DIRECTIVES or word.endswith("_"), (module, word)
