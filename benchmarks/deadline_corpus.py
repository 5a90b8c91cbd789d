"""Read every phrase of the deadline corpus and print how many were read as expected.

    python benchmarks/deadline_corpus.py [--all]

Prints the share read as expected, the count read wrongly without a note (the goal is none),
the count read wrongly with a note and the count refused although a reading was expected;
each phrase not read as expected is listed with what the reader gave (all phrases with
``--all``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from phrase_corpus import judge_all


def main(argv: list[str]) -> int:
    verdicts = judge_all()
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[verdict.outcome] = counts.get(verdict.outcome, 0) + 1
        if not verdict.ok or "--all" in argv:
            entry = verdict.entry
            print(f"{verdict.outcome:20} {entry['phrase']!r}")
            print(f"{'':20} expected {entry['kind']} {[str(d) for d in entry['nominal']]}")
            print(f"{'':20} read     {verdict.found}")
    total = len(verdicts)
    expected = counts.get("expected", 0)
    print(f"phrases: {total}")
    print(f"read as expected: {expected} ({100 * expected / total:.1f}%)")
    print(f"read wrongly without a note: {counts.get('wrong_without_note', 0)}")
    print(f"read wrongly with a note: {counts.get('wrong_with_note', 0)}")
    print(f"refused although a reading was expected: {counts.get('refused', 0)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
