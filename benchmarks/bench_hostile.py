"""Hostile and broken inputs through the command line: what happens to each.

Run on demand (it is not a test)::

    .venv/bin/python benchmarks/bench_hostile.py              # 20 s per case, 1,536 MB cap
    .venv/bin/python benchmarks/bench_hostile.py 10 1024      # other budgets

Every case of ``tests/hostile_corpus.py`` (crafted submissions as JSON, YAML, CSV and Excel
forms, rule sets, reported figures, deadline phrases, all made by code) is run as the
command a user would type, in this process, with its address space capped. It prints one
line per case (exit status, seconds, the last line of the output) and then the counts:
inputs tried, tracebacks, timeouts, exit statuses other than 0, 1 and 3, and the peak memory.
It exits with status 1 if any case gave a traceback, timed out or exited otherwise.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hostile_corpus import limit_memory, run_all


def main(argv: list[str]) -> int:
    timeout = float(argv[0]) if argv else 20.0
    cap = int(argv[1]) if len(argv) > 1 else 1536
    limit_memory(cap)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        outcomes, peak = run_all(Path(folder), timeout)
    for o in outcomes:
        last = o.output.strip().splitlines()[-1] if o.output.strip() else ""
        flag = "TRACEBACK" if o.traceback else "TIMEOUT" if o.timed_out else ""
        print(f"{o.name:28} exit {o.exit_code!s:4} {o.seconds:7.2f} s {flag:9} {last[:90]}")
    tracebacks = sum(1 for o in outcomes if o.traceback)
    timeouts = sum(1 for o in outcomes if o.timed_out)
    odd = sum(1 for o in outcomes if not o.timed_out and o.exit_code not in (0, 1, 3))
    print()
    print(f"inputs tried:      {len(outcomes)}")
    print(f"tracebacks:        {tracebacks}")
    print(f"timeouts (> {timeout:g} s): {timeouts}")
    print(f"other exit status: {odd}")
    print(f"slowest case:      {max(o.seconds for o in outcomes):.2f} s")
    print(f"peak memory:       {peak:.0f} MB (cap {cap} MB)")
    print(f"total time:        {time.monotonic() - started:.1f} s")
    return 1 if tracebacks or timeouts or odd else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
