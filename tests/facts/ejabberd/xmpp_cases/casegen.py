"""Shared helpers for the XMPP case generators (fixture roots under tests/cases)."""

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE.parents[2] / "cases"
MK = HERE


def sub(text, old, new, count=1):
    assert old in text, (old[:60],)
    return text.replace(old, new, count)


def line_of(text, marker, nth=1):
    seen = 0
    for i, text_line in enumerate(text.splitlines(), 1):
        if marker in text_line:
            seen += 1
            if seen == nth:
                return i
    raise AssertionError(f"marker {marker!r} not found")


def write_case(rule, name, files, evidence=(), message=None, extra=""):
    d = CASES / rule / name
    if d.exists():
        shutil.rmtree(d)
    for rel, content in files.items():
        p = d / "root" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content)
    if not files:
        (d / "root").mkdir(parents=True, exist_ok=True)
        (d / "root" / ".keep").write_text("")
    lines = []
    if evidence:
        lines.append("evidence = [" + ", ".join(f'"{e}"' for e in evidence) + "]")
    if message:
        lines.append(f'message = "{message}"')
    if extra:
        lines.append(extra.strip())
    if lines:
        (d / "expected.toml").write_text("\n".join(lines) + "\n")


def ev(files, rel, marker=None, nth=1):
    path = "/" + rel
    if marker is None:
        return path
    return f"{path}:{line_of(files[rel], marker, nth)}"
