"""Write src/garrison/data/rule_index.json, the rule index (`garrison.rules.index`), from the rules.

python scripts/rule_index.py          (after adding or changing a rule; tests/rules/test_rule_index.py
                                       fails while the index differs from the rules)
"""

from __future__ import annotations

import json
from pathlib import Path

from garrison.rules.index import INDEX_FILE, index_entries
from garrison.rules.registry import load_rules

PATH = Path(__file__).resolve().parent.parent / "src" / "garrison" / Path(*INDEX_FILE)


def main() -> int:
    PATH.write_text(
        json.dumps(index_entries(load_rules()), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {PATH} ({len(load_rules())} rules)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
