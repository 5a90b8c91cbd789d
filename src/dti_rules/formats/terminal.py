"""Readable terminal tables (rich) for the commands that print them.

Every table fits the width it is given (the terminal's, or ``COLUMNS``): the columns that
hold an id, a number, a date or a status are printed whole, and the columns of names,
texts and messages share what is left, wrapping their words. Where even that does not fit,
the least needed columns (a source reference, group indices) are left out or moved to a
table of their own, never cut::

    >>> from dti_rules import load_ruleset
    >>> text = ruleset_table(load_ruleset("q10-dti-2024"), width=80)
    >>> max(len(line) for line in text.splitlines()) <= 80
    True

rich is imported when a table is first drawn, so reading a deadline phrase does not pay
for it.
"""

from __future__ import annotations

from ._finding_tables import audit_table, findings_table, progress_table
from ._grid import (
    FALLBACK_WIDTH,
    Col,
    Layout,
    _chunks,
    _e,
    _Markup,
    _plain_len,
    _render,
    _styled,
    grid,
    layout,
    printable,
    terminal_width,
)
from ._result_tables import ranking_table, result_table
from ._rule_tables import agenda_table, deadline_report, ruleset_list_table, ruleset_table

__all__ = [
    "FALLBACK_WIDTH",
    "Col",
    "Layout",
    "agenda_table",
    "audit_table",
    "deadline_report",
    "findings_table",
    "grid",
    "layout",
    "printable",
    "progress_table",
    "ranking_table",
    "result_table",
    "ruleset_list_table",
    "ruleset_table",
    "terminal_width",
]
# the private helpers stay importable from here, where they were
_PRIVATE = (_chunks, _e, _Markup, _plain_len, _render, _styled)
