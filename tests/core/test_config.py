"""garrison.toml: audit defaults, waivers and exposure overrides; every mistake is a UsageError."""

from __future__ import annotations

from datetime import date

import pytest

from garrison.config import parse_config
from garrison.errors import UsageError
from garrison.model import Severity


def test_full_config() -> None:
    config = parse_config(
        """
[audit]
fail_on = "HIGH"
only = ["ssh.*"]
skip = ["ssh.banner"]
paths = ["/srv/app"]

[[waiver]]
rule = "ssh.x11-*"
reason = "thin clients"
expires = 2027-03-31

[[waiver]]
rule = "kernel.ip-forward"
reason = "this host is a router"

[exposure]
"5280/tcp" = "localhost"
""",
        "garrison.toml",
    )
    assert config.fail_on is Severity.HIGH
    assert config.only == ("ssh.*",) and config.skip == ("ssh.banner",) and config.paths == ("/srv/app",)
    assert [(w.rule, w.expires) for w in config.waivers] == [
        ("ssh.x11-*", date(2027, 3, 31)),
        ("kernel.ip-forward", None),
    ]
    assert config.exposure == {"5280/tcp": "localhost"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[audit\n", "invalid TOML"),
        ("[audit]\nfail_on = 'severe'\n", "fail_on"),
        ("[[waiver]]\nrule = 'x.y'\n", "reason"),
        ("[[waiver]]\nreason = 'r'\n", "rule"),
        ("[[waiver]]\nrule = 'x.y'\nreason = 'r'\nexpires = 'soon'\n", "expires"),
        ("[exposure]\n'5280' = 'public'\n", "5280/tcp"),
        ("[exposure]\n'5280/tcp' = 'everyone'\n", "one of"),
        ("[audit]\nonly = 'ssh.*'\n", "list of strings"),
        ("[colour]\n", "unknown section"),
    ],
)
def test_config_mistakes_are_usage_errors(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_config(text, "garrison.toml")
