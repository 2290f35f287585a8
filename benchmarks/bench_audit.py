"""Garrison benchmarks: wall time and peak memory of whole audits, and CLI start-up.

    python benchmarks/bench_audit.py [--repeat N] [--json]

Measures, each in a fresh subprocess so imports and peak RSS are honest:
- fixture:   in-process audit of tests/reports/fullroot/root (target <= 0.3 s, median of N after a warm-up)
- services:  in-process audit of tests/reports/services/root, every service present (target <= 0.5 s)
- large:     a synthetic root: 50k iptables rules, 5k accounts, 500 sysctl files, 1k sshd Match blocks
             (target <= 3 s and <= 250 MB peak RSS; median of two runs after a first, cold one)
- version:   `garrison --version` wall time (target <= 0.15 s, median of N)
Not part of the test suite: timings depend on the machine. Subprocesses run with bytecode caching on, as an
installed package has it (PYTHONDONTWRITEBYTECODE is dropped and one warm-up import writes the caches), so
"cold" is a fresh process, not a first compile of every module.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The environment of every measured subprocess: with bytecode caches, as an installed package runs.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURE_ROOT = REPO / "tests" / "reports" / "fullroot" / "root"
SERVICES_ROOT = REPO / "tests" / "reports" / "services" / "root"

_IN_PROCESS = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from garrison.engine import run_audit
from garrison.rules.registry import load_rules
from garrison.targets.rootdir import RootDirTarget
rules = load_rules()
imported = time.perf_counter() - t0
root, repeat = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(repeat):
    t = time.perf_counter()
    result = run_audit(RootDirTarget(root), rules)
    times.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "import": imported, "peak_mb": peak, "rules": len(rules),
                  "fails": sum(f.status == "fail" for f in result.findings)}))
"""


def measure(root: Path, repeat: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, str(root), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    )
    data = json.loads(done.stdout)
    times = data["times"]
    return {
        "first_s": round(times[0], 4),
        "median_s": round(statistics.median(times[1:] or times), 4),
        "import_s": round(data["import"], 4),
        "cold_total_s": round(data["import"] + times[0], 4),
        "peak_mb": round(data["peak_mb"], 1),
        "rules": data["rules"],
        "fails": data["fails"],
    }


def make_large_root(base: Path) -> Path:
    root = base / "large"
    for sub in ("etc/ssh", "etc/sysctl.d", "etc/iptables", "var/lib/dpkg"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    rules = ["*filter", ":INPUT DROP [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]"]
    rules += ["-A INPUT -i lo -j ACCEPT", "-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT"]
    for i in range(50_000):
        net = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
        rules.append(f"-A INPUT -s {net}/32 -p tcp -m tcp --dport {1024 + i % 60000} -j ACCEPT")
    rules += ["-A INPUT -j DROP", "COMMIT", ""]
    (root / "etc/iptables/rules.v4").write_text("\n".join(rules))
    (root / "etc/iptables/rules.v6").write_text("\n".join(rules))
    passwd = ["root:x:0:0:root:/root:/bin/bash"]
    shadow = ["root:*:19700:0:99999:7:::"]
    group = ["root:x:0:", "sudo:x:27:" + ",".join(f"user{i}" for i in range(0, 5000, 50))]
    for i in range(5000):
        passwd.append(f"user{i}:x:{2000 + i}:{2000 + i}::/home/user{i}:/bin/bash")
        shadow.append(f"user{i}:$y$j9T$salt{i}$hash{i}:19700:0:99999:7:::")
        group.append(f"user{i}:x:{2000 + i}:")
    (root / "etc/passwd").write_text("\n".join(passwd) + "\n")
    (root / "etc/shadow").write_text("\n".join(shadow) + "\n")
    (root / "etc/group").write_text("\n".join(group) + "\n")
    for i in range(500):
        (root / f"etc/sysctl.d/{i:03d}-tuning.conf").write_text(
            f"# file {i}\nnet.ipv4.conf.all.accept_redirects = {i % 2}\nvm.swappiness = {i % 100}\n"
            f"net.core.somaxconn = {1024 + i}\nkernel.randomize_va_space = 2\n"
        )
    sshd = ["PasswordAuthentication no", "PermitRootLogin no", "X11Forwarding no"]
    for i in range(1000):
        sshd += [
            f"Match User user{i} Address 10.{i % 256}.0.0/16",
            "    PasswordAuthentication no",
            "    X11Forwarding no",
        ]
    (root / "etc/ssh/sshd_config").write_text("\n".join(sshd) + "\n")
    (root / "var/lib/dpkg/status").write_text(
        "".join(
            f"Package: pkg{i}\nStatus: install ok installed\nVersion: 1.{i}\nArchitecture: amd64\n\n"
            for i in range(3000)
        )
    )
    return root


def warm_up() -> None:
    """Import everything an audit imports once, so the bytecode caches exist before anything is timed."""
    code = (
        "from garrison.rules.registry import load_rules; from garrison.facts.catalog import default_gatherers"
    )
    code += "; import garrison.engine, garrison.cli.main; load_rules(); default_gatherers()"
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)


def time_version(repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "garrison", "--version"], capture_output=True, check=True, env=ENV
        )
        times.append(time.perf_counter() - start)
    garrison = Path(sys.executable).with_name("garrison")
    if garrison.exists():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([str(garrison), "--version"], capture_output=True, check=True, env=ENV)
            times.append(time.perf_counter() - start)
    return round(statistics.median(times), 4)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    warm_up()
    results: dict[str, object] = {"fixture": measure(FIXTURE_ROOT, args.repeat)}
    if SERVICES_ROOT.exists():
        results["services"] = measure(SERVICES_ROOT, args.repeat)
    with tempfile.TemporaryDirectory(prefix="garrison-bench-") as tmp:
        results["large"] = measure(make_large_root(Path(tmp)), 3)
    results["version_s"] = time_version(args.repeat)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    targets = {"fixture": "<= 0.3 s", "services": "<= 0.5 s", "large": "<= 3 s, <= 250 MB"}
    for name, data in results.items():
        if isinstance(data, dict):
            print(
                f"{name:<9} median {data['median_s']:.3f} s  cold {data['cold_total_s']:.3f} s  "
                f"peak {data['peak_mb']:.0f} MB  rules {data['rules']}  fails {data['fails']}  "
                f"target {targets[name]}"
            )
    print(f"version   median {results['version_s']:.3f} s  target <= 0.15 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
