"""Linting a rule set: what the encoded document itself gets wrong or leaves unclear.

A finding is about the document, not an error of the tool: the rule set loads, and lint
lists what an auditor should look at, each with a code, a severity, the section it cites and
the words of the document that cause it::

    >>> from dti_rules import load_ruleset
    >>> from dti_rules.analysis.lint import lint
    >>> codes = {f.code for f in lint(load_ruleset("q10-dti-2024"))}
    >>> sorted(codes)[:2]
    ['CUTOFF_GAP', 'DEADLINE_BEFORE_ISSUE']

A finding's message is English; :meth:`Finding.message_in` words it in Vietnamese::

    >>> found = next(f for f in lint(load_ruleset("binh-tan-dti-2023")))
    >>> found.message_in("vi")  # doctest: +ELLIPSIS
    "một đơn vị, 2 cách viết: 'Phòng Văn hóa và Thông tin quận' trong PL2.I.1, ..."
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

from .._i18n import N_, Language
from .._units import unit_key
from ..calendar import ND_09_ART_8
from ..compiled import CompiledRuleSet
from ..deadlines import ObligationKind
from ..errors import Msg

__all__ = ["Finding", "Severity", "lint", "unit_key"]


class Severity(StrEnum):
    ERROR = "error"  #: the document contradicts itself or the law it cites
    WARNING = "warning"  #: likely a mistake of the document
    INFO = "info"  #: worth a look


@attrs.frozen
class Finding:
    """A finding: its code, severity, message (English), section, subject and the words of
    the document that cause it. ``template`` and ``args`` are what the message is made
    from, for :meth:`message_in` (an argument ``name@vi`` is ``name`` already worded in
    Vietnamese)."""

    code: str
    severity: Severity
    message: str
    source_ref: str
    subject: str = ""
    text: str | None = None  #: the document's own words that cause the finding
    template: str | None = attrs.field(default=None, repr=False, eq=False)
    args: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=False, eq=False)

    def message_in(self, lang: str | Language | None) -> str:
        """:attr:`message` in ``lang`` (``"en"`` or ``"vi"``; None: English). The names
        and words of the document it quotes are as written."""
        t = Language.get(lang or "en")
        if self.template is None or t.code == "en":
            return self.message
        args = {key: value for key, value in self.args if "@" not in key}
        args.update(
            (key.partition("@")[0], value) for key, value in self.args if key.endswith(f"@{t.code}")
        )
        if "kind" in args:
            args["kind"] = t.p("kind", args["kind"])
        if "of" in args:
            args["of"] = t.p("counted", args["of"])
        if "issued" in args:
            args["issued"] = t.date(dt.date.fromisoformat(args["issued"]))
        for key in ("levels", "tiers"):
            if key in args:
                args[key] = "; ".join(t.p("level", level) for level in args[key].split(", "))
        return t(self.template).format(**args)

    def to_dict(self, lang: str | Language | None = None) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "subject": self.subject,
            "message": self.message_in(lang),
            "source_ref": self.source_ref,
            "text": self.text,
        }


def _finding(
    code: str,
    severity: Severity,
    template: str,
    source_ref: str,
    subject: str = "",
    text: str | None = None,
    **args: str,
) -> Finding:
    """A finding whose message is ``template`` (marked with :func:`N_`) filled with ``args``."""
    return Finding(
        code,
        severity,
        template.format(**args),
        source_ref,
        subject,
        text,
        template,
        tuple(args.items()),
    )


def lint(ruleset: CompiledRuleSet) -> tuple[Finding, ...]:
    """Every finding of ``ruleset``, in a stable order (by check, then document order)."""
    return (
        *_declared_counts(ruleset),
        *_numbering(ruleset),
        *_deadlines_before_issue(ruleset),
        *_cutoff_gaps(ruleset),
        *_targets_without_threshold(ruleset),
        *_unused_inputs(ruleset),
        *_unit_spellings(ruleset),
        *_bindings_unstated(ruleset),
    )


def _declared_counts(rs: CompiledRuleSet) -> Iterator[Finding]:
    """Counts and totals the document states against the items the rule set lists."""
    spec = rs.spec
    for declared in spec.declared_counts:
        found: Decimal
        prefix = declared.within or ""
        if declared.of == "targets":
            found = Decimal(
                sum(
                    1
                    for t in spec.targets
                    if declared.group in (None, t.group) and t.source_ref.startswith(prefix)
                )
            )
        elif declared.of == "indicators":
            found = Decimal(
                sum(len(g.indicators) for g in spec.groups if declared.group in (None, g.id))
            )
        elif declared.of == "points":
            found = sum(
                (
                    i.max_points
                    for g in spec.groups
                    if declared.group in (None, g.id)
                    for i in g.indicators
                ),
                Decimal(0),
            )
        else:
            found = Decimal(
                sum(
                    1
                    for t in spec.tasks
                    if declared.group in (None, t.group) and t.source_ref.startswith(prefix)
                )
            )
        if found != declared.count:
            code = "DECLARED_TOTAL" if declared.of == "points" else "DECLARED_COUNT"
            common = {
                "count": f"{declared.count.normalize():f}",
                "of": declared.of,
                "words": repr(declared.text),
                "found": f"{found.normalize():f}",
            }
            subject = declared.group or declared.of
            if declared.group:
                yield _finding(
                    code,
                    Severity.WARNING,
                    N_(
                        "the document says {count} {of} in {group} ({words}) but its parts "
                        "add up to {found}"
                    ),
                    declared.source_ref,
                    subject,
                    declared.text,
                    group=declared.group,
                    **common,
                )
            else:
                yield _finding(
                    code,
                    Severity.WARNING,
                    N_("the document says {count} {of} ({words}) but its parts add up to {found}"),
                    declared.source_ref,
                    subject,
                    declared.text,
                    **common,
                )


_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<number>\d+)$")


def _numbering(rs: CompiledRuleSet) -> Iterator[Finding]:
    """Gaps and repeats in the numbers of tasks within a group (ids ending in a number)."""
    series: dict[str, list[tuple[int, str, str]]] = {}
    for task in rs.spec.tasks:
        match = _NUMBERED.match(task.id)
        if match:
            series.setdefault(match["prefix"], []).append(
                (int(match["number"]), task.id, task.source_ref)
            )
    reported: set[int] = set()
    for prefix, items in series.items():
        numbers = [n for n, _, _ in items]
        missing = sorted(set(range(min(numbers), max(numbers) + 1)) - set(numbers))
        reported.update(missing)
        if missing:
            yield _finding(
                "NUMBERING_GAP",
                Severity.WARNING,
                N_("tasks {prefix}… skip number(s) {numbers}"),
                items[0][2],
                prefix.rstrip("."),
                prefix=prefix,
                numbers=", ".join(map(str, missing)),
            )
    # numbers that run on across the groups (01 … 49) rather than restarting in each
    every = [n for items in series.values() for n, _, _ in items]
    if len(series) > 1 and len(every) == len(set(every)):
        between = set(range(min(every), max(every) + 1)) - set(every) - reported
        if between:
            yield _finding(
                "NUMBERING_GAP",
                Severity.WARNING,
                N_(
                    "tasks are numbered across their groups and skip number(s) {numbers} "
                    "between groups"
                ),
                rs.spec.tasks[0].source_ref,
                "tasks",
                numbers=", ".join(map(str, sorted(between))),
            )
    refs: dict[str, list[str]] = {}
    for task in rs.spec.tasks:
        refs.setdefault(task.source_ref, []).append(task.id)
    for ref, ids in refs.items():
        if len(ids) > 1:
            yield _finding(
                "NUMBERING_REPEATED",
                Severity.WARNING,
                N_("{count} tasks carry the same number: {ids}"),
                ref,
                ids[0],
                count=str(len(ids)),
                ids=", ".join(ids),
            )


def _deadlines_before_issue(rs: CompiledRuleSet) -> Iterator[Finding]:
    """A plan whose deadlines had passed when it was issued (a report accounts for past
    deadlines, so this is no finding in a report)."""
    if rs.spec.source.kind == "report":
        return
    issued = rs.spec.source.issued
    for ob in rs.obligations:
        if ob.past and ob.rule is not None:
            yield _finding(
                "DEADLINE_BEFORE_ISSUE",
                Severity.WARNING,
                N_("{id} is due {phrase}, before the document was issued ({issued})"),
                ob.source_ref,
                ob.id,
                ob.text,
                id=ob.id,
                phrase=repr(ob.rule.phrase()),
                issued=issued.isoformat(),
            )


def _cutoff_gaps(rs: CompiledRuleSet) -> Iterator[Finding]:
    """Recurring reports due before their data cut-off ends, or without a working day
    after it (Nghị định 09/2019/NĐ-CP, Điều 8 khoản 5 điểm b)."""
    short: dict[str, list[Msg]] = {}
    for due in rs.schedule:
        if due.gap is not None and not due.gap.ok:
            short.setdefault(due.obligation, []).append(due.gap.message())
    for ob in rs.obligations:
        if ob.id in short and ob.kind is ObligationKind.REPORT:
            messages = short[ob.id]
            found = _finding(
                "CUTOFF_GAP",
                Severity.ERROR,
                N_(
                    "{id}: {count} due day(s) leave no working day after the data cut-off "
                    "({law}); first: {first}"
                ),
                ob.source_ref,
                ob.id,
                ob.text,
                id=ob.id,
                count=str(len(messages)),
                law=ND_09_ART_8,
                first=messages[0],
            )
            vi = ("first@vi", messages[0].in_language("vi"))  # the calendar's words, in Vietnamese
            yield attrs.evolve(found, args=(*found.args, vi))


def _targets_without_threshold(rs: CompiledRuleSet) -> Iterator[Finding]:
    """Targets no unit of the rule set's levels can be measured against."""
    for target in rs.targets:
        if target.tiers and not any(target.tier(level) is not None for level in rs.levels):
            yield _finding(
                "TARGET_UNMEASURABLE",
                Severity.ERROR,
                N_(
                    "{id} gives thresholds only for {tiers}, none of the rule set's levels "
                    "({levels})"
                ),
                target.source_ref,
                target.id,
                target.text,
                id=target.id,
                tiers=", ".join(lvl.value for lvl, _ in target.tiers),
                levels=", ".join(lvl.value for lvl in rs.levels),
            )


