"""Write the nginx.* rule case folders under tests/cases (run once: `python tests/facts/nginx/make_cases.py`).

Every case is the hardened site of casegen.py with one change (specs_tls.py, specs_http.py); `cite` names a
text whose line the outcome must cite (`@path` alone: that file with no line, for an absent setting).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from casegen import GOOD_SITE, MAIN, NGINX_CONF, SITE, cite_line
from specs_http import HTTP_SPECS
from specs_tls import TLS_SPECS
from specs_valid import VALID_SPECS

CASES = Path(__file__).resolve().parents[2] / "cases"
CASESPEC = {**TLS_SPECS, **HTTP_SPECS, **VALID_SPECS}


def main() -> None:
    for case, spec in CASESPEC.items():
        site_edit, main_edit, cite, extra = spec[:4]
        message = spec[4] if len(spec) > 4 else None
        folder = CASES / case
        if folder.exists():
            shutil.rmtree(folder)
        files = {
            MAIN: main_edit(NGINX_CONF) if main_edit else NGINX_CONF,
            SITE: site_edit(GOOD_SITE) if site_edit else GOOD_SITE,
            "/etc/nginx/mime.types": "types {\n    text/html html htm;\n    text/css css;\n}\n",
        }
        files.update({"/" + k: v for k, v in extra.items()})
        for path, text in files.items():
            target = folder / "root" / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        expected = f'evidence = ["{cite_line(files, cite)}"]\n' if cite else ""
        if message:
            expected += f"message = {json.dumps(message)}\n"
        if "THE-SECRET" in "".join(files.values()):
            expected += 'secret_absent = "THE-SECRET"\n'
        if expected:
            (folder / "expected.toml").write_text(expected)


if __name__ == "__main__":
    main()
