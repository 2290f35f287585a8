"""The shared placeholder detector: every template form, the per-format env narrowing, never raising."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from garrison.facts.placeholders import find_placeholder, has_placeholder, mask_placeholders


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("{{ ssl_protocols }}", "{{ ssl_protocols }}"),
        ("TLSv1.2 {% if x %}", "{% if x %}"),
        ("${LISTEN_ADDR}", "${LISTEN_ADDR}"),
        ("${port:-5222}", "${port:-5222}"),
        ("<VIRTUAL_HOST>", "<VIRTUAL_HOST>"),
        ("server <UPSTREAM_HOST>:8080", "<UPSTREAM_HOST>"),
        ("<your_domain>", "<your_domain>"),
        ("TLSv1.2 TLSv1.3", None),
        ("a <b> c", None),  # lower-case markers count only as the whole value
        ("$host", None),
    ],
)
def test_forms(text: str, found: str | None) -> None:
    assert find_placeholder(text) == found


def test_env_narrowing_per_format() -> None:
    assert find_placeholder("return 301 https://${host}$request_uri", env="upper") is None  # nginx variable
    assert find_placeholder("${SERVER_NAME}", env="upper") == "${SERVER_NAME}"
    assert not has_placeholder("${MTG_SECRET}", env="none")  # resolved from .env before the check
    assert has_placeholder("$MTG_SECRET", env="shell")
    assert not has_placeholder("$MTG_SECRET")


def test_mask_keeps_one_token() -> None:
    assert mask_placeholders('listen={{ sip_ip }}:5060 "<X>"') == 'listen={{template}}:5060 "{{template}}"'


@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    for env in ("any", "upper", "none", "shell"):
        found = find_placeholder(text, env=env)  # type: ignore[arg-type]
        assert found is None or found in text
