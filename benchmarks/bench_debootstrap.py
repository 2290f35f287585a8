"""The audit of a real Debian 12 tree: debootstrapped with OpenSSH, nginx, Prosody and PostgreSQL installed.

    python benchmarks/bench_debootstrap.py [--repeat N] [--json]       (as root: it builds the tree once)

The tree is tests/chroots.py's BOOKWORM chroot (built with debootstrap on first use, then cached in
/var/cache/garrison-tests/bookworm). Measured, each in a fresh process with bytecode caches (as an installed
package runs):
- cli:      `garrison audit --root TREE --format json -o /dev/null` wall time, start-up included (target
            <= 0.5 s, median of N after a warm-up run);
- phases:   in one process: imports and rule loading, the first audit, the median of later audits;
- peak RSS of the CLI run.
Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from bench_audit import ENV, measure, warm_up  # noqa: E402

from chroots import BOOKWORM, build_chroot  # noqa: E402


def time_cli(root: Path, repeat: int) -> dict[str, float]:
    garrison = Path(sys.executable).with_name("garrison")
    argv = [str(garrison)] if garrison.exists() else [sys.executable, "-m", "garrison"]
    argv += ["audit", "--root", str(root), "--format", "json", "-o", "/dev/null"]
    subprocess.run(argv, capture_output=True, check=False, env=ENV)  # warm-up: OS file cache, bytecode
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"median_s": round(statistics.median(times), 4), "min_s": round(min(times), 4), "peak_mb": peak}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    root, reason = build_chroot(BOOKWORM)
    if root is None:
        print(f"no Debian 12 tree: {reason}", file=sys.stderr)
        return 2
    warm_up()
    results = {"cli": time_cli(root, args.repeat), "phases": measure(root, args.repeat)}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    cli, phases = results["cli"], results["phases"]
    print(
        f"cli       median {cli['median_s']:.3f} s  min {cli['min_s']:.3f} s  peak {cli['peak_mb']:.0f} MB  "
        "target <= 0.5 s"
    )
    print(
        f"phases    import {phases['import_s']:.3f} s  first audit {phases['first_s']:.3f} s  "
        f"later audits {phases['median_s']:.3f} s  rules {phases['rules']}  fails {phases['fails']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
