"""Every config of the services fixture host with one byte made Latin-1: no rule may crash or end in an
internal error, and every report stays encodable (issue 7, class 2). Programs read configs as bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import prepare_target
from garrison.engine import run_audit
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
from reportkit import as_json_text, as_text

REPORTS = Path(__file__).resolve().parent.parent / "reports"


@pytest.mark.slow
@pytest.mark.parametrize("host", ["services"])
def test_a_latin1_byte_in_any_config_is_no_crash(host: str, tmp_path: Path) -> None:
    root = Path(prepare_target(REPORTS / host, tmp_path).root)
    rules = load_rules()
    files = [p for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()]
    mutated = 0
    for path in files:
        data = path.read_bytes()
        if b"\x00" in data or b"e" not in data:
            continue
        path.write_bytes(data.replace(b"e", b"\xe9", 1))
        mutated += 1
        result = run_audit(RootDirTarget(str(root)), rules)
        as_json_text(result).encode("utf-8")
        as_text(result, show_passed=True).encode("utf-8")
        crashed = [f"{f.rule_id}: {f.message}" for f in result.findings if "internal error" in f.message]
        assert not crashed, f"{path.relative_to(root)}: {crashed}"
        path.write_bytes(data)
    assert mutated > 15
