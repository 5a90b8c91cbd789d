"""Scoring at scale: one unit by the command line, many units as a stream, peak memory.

Run on demand (it is not a test)::

    .venv/bin/python benchmarks/bench_scale.py                 # 2,000 units; RSS at 10k, 100k
    .venv/bin/python benchmarks/bench_scale.py 500 1000 5000   # other sizes
    .venv/bin/python benchmarks/bench_scale.py --memory 10000 100000   # the memory rows only

It prints, in one run:

1. the command line scoring one unit (``dti-rules score q10-dti-2024 EXAMPLE``) against
   ``python -c pass``, with an empty rule-set cache (cold) and a filled one (warm): the
   commands are run in turn, A B C A B C …, and each figure is the best of the rounds
   (``benchmarks/bench_startup.py`` times more commands, with processor time too);
2. the evaluators on the same 10,000 synthetic units (``bench_evaluate.py``: native,
   durable, bare durable_rules, the tuned and the simple hand-written scorers and
   zen-engine when installed, interleaved in blocks, best of 3 rounds, with the ratios);
3. ``evaluate_many`` units per second on the first size, whole Results back, in this process
   and on every core (the submissions given as a list, which forked workers start with, and
   as a stream, which is sent to them), alternating for several rounds (best of each), and
   the speed-up; then the size of a Result pickled alone, and the time to read it back
   against the time to evaluate it;
4. the peak resident memory of a process that evaluates a stream of N synthetic units and
   keeps nothing (goal: the same within 10% for every size, under 200 MB), then of one that
   ranks them with ``rank`` (a ranking keeps each unit's figures in a temporary file, not in
   memory), then of one that ranks them and writes the ranking's JSON a unit at a time (to
   ``os.devnull``), for each further size; all in one process, so that all the memory is
   counted in one place (with workers, each worker holds one rule set and a few chunks
   besides).

Submissions are synthetic Quận 10 units (``bench_evaluate.synthetic_data``), made one at a
time as the stream is read: memory measures what dti-rules keeps, not the test data.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_evaluate
from bench_evaluate import synthetic_data

from dti_rules import (
    CompiledRuleSet,
    Submission,
    evaluate,
    evaluate_many,
    load_ruleset,
    submission_from_data,
)
from dti_rules.analysis.ranking import rank
from dti_rules.engine import available_cores

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RULESET = "q10-dti-2024"
ROUNDS = 5


def _wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def cli_figures() -> None:
    example = str(ROOT / "examples" / "q10-dti-2024.example.json")
    score = [str(BIN / "dti-rules"), "score", RULESET, example]
    # bytecode is written (and the first run writes it), so no round compiles sources
    base_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as cold_root, tempfile.TemporaryDirectory() as warm:
        env = {**base_env, "DTI_RULES_CACHE_DIR": warm}
        subprocess.run(score, env=env, check=True, capture_output=True)  # fills the cache
        best = {"python -c pass": float("inf"), "cold cache": float("inf"), "warm": float("inf")}
        for round_ in range(ROUNDS):
            cold = {**base_env, "DTI_RULES_CACHE_DIR": f"{cold_root}/{round_}"}
            best["python -c pass"] = min(
                best["python -c pass"], _wall([sys.executable, "-c", "pass"], env)
            )
            best["cold cache"] = min(best["cold cache"], _wall(score, cold))
            best["warm"] = min(best["warm"], _wall(score, env))
    base = best["python -c pass"]
    print(f"one unit by the command line, best of {ROUNDS} rounds:")
    print(f"  python -c pass        {base * 1000:7.0f} ms")
    for name in ("cold cache", "warm"):
        extra = (best[name] - base) * 1000
        print(f"  score, {name:<14} {best[name] * 1000:7.0f} ms   (+{extra:.0f} ms)")


def _subs(count: int) -> list[Submission]:
    rs = load_ruleset(RULESET)
    return [submission_from_data(d, rs) for d in synthetic_data(rs, count)]


def stream_figures(count: int) -> None:
    rs = load_ruleset(RULESET)
    cores = available_cores()
    contenders = {
        "1 process": (1, list),
        f"{cores} workers, a list": (cores, list),
        f"{cores} workers, a stream": (cores, iter),
    }
    best = dict.fromkeys(contenders, float("inf"))
    cpu = {name: (float("inf"), float("inf")) for name in contenders}
    for round_ in range(3):
        names = list(contenders)
        for name in names[round_ % 3 :] + names[: round_ % 3]:  # each first in turn
            workers, given = contenders[name]
            subs = _subs(count)  # fresh: a Submission keeps its fingerprint once computed
            before = _cpu()
            start = time.perf_counter()
            for _result in evaluate_many(rs, given(subs), backend="native", workers=workers):
                pass
            best[name] = min(best[name], time.perf_counter() - start)
            after = _cpu()
            used = (after[0] - before[0], after[1] - before[1])
            cpu[name] = min(cpu[name], used, key=sum)
    one = count / best["1 process"]
    print(f"evaluate_many, native, {count:,} units, whole Results, best of 3 rounds:")
    print("  (CPU a unit: this process + its workers, the round that used least)")
    for name, took in best.items():
        rate = count / took
        mine, theirs = (seconds / count * 1e6 for seconds in cpu[name])
        print(
            f"  {name:<22} {rate:8,.0f} units/s   {rate / one:.2f}×"
            f"   CPU {mine:4.0f} + {theirs:4.0f} µs"
        )
    pickled_figures(rs)


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its children that have ended."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def pickled_figures(rs: CompiledRuleSet, count: int = 500) -> None:
    """A Result pickled alone: its size, and reading it back against evaluating it."""
    subs = _subs(count)
    results = [evaluate(rs, s, backend="native") for s in subs]
    data = [pickle.dumps(r) for r in results]
    best = {"evaluate": float("inf"), "pickle.loads": float("inf")}
    for _ in range(5):
        fresh = _subs(count)
        start = time.perf_counter()
        for sub in fresh:
            evaluate(rs, sub, backend="native")
        best["evaluate"] = min(best["evaluate"], time.perf_counter() - start)
        start = time.perf_counter()
        for one in data:
            pickle.loads(one)  # noqa: S301 - the pickles made just above
        best["pickle.loads"] = min(best["pickle.loads"], time.perf_counter() - start)
    size = sum(map(len, data)) / count
    print(f"a Result pickled alone: {size:,.0f} bytes on average; best of 5 rounds of {count}:")
    for name, took in best.items():
        print(f"  {name:<13} {took / count * 1e6:6.1f} µs a Result")


def _stream(count: int) -> Iterator[Submission]:
    rs = load_ruleset(RULESET)
    for data in synthetic_data(rs, count):
        yield submission_from_data(data, rs)


def _peak_kib() -> int:
    """This process's peak resident memory, KiB. Linux's VmHWM counts this program only;
    ``ru_maxrss`` would also count the parent it was started from (Linux keeps the largest
    of the two across fork and exec), so the rows would all show this benchmark's own size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _stream_rss(count: int) -> None:
    """In a child process: evaluate ``count`` streamed units, keep nothing, print peak RSS."""
    rs = load_ruleset(RULESET)
    start = time.perf_counter()
    seen = 0
    for _result in evaluate_many(rs, _stream(count), backend="native"):
        seen += 1
    took = time.perf_counter() - start
    print(f"{count} {_peak_kib()} {took:.1f} {seen}")