def _unused_inputs(rs: CompiledRuleSet) -> Iterator[Finding]:
    read = set(rs.read_inputs)
    for item in rs.inputs:
        if item.id not in read:
            yield _finding(
                "INPUT_UNUSED",
                Severity.INFO,
                N_("input {id} is asked for but no target or scoring rule reads it"),
                item.source_ref,
                item.id,
                id=item.id,
            )


def _unit_spellings(rs: CompiledRuleSet) -> Iterator[Finding]:
    """The same unit named in different ways among the leads and partners."""
    uses: dict[str, dict[str, list[str]]] = {}
    sources: list[tuple[str, list[str]]] = []
    for group in rs.spec.groups:
        for ind in group.indicators:
            sources.append((ind.id, [*ind.lead, *ind.partners]))
    for task in rs.spec.tasks:
        sources.append((task.id, [*task.lead, *task.partners]))
    for report in rs.spec.reports:
        sources.append((report.id, list(report.lead)))
    refs: dict[str, str] = {}
    for ident, names in sources:
        for name in names:
            uses.setdefault(unit_key(name), {}).setdefault(name, []).append(ident)
            refs.setdefault(name, ident)
    for spellings in uses.values():
        if len(spellings) > 1:
            ordered = sorted(spellings, key=lambda s: (-len(spellings[s]), s))
            first = spellings[ordered[1]][0]
            spelled = [
                (repr(name), ", ".join(spellings[name][:3]), len(spellings[name]) - 3)
                for name in ordered
            ]
            found = _finding(
                "UNIT_SPELLING",
                Severity.INFO,
                N_("one unit, {count} spellings: {detail}"),
                _source_ref_of(rs, first),
                first,
                ordered[1],
                count=str(len(spellings)),
                detail=_spellings(spelled, Language.get("en")),
            )
            vi = ("detail@vi", _spellings(spelled, Language.get("vi")))
            yield attrs.evolve(found, args=(*found.args, vi))


