"""A ranking's temporary database: in no folder, and gone after the ranking, an error or an
interrupt."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dti_rules import DtiRulesError, load_ruleset
from dti_rules.analysis.ranking import _ranking

RS = load_ruleset("q10-dti-2024")
GROUPS = sum(1 for g in RS.groups if g.max_points)
FDS = Path("/proc/self/fd")
#: enough units that the database outgrows its page cache and SQLite writes its file
MANY = 20_000

pytestmark = pytest.mark.skipif(not FDS.is_dir(), reason="reads Linux's /proc/self/fd")


def _open_files() -> set[str]:
    found = set()
    for fd in os.listdir(FDS):
        try:
            found.add(os.readlink(FDS / fd))
        except OSError:  # the descriptor listdir itself used
            continue
    return found


def _rows(count: int, *, then: BaseException | None = None, twice: int | None = None) -> Iterator:
    for n in range(count):
        yield (f"u{n}", f"Đơn vị {n}", n % 10_001, n, (n % 7,) * GROUPS)
    if twice is not None:
        yield (f"u{twice}", "again", 0, 0, (0,) * GROUPS)
    if then is not None:
        raise then


def test_the_database_is_in_no_folder_and_goes_with_the_ranking() -> None:
    before = _open_files()
    ranking = _ranking(RS, _rows(MANY))
    assert ranking.entries[0].unit == "u10000" and len(ranking.entries) == MANY
    opened = _open_files() - before
    assert opened, "the database spilled to no file: the test proves nothing"
    assert all(path.endswith("(deleted)") for path in opened), opened
    del ranking
    assert _open_files() - before == set()


@pytest.mark.parametrize(
    ("stop", "expected"),
    [
        ({"then": KeyboardInterrupt()}, KeyboardInterrupt),
        ({"then": OSError("disk gone")}, OSError),
        ({"twice": 7}, DtiRulesError),
    ],
)
def test_an_error_or_interrupt_leaves_no_file_open(stop: dict, expected: type) -> None:
    before = _open_files()
    with pytest.raises(expected) as raised:
        _ranking(RS, _rows(MANY, **stop))
    if expected is DtiRulesError:
        assert "'u7' is given twice" in str(raised.value)
    raised = None  # type: ignore[assignment]  # its traceback holds the frames
    assert _open_files() - before == set()


def test_a_pickled_ranking_carries_its_entries() -> None:
    ranking = _ranking(RS, _rows(50))
    again = pickle.loads(pickle.dumps(ranking))
    assert again == ranking
    assert list(again.entries) == list(ranking.entries)
    assert again.to_json() == ranking.to_json()


def test_csv_is_written_a_few_hundred_units_at_a_time() -> None:
    from dti_rules.formats.csvio import _CSV_BATCH, iter_ranking_csv, ranking_csv  # noqa: PLC0415

    count = 2 * _CSV_BATCH + 76
    ranking = _ranking(RS, _rows(count))
    pieces = list(iter_ranking_csv(ranking))
    assert len(pieces) == 3 and all(piece.endswith("\n") for piece in pieces)
    rows = list(csv.reader(io.StringIO("".join(pieces))))
    assert len(rows) == count + 1
    assert [(int(r[0]), r[1], r[3]) for r in rows[1:]] == [
        (e.rank, e.unit, str(e.index)) for e in ranking.entries
    ]
    assert "".join(pieces) == ranking_csv(ranking)


def test_a_failure_while_writing_pieces_leaves_no_file(tmp_path: Path) -> None:
    from dti_rules._fileio import write_atomic  # noqa: PLC0415

    def pieces() -> Iterator[bytes]:
        yield b"rank,unit\n"
        raise KeyboardInterrupt

    target = tmp_path / "rank.csv"
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, pieces())
    assert list(tmp_path.iterdir()) == []
    write_atomic(target, iter([b"rank,", b"unit\n"]))
    assert target.read_bytes() == b"rank,unit\n"


def test_json_and_html_are_written_in_small_pieces() -> None:
    """Writing a ranking holds a piece of it at a time: many pieces, none of them large."""
    from dti_rules.formats.html import iter_ranking_html, ranking_html  # noqa: PLC0415

    ranking = _ranking(RS, _rows(3000))
    for pieces, whole in (
        (list(ranking.iter_json()), ranking.to_json()),
        (list(iter_ranking_html(ranking, RS, lang="vi")), ranking_html(ranking, RS, lang="vi")),
    ):
        assert "".join(pieces) == whole
        assert len(pieces) > 30
        assert max(map(len, pieces)) < len(whole) / 20
    assert json.loads(ranking.to_json())["units"][0]["unit"] == "u2999"


def _full_disk(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    """Every new database may grow to ``pages`` pages, as on a disk that is full."""
    connect = sqlite3.connect

    def limited(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(sqlite3, "connect", limited)


def test_a_full_disk_is_a_clear_error_with_no_file_left_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _full_disk(monkeypatch, 40)
    before = _open_files()
    with pytest.raises(DtiRulesError) as raised:
        _ranking(RS, _rows(MANY))
    assert "the ranking cannot keep its units in a temporary file: database or disk is full" in (
        str(raised.value)
    )
    assert "không thể lưu các đơn vị vào tệp tạm" in raised.value.text("vi")
    raised = None  # type: ignore[assignment]
    assert _open_files() - before == set()


def test_rank_command_on_a_full_disk_exits_3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner  # noqa: PLC0415

    from dti_rules.cli import main  # noqa: PLC0415
    from dti_rules.rulesets import examples_dir  # noqa: PLC0415

    _full_disk(monkeypatch, 1)
    out = tmp_path / "rank.json"
    example = str(examples_dir() / "q10-dti-2024.example.json")
    done = CliRunner().invoke(main, ["rank", "q10-dti-2024", example, "-o", str(out)])
    assert done.exit_code == 3, done.output
    assert "temporary file" in done.output and "Traceback" not in done.output
    assert not out.exists()
