"""Whether ejabberd is certainly not a subject on the target, without loading the ejabberd pack's parsers.

`gather_ejabberd` finds its configuration through ejabberdctl.cfg's `EJABBERD_CONFIG_PATH`, then the usual
places; with neither an ejabberdctl.cfg nor an ejabberd.yml in any of them it reports ejabberd absent, and so
does `absence` (with an ejabberdctl.cfg the gatherer decides). An audit asks this before it imports the
ejabberd rules.
"""

from __future__ import annotations

from garrison.facts.ejabberd.defaults import CONFIG_PATHS, CTL_PATHS
from garrison.options import AuditOptions
from garrison.targets.base import Target

OPT_CONFIGS = "/opt/ejabberd-*/conf/ejabberd.yml"
ABSENT = "ejabberd is not configured (no ejabberd.yml)"


def absence(target: Target, options: AuditOptions) -> str | None:
    """Why ejabberd is not a subject here, or None when it is or may be."""
    if any(target.stat(p) is not None for p in (*CTL_PATHS, *CONFIG_PATHS)) or target.glob(OPT_CONFIGS):
        return None
    return ABSENT