def _spellings(names: list[tuple[str, str, int]], t: Language) -> str:
    """Each spelling and where it is used (its first three uses, and how many more)."""
    return "; ".join(
        t("{name} in {ids}").format(name=name, ids=ids)
        + (t(" and {count} more").format(count=more) if more > 0 else "")
        for name, ids, more in names
    )


def _source_ref_of(rs: CompiledRuleSet, ident: str) -> str:
    for task in rs.spec.tasks:
        if task.id == ident:
            return task.source_ref
    for report in rs.spec.reports:
        if report.id == ident:
            return report.source_ref
    return rs.indicator_map[ident].source_ref if ident in rs.indicator_map else ""


def _bindings_unstated(rs: CompiledRuleSet) -> Iterator[Finding]:
    """Obligations whose document names a lead (đơn vị chủ trì) but whose binding the rule set
    leaves to the default (every level of the rule set), and bindings that cite no source.

    Only a rule set with several levels can bind the wrong one."""
    if len(rs.levels) < 2:
        return
    spec = rs.spec
    items: list[tuple[str, Any]] = [("target", t) for t in spec.targets]
    items += [("indicator", i) for g in spec.groups for i in g.indicators]
    items += [("task", t) for t in spec.tasks]
    items += [("report", r) for r in spec.reports]
    for kind, item in items:
        if item.lead and item.levels is None:
            yield _finding(
                "BINDING_UNSTATED",
                Severity.WARNING,
                N_(
                    "{kind} {id} names its lead ({lead}) but not the levels it binds, so it "
                    "binds every level of the rule set ({levels})"
                ),
                item.source_ref,
                item.id,
                kind=kind,
                id=item.id,
                lead="; ".join(item.lead),
                levels=", ".join(lvl.value for lvl in rs.levels),
            )
        elif item.levels is not None and not item.binding_ref:
            yield _finding(
                "BINDING_UNSOURCED",
                Severity.INFO,
                N_(
                    "{kind} {id} binds {levels} without citing the section or reading that "
                    "says so (binding_ref)"
                ),
                item.source_ref,
                item.id,
                kind=kind,
                id=item.id,
                levels=", ".join(lvl.value for lvl in item.levels),
            )
