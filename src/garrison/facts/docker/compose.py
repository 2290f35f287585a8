"""Compose files (Compose specification, docker compose v2) -> effective services.

`parse_compose(text, path, env)` is pure and never raises. It applies YAML anchors and merge keys (ruamel),
same-file `extends`, and `${VAR}` interpolation from `env` (the `.env` next to the file); a value with a
variable it cannot resolve is kept with `unresolved=True` so rules judging it answer `unknown`. Shape:

    ComposeFile(path, services=(ComposeService(name, line, image=Scalar, ports=(PortBinding, ...), ...),),
                error=ParseIssue | None, issues=(...))
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from garrison.facts.docker.composevalues import inline_dockerfile, secret_fallbacks
from garrison.facts.docker.envfile import EnvEntry, interpolate, make_entry
from garrison.facts.docker.model import ComposeFile, ComposeService, PortBinding, Scalar
from garrison.facts.docker.ports import parse_long_port, parse_short_port
from garrison.facts.docker.yamltree import Node, load_yaml
from garrison.facts.placeholders import has_placeholder
from garrison.facts.quoting import shown
from garrison.model import Location, ParseIssue

_MAX_EXTENDS = 16


class _Ctx:
    def __init__(self, path: str, env: Mapping[str, str], text: str = "") -> None:
        self.path = path
        self.lines = text.splitlines()
        self.env = env
        self.issues: list[ParseIssue] = []
        self.fatal: list[ParseIssue] = []

    def issue(self, line: int | None, message: str) -> None:
        self.issues.append(ParseIssue(Location(self.path, line), message))

    def scalar(self, node: Node | None) -> Scalar | None:
        if node is None or isinstance(node.value, dict | list):
            return None
        if isinstance(node.value, bool):
            return Scalar("true" if node.value else "false", node.line)
        text, unresolved = interpolate("" if node.value is None else str(node.value), self.env)
        return Scalar(text, node.line, unresolved or has_placeholder(text, env="none"))

    def scalars(self, node: Node | None) -> tuple[Scalar, ...]:
        if node is None:
            return ()
        if isinstance(node.value, list):
            found = (self.scalar(item) for item in node.value)
            return tuple(s for s in found if s is not None)
        single = self.scalar(node)
        return () if single is None else (single,)


def _merge(base: Node, child: Node) -> Node:
    if isinstance(base.value, dict) and isinstance(child.value, dict):
        merged = dict(base.value)
        for key, value in child.value.items():
            merged[key] = _merge(merged[key], value) if key in merged else value
        return Node(merged, child.line)
    if isinstance(base.value, list) and isinstance(child.value, list):
        return Node([*base.value, *child.value], child.line)
    return child


def _resolve_extends(name: str, services: Mapping[str, Node], ctx: _Ctx, depth: int = 0) -> Node:
    node = services[name]
    if not isinstance(node.value, dict) or "extends" not in node.value:
        return node
    ext = node.value["extends"]
    own = Node({k: v for k, v in node.value.items() if k != "extends"}, node.line)
    base_name = ext.value if isinstance(ext.value, str) else None
    if isinstance(ext.value, dict):
        if "file" in ext.value:
            ctx.issue(ext.line, "extends from another file is not followed")
            return own
        service = ext.value.get("service")
        base_name = None if service is None else str(service.value)
    if base_name is None or base_name not in services or base_name == name or depth > _MAX_EXTENDS:
        ctx.issue(ext.line, f"extends names an unknown service or loops: {shown(str(base_name))!r}")
        return own
    return _merge(_resolve_extends(base_name, services, ctx, depth + 1), own)


def _env_entry(key: str, raw: str, line: int, ctx: _Ctx) -> EnvEntry:
    text, unresolved = interpolate(raw, ctx.env)
    entry = make_entry(key.strip(), line, raw, unresolved)
    if entry.secret is None:  # plain settings keep their effective value
        return EnvEntry(entry.name, line, text, None, unresolved)
    return entry  # secrets: only a summary of what is written inline (a literal or a ${VAR} reference)


def _environment(node: Node | None, ctx: _Ctx) -> tuple[EnvEntry, ...]:
    if node is None:
        return ()
    entries: list[EnvEntry] = []
    if isinstance(node.value, dict):
        for key, item in node.value.items():
            if item.value is None or isinstance(item.value, dict | list):
                continue  # None: passed through from the shell environment, nothing inline
            raw = str(item.value).lower() if isinstance(item.value, bool) else str(item.value)
            entries.append(_env_entry(key, raw, item.line, ctx))
    elif isinstance(node.value, list):
        for item in node.value:
            if isinstance(item.value, str) and "=" in item.value:
                key, _, raw = item.value.partition("=")
                entries.append(_env_entry(key, raw, item.line, ctx))
    return tuple(entries)


def _ports(node: Node | None, ctx: _Ctx) -> tuple[PortBinding, ...]:
    bindings: list[PortBinding] = []
    for item in node.value if node is not None and isinstance(node.value, list) else ():
        if isinstance(item.value, dict):
            fields = {k: ctx.scalar(v) for k, v in item.value.items()}
            found = parse_long_port(fields, item.line)
        else:
            scalar = ctx.scalar(item)
            found = None if scalar is None else parse_short_port(scalar)
        if found is None:
            ctx.issue(item.line, "port mapping not understood")
        else:
            bindings.append(found)
    return tuple(bindings)


def _volumes(node: Node | None, ctx: _Ctx) -> tuple[Scalar, ...]:
    found: list[Scalar] = []
    for item in node.value if node is not None and isinstance(node.value, list) else ():
        if isinstance(item.value, dict):
            src = ctx.scalar(item.value.get("source"))
            dst = ctx.scalar(item.value.get("target"))
            read_only = ctx.scalar(item.value.get("read_only"))
            text = f"{src.text if src else ''}:{dst.text if dst else ''}"
            text += ":ro" if read_only is not None and read_only.truthy else ""
            found.append(Scalar(text, item.line, bool(src and src.unresolved)))
        else:
            scalar = ctx.scalar(item)
            if scalar is not None:
                found.append(scalar)
    return tuple(found)


def _path(base_dir: str, text: str) -> str:
    return posixpath.normpath(posixpath.join(base_dir, text))


SCALAR_KEYS = frozenset(
    {"image", "user", "read_only", "privileged", "network_mode", "pid", "ipc", "restart", "mem_limit", "cpus"}
)
LIST_KEYS = frozenset({"ports", "cap_add", "cap_drop", "security_opt", "volumes"})


def _check_types(name: str, fields: dict[str, Node], ctx: _Ctx) -> None:
    """Compose rejects these shapes; so does Garrison, as an error at the key's line."""
    for key, item in fields.items():
        wrong = (key in SCALAR_KEYS and isinstance(item.value, dict | list)) or (
            key in LIST_KEYS and not isinstance(item.value, list) and item.value is not None
        )
        if wrong:
            kind = "a list" if key in LIST_KEYS else "a single value"
            ctx.fatal.append(
                ParseIssue(Location(ctx.path, item.line), f"service {shown(name)!r}: `{key}` must be {kind}")
            )


