"""Start-up time of the commands people type most: wall seconds from launch to exit.

Each command runs --runs times in a fresh process against a throw-away TIDINGS_HOME (set
up once with `tidings init`, so `sources list` reads a real, empty database). The median
wall time is the figure, with its CPU seconds beside it; min and max show the spread that
other work on the machine adds.

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGE = Path(__file__).resolve().parents[1] / "src/tidings/extract/testdata/jsonld_article.html"
COMMANDS = {
    "tidings --help": ["--help"],
    "tidings --version": ["--version"],
    "tidings sources list": ["sources", "list"],
    "tidings extract PAGE": ["extract", str(PAGE)],
}


def tidings(args: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run: on a busy machine the CPU time
    shows what the command costs, the wall time what a person waits."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tidings", *args],
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return time.perf_counter() - started, children_cpu() - cpu_before


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tidings-startup-") as home:
        env = {**os.environ, "TIDINGS_HOME": home}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        subprocess.run(
            [sys.executable, "-m", "tidings", "init"],
            env=env,
            check=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
        )
        results = {}
        for name, args in COMMANDS.items():
            tidings(args, env)  # warm the file cache: the figure is start-up, not disk
            walls, cpus = zip(*(tidings(args, env) for _ in range(options.runs)), strict=True)
            results[name] = {
                "median_s": round(statistics.median(walls), 3),
                "min_s": round(min(walls), 3),
                "max_s": round(max(walls), 3),
                "median_cpu_s": round(statistics.median(cpus), 3),
            }
            print(
                f"{name:<24} median {results[name]['median_s']:.3f} s wall, "
                f"{results[name]['median_cpu_s']:.3f} s CPU",
                file=sys.stderr,
            )
    print(json.dumps({"load_average": os.getloadavg(), "runs": options.runs, **results}))


if __name__ == "__main__":
    main()
