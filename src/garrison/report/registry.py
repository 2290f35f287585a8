"""The renderer registry: report format name -> the module that renders it, imported only when used.

A renderer is `render(report: Report, options: RenderOptions) -> str`; it formats the report model and
computes nothing. Adding a format is one module plus one line here. This module imports nothing heavy so the
command line can list the formats at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from garrison.report.model import Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    color: bool = False
    width: int | None = None  # a terminal's width; None: a file or a pipe (no wrapping)
    show_passed: bool = False


Renderer = Callable[["Report", RenderOptions], str]

#: name -> (module, one line for --help). The module defines `render`.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("garrison.report.text", "the terminal report: score, then findings with evidence and fix"),
    "json": ("garrison.report.json", "a versioned document (schema: garrison/data/schema/report-v1.json)"),
}


def renderer(name: str) -> Renderer:
    """The render function of format `name` (KeyError for an unknown one)."""
    module, _ = FORMATS[name]
    render: Renderer = importlib.import_module(module).render
    return render
