"""What both YAML packs (ejabberd, compose) need to load hostile YAML safely with ruamel.yaml.

- `NodeBudget`: ruamel keeps aliases as shared objects, so converting a document walks every alias
  expansion; a "billion laughs" file of a few hundred bytes would expand to 10^9 nodes. Every converter
  charges each node to a budget and gives up with `YamlTooLarge` past `MAX_YAML_NODES`.
- `redact_yaml_problem`: ruamel quotes input in its messages; keep keywords, never values or lines.
- `MAX_YAML_BYTES`: the largest document handed to ruamel at all (its parse time grows with the size).
"""

from __future__ import annotations

import re

from garrison.facts.quoting import redact_quoted, shown

#: Far above any real config (Debian's ejabberd.yml is ~300 nodes, a large compose file a few thousand).
MAX_YAML_NODES = 200_000
TOO_LARGE_MESSAGE = f"YAML document too large after expanding aliases (over {MAX_YAML_NODES} nodes)"
#: ruamel's pure-Python loader reads roughly 100-200 KB a second: a larger file is not parsed at all (a
#: compose file of 30,000 services, 3 MB, took over a minute). Real compose files are a few to tens of KB.
MAX_YAML_BYTES = 256 * 1024


class YamlTooLarge(Exception):
    pass


class NodeBudget:
    def __init__(self, limit: int = MAX_YAML_NODES) -> None:
        self.left = limit

    def charge(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise YamlTooLarge(TOO_LARGE_MESSAGE)


def redact_yaml_problem(problem: str) -> str:
    """ruamel quotes input in its messages (duplicate keys and their values, odd characters, tags, aliases):
    keep a key when it looks like one (`quoting.redact_quoted`), never a value (a secret?)."""
    duplicate = re.search(r'duplicate key "([^"]*)"', problem)
    if duplicate:
        return f'duplicate key "{shown(duplicate.group(1))}"'
    return redact_quoted(re.sub(r'(value|original value):? "[^"]*"', r"\1 (redacted)", problem))
