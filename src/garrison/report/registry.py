"""The renderer registry: report format name -> the module that renders it, imported only when used.

A renderer is `render(report: Report, options: RenderOptions) -> str`; it formats the report model and
computes nothing. Adding a format is one module plus one line in `report/formats.py`, which the command
line reads at start-up without importing this module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from garrison.report.formats import FORMATS

if TYPE_CHECKING:
    from garrison.report.model import Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    color: bool = False
    width: int | None = None  # a terminal's width; None: a file or a pipe (no wrapping)
    show_passed: bool = False


Renderer = Callable[["Report", RenderOptions], str]


def renderer(name: str) -> Renderer:
    """The render function of format `name` (KeyError for an unknown one)."""
    module, _ = FORMATS[name]
    render: Renderer = importlib.import_module(module).render
    return render