def _rank_rss(count: int) -> None:
    """In a child process: rank ``count`` streamed units in it, print its peak RSS."""
    rs = load_ruleset(RULESET)
    start = time.perf_counter()
    ranking = rank(rs, _stream(count), backend="native")
    took = time.perf_counter() - start
    print(f"{count} {_peak_kib()} {took:.1f} {len(ranking.entries)}")


def _rank_json_rss(count: int) -> None:
    """In a child process: rank ``count`` streamed units, write the ranking's JSON piece by
    piece to the null device, print peak RSS."""
    rs = load_ruleset(RULESET)
    start = time.perf_counter()
    ranking = rank(rs, _stream(count), backend="native")
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for piece in ranking.iter_json():
            sink.write(piece)
    took = time.perf_counter() - start
    print(f"{count} {_peak_kib()} {took:.1f} {len(ranking.entries)}")


def memory_figures(sizes: list[int]) -> None:
    """Every row runs with a rule-set cache of its own, filled first: a row measures
    evaluating and ranking, never compiling the rule set (which a cache that another version
    of dti-rules wrote would make it do)."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "DTI_RULES_CACHE_DIR": cache}
        fill = [sys.executable, __file__, "--stream-rss", "1"]
        subprocess.run(fill, env=env, check=True, capture_output=True)
        _memory_table(sizes, env)


def _memory_table(sizes: list[int], env: dict[str, str]) -> None:
    for mode, title in (
        ("--stream-rss", "evaluate_many over a stream of units, nothing kept"),
        ("--rank-rss", "rank over a stream of units (every unit's figures in a temporary file)"),
        ("--rank-json-rss", "rank over a stream of units, then its JSON written"),
    ):
        print(f"{title}, one process, peak resident memory:")
        _memory_rows(mode, sizes, env)


def _memory_rows(mode: str, sizes: list[int], env: dict[str, str]) -> None:
    for count in sizes:
        out = subprocess.run(
            [sys.executable, __file__, mode, str(count)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        peak = int(out[1]) / 1024
        took, ranked = float(out[2]), int(out[3])
        print(f"  {count:>8,} units   {peak:6.1f} MiB   {took:6.1f} s   {ranked:,} done")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--rank-rss"]:
        _rank_rss(int(argv[1]))
        return
    if argv[:1] == ["--rank-json-rss"]:
        _rank_json_rss(int(argv[1]))
        return
    if argv[:1] == ["--stream-rss"]:
        _stream_rss(int(argv[1]))
        return
    if argv[:1] == ["--memory"]:
        memory_figures([int(a) for a in argv[1:]] or [10_000, 100_000])
        return
    sizes = [int(a) for a in argv] or [2000, 10_000, 100_000]
    cli_figures()
    print()
    bench_evaluate.main(10_000, 3)
    print()
    stream_figures(sizes[0])
    memory_figures(sizes[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
