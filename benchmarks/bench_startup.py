"""Start-up time of dti-rules: what a person typing commands, or an app calling the command
line once per unit, waits for.

Run on demand (it is not a test)::

    .venv/bin/python benchmarks/bench_startup.py        # best of 15 runs each
    .venv/bin/python benchmarks/bench_startup.py 30     # best of 30

Each command runs as a fresh process, in turns (one run of each, then the next round), so a
change in the machine's speed touches all of them alike; the best run of each is compared
with the best run of ``python -c pass`` in the same environment. Goals: ``import dti_rules``
and ``dti-rules --version`` within 150 ms of ``python -c pass``, ``dti-rules deadline
PHRASE`` within 400 ms. ``dti-rules score`` (a whole evaluation, with the table) is shown
for comparison, without a goal.
"""

from __future__ import annotations

import os
import subprocess
import sys
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
        "dti-rules score (native, table)",
        [CLI, "score", "q10-dti-2024", EXAMPLE, "--backend", "native"],
        None,
    ),
]


def _once(command: list[str]) -> float:
    env = {**os.environ, "COLUMNS": "100"}
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main(rounds: int) -> int:
    for _label, command, _goal in COMMANDS:  # warm the file cache and .pyc files
        _once(command)
    best = {label: float("inf") for label, _c, _g in COMMANDS}
    for _ in range(rounds):
        for label, command, _goal in COMMANDS:
            best[label] = min(best[label], _once(command))
    base = best["python -c pass"]
    print(f"Python {sys.version.split()[0]}, best of {rounds} runs each, in turns")
    print(f"{'command':<34} {'best':>8} {'over python':>12}  goal")
    missed = 0
    for label, _command, goal in COMMANDS:
        over = (best[label] - base) * 1000
        verdict = ""
        if goal is not None:
            ok = over <= goal
            missed += not ok
            verdict = f"≤ {goal:.0f} ms: {'met' if ok else 'MISSED'}"
        extra = "" if label == "python -c pass" else f"{over:>9.0f} ms"
        print(f"{label:<34} {best[label] * 1000:>5.0f} ms {extra:>12}  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 15))
