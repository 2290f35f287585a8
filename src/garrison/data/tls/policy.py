"""The one TLS policy every pack applies to a cipher string: what Debian 12's OpenSSL selects from it, which
weak families it allows (selected, or named for an OpenSSL that has them), and which selected suites lack
forward secrecy or an AEAD. nginx `ssl_ciphers`, Prosody `ciphers`, ejabberd `ciphers`, PostgreSQL
`ssl_ciphers` and Kamailio `cipher_list` are all OpenSSL cipher strings, so they get the same verdict.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from garrison.data.tls.cipherstring import expand
from garrison.data.tls.families import CipherFamily, SuiteWeakness, families_of, named_families, weaknesses_of
from garrison.data.tls.model import CipherSuite, Kx


@dataclass(frozen=True, slots=True)
class CipherListVerdict:
    """`suites`: the negotiable suites (PSK/SRP ones need callbacks no audited server sets); None when
    OpenSSL refuses the string (the program then refuses its configuration). `families`: every weak family
    allowed, in policy order; `named`: the words that name one the build lacks; `static`: suites without
    forward secrecy; `weaker`: suites below Mozilla's intermediate list (CBC, or no forward secrecy).
    Built once per distinct string."""

    text: str
    suites: tuple[CipherSuite, ...] | None
    families: tuple[CipherFamily, ...]
    named: tuple[tuple[CipherFamily, tuple[str, ...]], ...]
    static: tuple[CipherSuite, ...]
    weaker: tuple[CipherSuite, ...]
    dhe: tuple[CipherSuite, ...]

    @property
    def weak(self) -> bool:
        return bool(self.families)

    def shortfalls(self, skip: Collection[SuiteWeakness] = ()) -> tuple[str, ...]:
        """How the selected suites fall below Mozilla's intermediate list, each with up to three suite names:
        `CBC mode (AES256-SHA, ...)`, `SHA-1 MAC (...)`, `no forward secrecy (...)`; () when none does.
        `skip`: weaknesses another rule of the same pack judges (nginx's forward-secrecy rule)."""
        found: dict[SuiteWeakness, list[str]] = {}
        for suite in self.weaker:
            for weakness in weaknesses_of(suite):
                if weakness not in skip:
                    found.setdefault(weakness, []).append(suite.name)
        out = []
        for weakness in SuiteWeakness:
            names = found.get(weakness)
            if names:
                more = f" and {len(names) - 3} more" if len(names) > 3 else ""
                out.append(f"{weakness.value} ({', '.join(names[:3])}{more})")
        return tuple(out)

    @property
    def words(self) -> tuple[str, ...]:
        """The words that name weak families, each once, in the order written."""
        seen: dict[str, None] = {}
        for _, words in self.named:
            seen.update(dict.fromkeys(words))
        return tuple(sorted(seen, key=self.text.find))


@lru_cache(maxsize=512)
def judge_cipher_list(text: str) -> CipherListVerdict:
    """The verdict on one OpenSSL cipher string (memoised: a fleet shares a handful of strings)."""
    expanded = expand(text)
    suites = None if expanded is None else tuple(s for s in expanded if not s.needs_callbacks)
    usable = suites or ()
    named = named_families(text)
    found = set(named)
    for suite in usable:
        found.update(families_of(suite))
    return CipherListVerdict(
        text,
        suites,
        tuple(f for f in CipherFamily if f in found),
        tuple(named.items()),
        tuple(s for s in usable if not s.forward_secret),
        tuple(s for s in usable if not (s.aead and s.forward_secret)),
        tuple(s for s in usable if s.kx == Kx.DHE),
    )
