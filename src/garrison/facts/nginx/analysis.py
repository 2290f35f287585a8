"""crossplane's analyser on one statement, cached: whether a directive may stand in its context with that many
arguments (`listed_analysis`), and whether the judged release decides if nginx knows it at all (`UNLISTED`: a
name crossplane's table lacks, or one `directives.SPANS` limits to some releases)."""

from __future__ import annotations

from functools import lru_cache

from garrison.facts.quoting import redact_quoted

#: `analysis` says so when the verdict depends on the one argument of an on/off flag directive
ON_OFF = "(depends on the argument)"
#: `analysis` says so for a directive crossplane's table lacks, or one nginx has only in some releases
UNLISTED = "(unlisted)"
MAX_UNLISTED = 10_000


@lru_cache(maxsize=4096)
def analysis(name: str, ctx: tuple[str, ...], term: str, count: int) -> str | None:
    """crossplane's analyser complaint about a statement (None: none); `UNLISTED` for a directive the
    release decides about (`_unlisted`), then `listed_analysis` is the complaint."""
    if _unlisted(name, ctx):
        return UNLISTED
    return listed_analysis(name, ctx, term, count)


@lru_cache(maxsize=4096)
def _unlisted(name: str, ctx: tuple[str, ...]) -> bool:
    """`name` in a context crossplane checks is missing from its table or has a release span of nginx's."""
    from crossplane.analyzer import CONTEXTS, DIRECTIVES  # type: ignore[import-untyped]

    from garrison.facts.nginx.directives import SPANS

    return ctx in CONTEXTS and (name in SPANS or name not in DIRECTIVES)


def listed_analysis(name: str, ctx: tuple[str, ...], term: str, count: int) -> str | None:
    """crossplane's complaint for its table's directives. Its verdict depends on the directive, the context,
    the terminator and the argument count, and for an on/off flag on the one argument: then `ON_OFF`, and
    `flag_analysis` decides."""
    from crossplane.analyzer import DIRECTIVES, NGX_CONF_FLAG

    if count == 1 and any(mask & NGX_CONF_FLAG for mask in DIRECTIVES.get(name, ())):
        return ON_OFF
    return flag_analysis(name, ctx, term, "", count)


def flag_analysis(name: str, ctx: tuple[str, ...], term: str, first: str, count: int = 1) -> str | None:
    from crossplane.analyzer import analyze
    from crossplane.errors import NgxParserDirectiveError  # type: ignore[import-untyped]

    args = [first] * count
    try:
        analyze(fname=None, stmt={"directive": name, "line": None, "args": args}, term=term, ctx=ctx)
    except NgxParserDirectiveError as exc:
        return redact_quoted(str(exc.strerror))
    return None
