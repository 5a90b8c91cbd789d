"""Start-up time of dti-rules: what a person typing commands, or an app calling the command
line once per unit, waits for.

Run on demand (it is not a test)::

    .venv/bin/python benchmarks/bench_startup.py        # best of 15 runs each
    .venv/bin/python benchmarks/bench_startup.py 30     # best of 30

Each command runs as a fresh process, in turns (one run of each, then the next round), so a
change in the machine's speed touches all of them alike; the best run of each is compared
with the best run of ``python -c pass`` in the same environment. Goals: ``import dti_rules``
and ``dti-rules --version`` within 150 ms of ``python -c pass``, ``dti-rules deadline
PHRASE`` within 400 ms, ``dti-rules score q10-dti-2024 FILE`` (a whole evaluation by the
default backend, with the table) within 300 ms with the rule set in the cache. The same
command with an empty cache is shown without a goal.

Besides the wall-clock time, each row shows the processor time of its best run (user and
system, read from the operating system for the finished process): on a machine shared with
other work, wall-clock times wait for a processor and swing, processor times much less.
Compiled bytecode is written (``PYTHONDONTWRITEBYTECODE`` is taken out of the environment) and
every command runs once before the rounds, so no row pays for compiling Python sources.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CLI = str(Path(PYTHON).parent / "dti-rules")
EXAMPLE = str(ROOT / "examples" / "q10-dti-2024.example.json")

#: (label, command, goal in ms over ``python -c pass`` or None)
COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("python -c pass", [PYTHON, "-c", "pass"], None),
    ("import dti_rules", [PYTHON, "-c", "import dti_rules"], 150),
    ("dti-rules --version", [CLI, "--version"], 150),
    (
        "dti-rules deadline PHRASE",
        [CLI, "deadline", "trước ngày 15 hằng tháng", "--issued", "2024-03-29"],
        400,
    ),
    (
        "dti-rules score (table)",
        [CLI, "score", "q10-dti-2024", EXAMPLE],
        300,
    ),
    (
        "dti-rules score (native, table)",
        [CLI, "score", "q10-dti-2024", EXAMPLE, "--backend", "native"],
        None,
    ),
    (
        "dti-rules score, empty cache",
        [CLI, "score", "q10-dti-2024", EXAMPLE],
        None,
    ),
]
#: The rows that start with an empty rule-set cache.
COLD = {"dti-rules score, empty cache"}


def _once(label: str, command: list[str]) -> tuple[float, float]:
    """Wall-clock and processor seconds of one run of ``command``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["COLUMNS"] = "100"
    with tempfile.TemporaryDirectory() as empty:
        if label in COLD:
            env["DTI_RULES_CACHE_DIR"] = empty
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(rounds: int) -> int:
    for label, command, _goal in COMMANDS:  # warm the file cache, .pyc files, rule sets
        _once(label, command)
    best = {label: float("inf") for label, _c, _g in COMMANDS}
    best_cpu = dict(best)
    for _ in range(rounds):
        for label, command, _goal in COMMANDS:
            wall, cpu = _once(label, command)
            best[label] = min(best[label], wall)
            best_cpu[label] = min(best_cpu[label], cpu)
    base, base_cpu = best["python -c pass"], best_cpu["python -c pass"]
    print(f"Python {sys.version.split()[0]}, best of {rounds} runs each, in turns")
    print(f"{'command':<34} {'best':>8} {'over python':>12} {'processor':>10} {'over':>8}  goal")
    missed = 0
    for label, _command, goal in COMMANDS:
        over = (best[label] - base) * 1000
        over_cpu = (best_cpu[label] - base_cpu) * 1000
        verdict = ""
        if goal is not None:
            ok = over <= goal
            missed += not ok
            verdict = f"≤ {goal:.0f} ms: {'met' if ok else 'MISSED'}"
        first = label == "python -c pass"
        extra = "" if first else f"{over:>9.0f} ms"
        extra_cpu = "" if first else f"{over_cpu:>5.0f} ms"
        print(
            f"{label:<34} {best[label] * 1000:>5.0f} ms {extra:>12} "
            f"{best_cpu[label] * 1000:>7.0f} ms {extra_cpu:>8}  {verdict}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 15))