def _service(name: str, node: Node, ctx: _Ctx) -> ComposeService:
    fields: dict[str, Node] = node.value
    _check_types(name, fields, ctx)
    get = fields.get
    base_dir = posixpath.dirname(ctx.path)
    limits = _dig(get("deploy"), "resources", "limits")
    build = get("build")
    context = dockerfile = None
    if build is not None:
        if isinstance(build.value, dict) and "dockerfile_inline" in build.value:
            context = _path(base_dir, str(build.value["context"].value) if "context" in build.value else ".")
        elif isinstance(build.value, dict):
            ctx_node, file_node = build.value.get("context"), build.value.get("dockerfile")
            context = _path(base_dir, str(ctx_node.value) if ctx_node else ".")
            dockerfile = _path(context, str(file_node.value) if file_node else "Dockerfile")
        else:
            context = _path(base_dir, str(build.value))
            dockerfile = _path(context, "Dockerfile")
    inline, block = inline_dockerfile(build, ctx.lines)
    env_files = []
    for item in ctx.scalars(get("env_file")):
        env_files.append(Scalar(_path(base_dir, item.text), item.line, item.unresolved))
    env_node = get("env_file")
    if env_node is not None and isinstance(env_node.value, list):
        for item in env_node.value:
            if isinstance(item.value, dict) and "path" in item.value:
                env_files.append(Scalar(_path(base_dir, str(item.value["path"].value)), item.line))
    return ComposeService(
        name=name,
        path=ctx.path,
        line=node.line,
        image=ctx.scalar(get("image")),
        build_context=context,
        dockerfile=dockerfile,
        user=ctx.scalar(get("user")),
        read_only=ctx.scalar(get("read_only")),
        privileged=ctx.scalar(get("privileged")),
        network_mode=ctx.scalar(get("network_mode")),
        pid=ctx.scalar(get("pid")),
        ipc=ctx.scalar(get("ipc")),
        restart=ctx.scalar(get("restart")),
        mem_limit=ctx.scalar(_dig(limits, "memory")) or ctx.scalar(get("mem_limit")),
        cpu_limit=ctx.scalar(_dig(limits, "cpus")) or ctx.scalar(get("cpus")),
        security_opt=ctx.scalars(get("security_opt")),
        cap_add=ctx.scalars(get("cap_add")),
        cap_drop=ctx.scalars(get("cap_drop")),
        tmpfs=ctx.scalars(get("tmpfs")),
        volumes=_volumes(get("volumes"), ctx),
        ports=_ports(get("ports"), ctx),
        environment=_environment(get("environment"), ctx),
        env_files=tuple(env_files),
        dockerfile_inline=inline,
        dockerfile_inline_block=block,
        secret_fallbacks=secret_fallbacks(get("environment")),
    )


