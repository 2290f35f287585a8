import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
# Test this checkout's code even when another checkout is the installed (editable) one.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False, help="rewrite golden files; review the diff"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """Write the case fixtures whose content depends on today's date before anything is collected:
    tls.certificate-expiring-* cases need certificates that expire N days from now (git-ignored)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "facts" / "tls"))
    from make_cases import write_dynamic_cases

    write_dynamic_cases()
