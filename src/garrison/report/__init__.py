"""Renderers of an audit result: `text` (rich terminal) and `json` (schema v1)."""
