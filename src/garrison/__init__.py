"""Garrison: audit and harden self-hosted Linux servers."""

__version__ = "0.1.0"
