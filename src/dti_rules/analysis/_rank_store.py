"""Where a ranking keeps its units: a private temporary database on disk, not the memory.

Each unit's row (id, name, published index and points, group indices, all as whole numbers
of their last decimal place) is written to a private temporary SQLite database as it
arrives; SQLite sorts them and works out the competition ranks with sorts that spill to
disk, so ranking 100,000 units takes the memory ranking 10,000 does. The database file is
made by SQLite with no name in any folder (it is unlinked as soon as it is opened) and goes
when the store is closed or collected, after an error or an interrupt too.

Unit ids and names are kept as UTF-8 bytes (lone surrogates passed through): SQLite
compares them byte by byte, which orders them by code point, as Python orders ``str``.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import DtiRulesError, msg

#: What a ranking keeps of one unit: its id, its name, and its published index, points
#: and group indices as whole numbers of their last decimal place (0.9709 → 9709 at 4
#: places; None for a group without an index).
Row = tuple[str, str, int, int, tuple[int | None, ...]]

#: A ranked row: its place in the order (0 first), the unit's id, name, index, points and
#: rank, then each group's index and rank (None, None for a group without an index).
Ranked = tuple[int, str, str, int, int, int, tuple[tuple[int | None, int | None], ...]]

#: The page cache of the database: what it holds in memory at most, the rest stays in its
#: file (SQLite's default is 2,000 KiB; its sorts take their memory limit from it too).
_CACHE_KIB = 500

#: Rows read from the database at a time when the ranking is read in order.
_BATCH = 256


def _failed(exc: sqlite3.Error) -> DtiRulesError:
    """A failure of the temporary file (no space, no temporary folder) as dti-rules says it."""
    return DtiRulesError(
        msg("the ranking cannot keep its units in a temporary file: {why}", why=str(exc))
    )


class DuplicateUnit(Exception):
    """A unit id that is already in the store."""

    def __init__(self, unit: str) -> None:
        super().__init__(unit)
        self.unit = unit


def _blob(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")


class RankStore:
    """The rows of one ranking, ranked once :meth:`finish` is called.

    >>> store = RankStore(1)
    >>> store.add_all([("b", "B", 5, 50, (7,)), ("a", "A", 5, 50, (None,))])
    >>> store.add_all([("c", "C", 9, 90, (7,))])
    >>> store.finish()
    >>> list(store.rows(0, len(store)))  # doctest: +NORMALIZE_WHITESPACE
    [(0, 'c', 'C', 9, 90, 1, ((7, 1),)), (1, 'a', 'A', 5, 50, 2, ((None, None),)),
     (2, 'b', 'B', 5, 50, 2, ((7, 1),))]
    >>> store.close()
    """

    def __init__(self, groups: int) -> None:
        self._groups = groups
        self._count = 0
        self._finished = False
        # "": a private database in a temporary file SQLite deletes itself
        db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        try:
            for pragma in (
                "journal_mode = OFF",
                "synchronous = OFF",
                "temp_store = FILE",
                f"cache_size = -{_CACHE_KIB}",
            ):
                db.execute(f"PRAGMA {pragma}")
            shares = "".join(f", g{k} INTEGER" for k in range(groups))
            db.execute(
                "CREATE TABLE arrived (unit BLOB PRIMARY KEY, name BLOB NOT NULL,"
                f" idx INTEGER NOT NULL, points INTEGER NOT NULL{shares})"
            )
            db.execute("BEGIN")
        except sqlite3.Error as exc:
            db.close()
            raise _failed(exc) from None
        except BaseException:
            db.close()
            raise
        self._db = db
        # the connection is in a reference cycle of its own (its statement cache): close it
        # when the store goes, not when the cycle collector gets to it
        self._close = weakref.finalize(self, db.close)
        marks = ", ".join("?" * (4 + groups))
        self._insert = f"INSERT INTO arrived VALUES ({marks})"  # noqa: S608 - only ?s

    def __len__(self) -> int:
        return self._count

    def add_all(self, rows: Iterable[Row]) -> None:
        """Add ``rows`` one at a time; :class:`DuplicateUnit` for a unit given twice."""
        db, insert = self._db, self._insert
        for unit, name, index, points, shares in rows:
            try:
                db.execute(insert, (_blob(unit), _blob(name), index, points, *shares))
            except sqlite3.IntegrityError:
                raise DuplicateUnit(unit) from None
            except sqlite3.Error as exc:
                raise _failed(exc) from None
            self._count += 1

    def finish(self) -> None:
        """Sort the rows (index highest first, then unit id) and rank them, overall and by
        group: equal indices share a rank and the next rank skips ("1, 2, 2, 4").

        One sort at a time, so that SQLite's sorting holds one sort's memory at most: the
        rows in order with their overall ranks, then each group's distinct indices, whose
        ranks go to a table of their own (a rank is one more than the units before)."""
        try:
            self._sort()
        except sqlite3.Error as exc:
            raise _failed(exc) from None
        self._finished = True
        groups = range(self._groups)
        lookup = ", g{k}, (SELECT place FROM ranks WHERE grp = {k} AND value = g{k})"
        group_ranks = "".join(lookup.format(k=k) for k in groups)
        self._select = f"SELECT pos, unit, name, idx, points, place{group_ranks} FROM ranked"  # noqa: S608

    def _sort(self) -> None:
        groups = range(self._groups)
        shares = "".join(f", g{k}" for k in groups)
        db = self._db
        db.execute(
            "CREATE TABLE ranked (pos INTEGER PRIMARY KEY, unit BLOB, name BLOB,"
            f" idx INTEGER, points INTEGER, place INTEGER{shares})"
        )
        # the SQL names only columns numbered here (g0, g1, ...); every value is bound
        db.execute(
            f"INSERT INTO ranked (pos, unit, name, idx, points, place{shares})"  # noqa: S608
            " SELECT row_number() OVER (ORDER BY idx DESC, unit) - 1, unit, name, idx,"
            f" points, rank() OVER (ORDER BY idx DESC){shares} FROM arrived"
        )
        db.execute("DROP TABLE arrived")
        db.execute(
            "CREATE TABLE ranks (grp INTEGER, value INTEGER, place INTEGER,"
            " PRIMARY KEY (grp, value)) WITHOUT ROWID"
        )
        for k in groups:
            counts = db.execute(
                f"SELECT g{k}, count(*) FROM ranked WHERE g{k} IS NOT NULL"  # noqa: S608
                f" GROUP BY g{k} ORDER BY g{k} DESC"
            )
            place = 1
            while batch := counts.fetchmany(_BATCH):
                for value, count in batch:
                    db.execute("INSERT INTO ranks VALUES (?, ?, ?)", (k, value, place))
                    place += count
        db.execute("COMMIT")

    def rows(self, start: int, stop: int) -> Iterator[Ranked]:
        """The ranked rows at places ``start`` to ``stop - 1``, in order, read in batches."""
        if not self._finished:
            raise RuntimeError("the ranking is not finished")
        try:
            cursor = self._db.execute(
                f"{self._select} WHERE pos >= ? AND pos < ? ORDER BY pos", (start, stop)
            )
        except sqlite3.Error as exc:
            raise _failed(exc) from None
        try:
            while True:
                try:
                    batch = cursor.fetchmany(_BATCH)
                except sqlite3.Error as exc:
                    raise _failed(exc) from None
                if not batch:
                    return
                for row in batch:
                    yield self._ranked(row)
        finally:
            cursor.close()

    @staticmethod
    def _ranked(row: tuple[Any, ...]) -> Ranked:
        pos, unit, name, index, points, place, *shares = row
        pairs = tuple(zip(shares[::2], shares[1::2], strict=True))
        return (pos, _text(unit), _text(name), index, points, place, pairs)

    def close(self) -> None:
        """Drop the database (its file goes with it)."""
        self._close()
