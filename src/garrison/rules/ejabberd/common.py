"""Helpers for the ejabberd rules: typed option reads with file:line, access-rule openness."""

from __future__ import annotations

import posixpath

from garrison.facts.ejabberd import EjabberdFacts, EjListener, Kind, Node, ShellVar
from garrison.facts.quoting import shown
from garrison.model import Dialect, Evidence, Outcome, SettingRef, Wanted, errored, unknown
from garrison.rules.expect import Effective, equals


def cite(
    facts: EjabberdFacts,
    node: Node | None,
    actual: object,
    expected: object | None = None,
    *,
    key: str = "",
    scope: str | None = None,
    wanted: Wanted | None = None,
) -> Evidence:
    """Evidence at the node's line (role SETTING, the node's key path and scope from the pack), or, when
    the default applies, at the config file (role DEFAULT: setting `key` in `scope`)."""
    told = None if actual is None else str(actual)
    hope = None if expected is None else str(expected)
    if node is None:
        absent = Effective.default(Dialect.EJABBERD, facts.config_path, key, told, shown=told, scope=scope)
        return absent.cite(hope, wanted=wanted, actual=told)
    path, where = facts.setting_of(node)
    ref = SettingRef(Dialect.EJABBERD, node.location.path, path, where)
    return Effective(node.text, told or "", ref, node.location.line).cite(hope, wanted=wanted, actual=told)


def cite_ctl(
    facts: EjabberdFacts, name: str, var: ShellVar | None, actual: str, expected: str | None = None
) -> Evidence:
    """An ejabberdctl.cfg variable at its line, or (unset) where it belongs, with role and reference."""
    wanted = None if expected is None else equals(expected)
    if var is None:
        absent = Effective.default(Dialect.EJABBERDCTL, ctl_location(facts), name, actual, shown=actual)
        return absent.cite(expected, wanted=wanted)
    found = Effective.at(Dialect.EJABBERDCTL, var.location.path, name, var.value, line=var.location.line)
    return found.cite(expected, wanted=wanted, actual=actual)


def placeholder(facts: EjabberdFacts, node: Node | None, name: str) -> Outcome | None:
    if node is not None and node.placeholder:
        return unknown(f"{name} is an unrendered template placeholder", cite(facts, node, "<placeholder>"))
    return None


def read_bool(facts: EjabberdFacts, node: Node | None, name: str, default: bool) -> bool | Outcome:
    """The boolean value of an option node (default when None); unknown/error outcomes for bad values."""
    if node is None:
        return default
    pending = placeholder(facts, node, name)
    if pending is not None:
        return pending
    if isinstance(node.scalar, bool):
        return node.scalar
    if node.kind == Kind.SCALAR and isinstance(node.scalar, str) and node.scalar.lower() in ("true", "false"):
        return node.scalar.lower() == "true"
    told = shown(node.text or "") if node.kind == Kind.SCALAR else f"a {node.kind}"
    return errored(f"{name} must be true or false, not {told}", cite(facts, node, told, "true | false"))


def read_text(facts: EjabberdFacts, node: Node | None, name: str, default: str) -> str | Outcome:
    if node is None:
        return default
    pending = placeholder(facts, node, name)
    if pending is not None:
        return pending
    if node.kind != Kind.SCALAR or node.text is None:
        return errored(f"{name} must be a single value, got a {node.kind}", cite(facts, node, node.kind))
    return node.text


def c2s_listeners(facts: EjabberdFacts) -> tuple[EjListener, ...]:
    return tuple(item for item in facts.listen if item.module == "ejabberd_c2s")


def http_listeners(facts: EjabberdFacts) -> tuple[EjListener, ...]:
    return tuple(item for item in facts.listen if item.module == "ejabberd_http")


def serves(item: EjListener, handler: str, legacy_flag: str | None = None) -> bool:
    if any(module == handler for _, module in item.handlers):
        return True
    flag = item.option(legacy_flag) if legacy_flag else None
    return flag is not None and flag.scalar is True


def ctl_location(facts: EjabberdFacts) -> str:
    """Where ejabberdctl.cfg is (or belongs: next to an installer's ejabberd.yml, else Debian's path)."""
    if facts.ctl.path is not None:
        return facts.ctl.path
    if facts.config_path.startswith("/opt/"):
        return posixpath.join(posixpath.dirname(facts.config_path), "ejabberdctl.cfg")
    return "/etc/default/ejabberd"


def _acl_names(node: Node) -> tuple[str, ...]:
    """ACL names an access-rule entry refers to; an inline ACL (ip:, user:) counts as a subset."""
    if node.kind == Kind.SCALAR:
        return node.strings()
    if node.kind == Kind.MAP:
        acl = node.get("acl")
        return acl.strings() if acl is not None else tuple(f"<{k}>" for k in node.keys)
    return tuple(name for item in node.items for name in _acl_names(item))


def access_open(facts: EjabberdFacts, rule_name: str) -> bool:
    """True when the access rule lets everyone through (its first matching entry allows the ACL `all`)."""
    if rule_name == "all":
        return True
    if rule_name == "none":
        return False
    rules = facts.option("access_rules")
    spec = rules.get(rule_name) if rules is not None else None
    return spec is not None and spec_open(spec)


def spec_open(spec: Node) -> bool:
    entries: list[tuple[str, Node | None]] = []
    if spec.kind == Kind.MAP:
        entries = list(spec.pairs())
    elif spec.kind == Kind.SEQ:
        for item in spec.items:
            if item.kind == Kind.SCALAR:
                entries.append((item.text or "", None))
            else:
                entries.extend(item.pairs())
    elif spec.kind == Kind.SCALAR:
        entries = [(spec.text or "", None)]
    for action, acl in entries:
        names = ("all",) if acl is None else _acl_names(acl)
        if "all" in names:
            return action == "allow"
    return False
