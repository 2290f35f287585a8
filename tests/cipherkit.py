"""Cipher strings the TLS policy is tested on: what the case folders and goldens use, the pack defaults,
Mozilla's and other guides' published lists, and hostile or odd ones (OpenSSL syntax corners)."""

from __future__ import annotations

import random

from garrison.data.tls.aliases import ALIASES
from garrison.data.tls.suites import SUITES

FIXTURES = (
    "HIGH:!aNULL:!MD5",  # nginx's default
    "HIGH:MEDIUM:+3DES:!aNULL",  # PostgreSQL's default
    "HIGH:!aNULL:!MD5:!3DES",
    "HIGH:RC4:!aNULL",
    "HIGH:RC4-SHA:!aNULL",
    "HIGH:RC4-SHA:DES-CBC3-SHA",
    "ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA",
    "ALL",
    "HIGH",
    "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH",  # ejabberd's remediation
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:AES256-GCM-SHA384",
)
GUIDES = (
    # Mozilla intermediate (v5) and old (v5), the intermediate of v4 (with 3DES and SHA-1 CBC suites)
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:"
    "ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:"
    "DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:"
    "AES256-SHA:DES-CBC3-SHA",
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:"
    "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:"
    "ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:"
    "DHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA:ECDHE-ECDSA-DES-CBC3-SHA:ECDHE-RSA-DES-CBC3-SHA:"
    "EDH-RSA-DES-CBC3-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:"
    "AES256-SHA:DES-CBC3-SHA:!DSS",
    "EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH",  # cipherli.st
    "EECDH+AESGCM:EDH+AESGCM",
    "ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS",
    "kEECDH+ECDSA+AES128:kEECDH+ECDSA+AES256:kEECDH+AES128:kEECDH+AES256:kEDH+AES128:kEDH+AES256:"
    "DES-CBC3-SHA:+SHA:!aNULL:!eNULL:!LOW:!kECDH:!DSS:!MD5:!RC4:!EXP:!PSK:!SRP:!CAMELLIA:!SEED",
    "DEFAULT",
    "DEFAULT:!RSA",
    "PROFILE=SYSTEM",
    "HIGH+kEDH:HIGH+kEECDH:HIGH:!PSK:!SRP:!3DES:!aNULL",  # Prosody's old default
)
HOSTILE = (
    "ALL:COMPLEMENTOFALL",
    "COMPLEMENTOFDEFAULT",
    "eNULL",
    "aNULL",
    "NULL-MD5",
    "ALL:!aNULL",
    "ALL:!ALL",
    "RC4:!RC4",
    "!RC4:RC4",
    "-RC4:RC4",
    "RC4:!RC4-SHA",
    "RC4-SHA:!RC4-SHA",
    "EXP-RC4-MD5",
    "EXP:EXPORT",
    "LOW",
    "MEDIUM",
    "IDEA-CBC-SHA:SEED",
    "RC2",
    "DES-CBC-SHA",
    "rc4-sha",
    "PSK",
    "SRP",
    "HIGH+FIPS",
    "COMPLEMENTOFDEFAULT+HIGH",
    "HIGH+COMPLEMENTOFDEFAULT",
    "-ALL:HIGH",
    "ALL:-HIGH:MEDIUM:HIGH",
    "ALL:+kRSA",
    "ALL:@SECLEVEL=0",
    "HIGH:@SECLEVEL=9",
    "HIGH:@FOO",
    "HIGH:*",
    "HIGH+",
    "FOO+*",
    "HIGH!aNULL",
    "HIGH,  ;;!aNULL",
    "DEFAULTxyz",
    "TLS_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "",
    ":",
    "@STRENGTH",
    "3DES",
    "EDH-RSA-DES-CBC3-SHA",
    "SSLv3:TLSv1",
    "TLSv1.2+kRSA",
)
CORPUS = FIXTURES + GUIDES + HOSTILE


def random_strings(count: int, seed: int) -> list[str]:
    """Strings of aliases, suite names and odd words, with prefixes, `+` joins, mixed separators, a
    DEFAULT head or a bad character now and then."""
    rng = random.Random(seed)
    words = [*ALIASES, *(s.name for s in SUITES), "DEFAULT", "FOO", "high", "RC4-SHA", "DES-CBC3-SHA"]
    words += ["@STRENGTH", "@SECLEVEL=2", "@SECLEVEL=7", "@BAR", "TLS_AES_128_GCM_SHA256", "EXP-RC4-MD5"]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            word = rng.choice(words)
            if rng.random() < 0.3 and not word.startswith("@"):
                word += "+" + rng.choice(words).lstrip("@")
            if rng.random() < 0.4 and not word.startswith("@"):
                word = rng.choice("!-+") + word
            parts.append(word)
        text = rng.choice([":", ":", ",", ";", " "]).join(parts)
        if rng.random() < 0.05:
            text += rng.choice(["*", "/", "::", "+", ":+", "!"])
        if rng.random() < 0.1:
            text = "DEFAULT" + rng.choice([":", "", ","]) + text
        out.append(text)
    return out