def _dig(node: Node | None, *keys: str) -> Node | None:
    for key in keys:
        if node is None or not isinstance(node.value, dict):
            return None
        node = node.value.get(key)
    return node


def parse_compose(
    text: str, path: str, env: Mapping[str, str] | None = None
) -> tuple[ComposeFile, tuple[ParseIssue, ...]]:
    """Compose YAML -> (ComposeFile, issues). Pure, never raises."""
    ctx = _Ctx(path, env or {}, text)
    tree, problem = load_yaml(text, path)
    if problem is not None:
        return ComposeFile(path, error=problem), (problem,)
    if tree is None or not isinstance(tree.value, dict):
        issue = ParseIssue(Location(path, 1), "a compose file must be a mapping at the top level")
        return ComposeFile(path, error=issue), (issue,)
    services_node = tree.value.get("services")
    if services_node is None or services_node.value is None:
        return ComposeFile(path), ()
    if not isinstance(services_node.value, dict):
        issue = ParseIssue(Location(path, services_node.line), "`services` must be a mapping")
        return ComposeFile(path, error=issue), (issue,)
    services = []
    for name, node in services_node.value.items():
        if not isinstance(node.value, dict):
            message = f"service {shown(name)!r} is not a mapping"
            ctx.fatal.append(ParseIssue(Location(path, node.line), message))
            continue
        try:
            services.append(_service(name, _resolve_extends(name, services_node.value, ctx), ctx))
        except (TypeError, AttributeError, ValueError) as exc:
            message = f"service {shown(name)!r}: a value of the wrong type ({type(exc).__name__})"
            ctx.fatal.append(ParseIssue(Location(path, node.line), message))
    issues = (*ctx.fatal, *ctx.issues)
    error = ctx.fatal[0] if ctx.fatal else None
    return ComposeFile(path, tuple(services), error, issues), issues
