"""``Result.to_json()`` against the way it was written before, in one run.

Run on demand (it is not a test)::

    .venv/bin/python benchmarks/bench_to_json.py            # 300 Results, 5 rounds
    .venv/bin/python benchmarks/bench_to_json.py 1000 7     # other sizes

Contenders, on the same synthetic Quận 10 Results (``bench_evaluate.synthetic``), in English
and in Vietnamese:

- ``json.dumps(indent=2)`` (before): ``json.dumps(result.to_dict(lang), ensure_ascii=False,
  indent=2)``, which ``indent`` sends to the pure-Python encoder;
- ``to_json``: ``result.to_json(lang)``, the same text (checked first) written with the C
  encoder's string function and the indentation written by dti-rules;
- the encoders alone, on the same dicts made beforehand: ``json.dumps(indent=2)`` and
  ``dumps_indented``, and, for scale, ``json.dumps`` without ``indent`` (the C encoder,
  compact text: not the same bytes).

Each round runs every contender on every Result, starting one place further in the order
each round; each figure is the best round's.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_evaluate import synthetic

from dti_rules import Result, evaluate, load_ruleset
from dti_rules._json_text import dumps_indented

RULESET = "q10-dti-2024"


def contenders(results: list[Result], lang: str) -> dict[str, Callable[[], object]]:
    dicts = [r.to_dict(lang) for r in results]

    def before() -> object:
        return [json.dumps(r.to_dict(lang), ensure_ascii=False, indent=2) + "\n" for r in results]

    def now() -> object:
        return [r.to_json(lang) for r in results]

    def encoder(encode: Callable[[Any], str]) -> Callable[[], object]:
        return lambda: [encode(d) for d in dicts]

    return {
        "json.dumps(to_dict(), indent=2)": before,
        "to_json()": now,
        "encoder alone: json.dumps(indent=2)": encoder(
            lambda d: json.dumps(d, ensure_ascii=False, indent=2)
        ),
        "encoder alone: dumps_indented": encoder(dumps_indented),
        "encoder alone: json.dumps, compact (C)": encoder(
            lambda d: json.dumps(d, ensure_ascii=False)
        ),
    }


def main(count: int, rounds: int) -> None:
    rs = load_ruleset(RULESET)
    results = [evaluate(rs, s, backend="native") for s in synthetic(rs, count)]
    for r in results:
        for lang in ("en", "vi"):
            old = json.dumps(r.to_dict(lang), ensure_ascii=False, indent=2) + "\n"
            assert r.to_json(lang) == old, "to_json must give the bytes it gave before"
    size = sum(len(r.to_json().encode("utf-8")) for r in results) / count
    print(f"{count:,} Results of {RULESET} (about {size / 1024:,.0f} kB of JSON each), ", end="")
    print(f"best of {rounds} rounds, ms a Result:")
    for lang in ("en", "vi"):
        runs = contenders(results, lang)
        best = dict.fromkeys(runs, float("inf"))
        names = list(runs)
        for round_ in range(rounds):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                start = time.perf_counter()
                runs[name]()
                best[name] = min(best[name], time.perf_counter() - start)
        base = best["json.dumps(to_dict(), indent=2)"]
        encoder = best["encoder alone: json.dumps(indent=2)"]
        print(f"  {lang}:")
        for name, took in best.items():
            against = base if not name.startswith("encoder") else encoder
            print(f"    {name:<40} {took / count * 1000:7.2f} ms   {against / took:5.2f}× as fast")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [300, 5][len(args) :]))
