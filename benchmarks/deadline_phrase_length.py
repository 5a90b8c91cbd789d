"""Time to read (or refuse) deadline phrases of growing length: reading is linear.

    python benchmarks/deadline_phrase_length.py

For each shape of phrase, prints the length and the best of five timings. Phrases longer
than ``MAX_PHRASE_LENGTH`` are refused before any reading, in constant time.
"""

from __future__ import annotations

import contextlib
import time

from dti_rules.calendar import MAX_PHRASE_LENGTH, parse_deadline
from dti_rules.errors import DeadlinePhraseError

SHAPES = {
    "prose then a deadline": "báo cáo kết quả triển khai {} trước ngày 20 của tháng",
    "repeated openers": "{}",
    "a list of quarters": "Quý I, {} II/2024",
}
FILLERS = {
    "prose then a deadline": "dự án ",
    "repeated openers": "trước tháng ",
    "a list of quarters": "quý I, ",
}


def _time(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        with contextlib.suppress(DeadlinePhraseError):
            parse_deadline(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    for shape, template in SHAPES.items():
        for length in (100, 250, 500, MAX_PHRASE_LENGTH - 60):
            filler = FILLERS[shape] * (length // len(FILLERS[shape]))
            text = template.format(filler)[:length]
            print(f"{shape:24} {len(text):7} chars  {1000 * _time(text):8.3f} ms")
    huge = "Quý II/2024 " * 10_000
    print(f"{'over the limit':24} {len(huge):7} chars  {1000 * _time(huge):8.3f} ms")


if __name__ == "__main__":
    main()
