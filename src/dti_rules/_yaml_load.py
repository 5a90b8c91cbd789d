"""Strict YAML loading: safe tags only, composed once, no anchors or aliases, complex or
duplicate keys, numbers held to the limits; and the loaded document, which locates each
value by line."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from ._document import PathKey
from ._limits import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_NODES,
    MAX_TEXT_CHARS,
    check_number_text,
)
from .errors import InputFileError, Location, Msg, message_of, msg

if yaml.__with_libyaml__:  # libyaml's event parser: the same events as PyYAML's, faster
    from yaml._yaml import CParser as _EventParser

    _PARSER_BASES: tuple[type, ...] = (_EventParser,)
else:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    _PARSER_BASES = (Reader, Scanner, Parser)


# -- YAML ----------------------------------------------------------------------------------


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that dti-rules does not accept (beyond a limit, a refused form)."""

    def __init__(self, problem: Msg, mark: Any) -> None:
        super().__init__(None, None, problem, mark)


def _shown(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 3] + "...")


class _StrictComposer(Composer):
    """PyYAML's composer, refusing anchors and aliases, nesting deeper than
    :data:`MAX_DEPTH` and more than :data:`MAX_NODES` values, before building them."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> Any:
        event: Any = self.peek_event()  # type: ignore[attr-defined]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                msg("anchors and aliases (&name, *name) are not accepted: write each value out"),
                mark,
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(msg("more than {most:,} values in one file", most=MAX_NODES), mark)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(msg("nested deeper than {most} levels", most=MAX_DEPTH), mark)
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_TEXT_CHARS:
            raise _Refused(
                msg(
                    "a value of {length:,} characters, more than {most:,}",
                    length=len(event.value),
                    most=MAX_TEXT_CHARS,
                ),
                mark,
            )
        return super().compose_node(parent, index)


class _StrictSafeLoader(_StrictComposer, *_PARSER_BASES, SafeConstructor, Resolver):  # type: ignore[misc]
    """Safe YAML loading (no Python tags) that composes once, refuses anchors, aliases,
    complex keys and duplicate keys, and holds numbers to the digit and exponent limits."""

    def __init__(self, stream: str) -> None:
        for base in _PARSER_BASES:
            if base is _PARSER_BASES[0]:
                base.__init__(self, stream)  # type: ignore[misc]
            elif base.__name__ != "Reader":
                base.__init__(self)  # type: ignore[misc]
        _StrictComposer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Every value's construction, with a failure (a date like 0000-01-01, a number
        too large) reported at the node."""
        try:
            return super().construct_object(node, deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, OverflowError, TypeError, ArithmeticError) as exc:
            reason = message_of(exc)
            if "limit of dti-rules" not in reason:
                reason = msg(
                    "cannot read {value}: {reason}", value=_shown(str(node.value)), reason=reason
                )
            raise _Refused(msg("{reason}", reason=reason), node.start_mark) from None


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(
                msg("a key must be a plain text or number, not a mapping or a list"),
                key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                msg(
                    "found duplicate key {key!r} (first on line {line})",
                    key=key,
                    line=seen[key] + 1,
                ),
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


def _construct_decimal(loader: _StrictSafeLoader, node: yaml.ScalarNode) -> Decimal:
    """YAML floats become exact Decimals ("72.72" stays 72.72); .inf and .nan are refused."""
    text = str(loader.construct_scalar(node)).replace("_", "")
    check_number_text(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")  # ".inf", ".nan" and such
    if not value.is_finite():
        raise _Refused(
            msg("expected a finite number, got {got}", got=_shown(text)), node.start_mark
        )
    return value


def _construct_int(loader: _StrictSafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "")
    digits = re.sub(r"^[+-]?(0[xob])?", "", text).replace(":", "")
    if len(digits) > MAX_DIGITS:
        raise _Refused(
            msg(
                "the number {number} has {digits} digits, more than {most}",
                number=_shown(text),
                digits=len(digits),
                most=MAX_DIGITS,
            ),
            node.start_mark,
        )
    return int(SafeConstructor.construct_yaml_int(loader, node))


def _refuse_tag(loader: _StrictSafeLoader, node: yaml.Node) -> Any:
    raise _Refused(
        msg("the tag {tag!r} is not accepted in dti-rules files", tag=node.tag), node.start_mark
    )


_StrictSafeLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_StrictSafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_StrictSafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
for _tag in ("binary", "omap", "pairs", "set"):
    _StrictSafeLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


def _line_map(root: yaml.Node, out: dict[PathKey, int]) -> None:
    """Each data path's line; iterative (aliases were refused, so every node is new)."""
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack:
        node, prefix = stack.pop()
        out[prefix] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key: str | int = key_node.value
                    out[(*prefix, key)] = key_node.start_mark.line + 1
                    stack.append((value_node, (*prefix, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*prefix, index)) for index, item in enumerate(node.value))


def parse_yaml(text: str, source: str) -> tuple[Any, dict[PathKey, int]]:
    """YAML ``text`` read by the strict loader, and each data path's line; a syntax error or
    a refused construct raises :class:`InputFileError` naming its line."""
    loader = _StrictSafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if isinstance(exc, _Refused):
            reason: str = exc.problem or ""
        elif isinstance(exc.problem, Msg):  # a duplicate key
            reason = msg(
                "malformed YAML: while constructing a mapping {problem}", problem=exc.problem
            )
        else:  # PyYAML's own words
            parts = " ".join(p for p in (exc.context, exc.problem) if p)
            reason = msg("malformed YAML: {reason}", reason=parts)
        raise InputFileError([Location(source, line=line)], [reason]) from None
    except yaml.YAMLError as exc:
        raise InputFileError(
            [Location(source)], [msg("malformed YAML: {reason}", reason=str(exc))]
        ) from None
    except ValueError as exc:  # a number beyond the limits (check_number_text)
        raise InputFileError([Location(source)], [message_of(exc)]) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise InputFileError(
            [Location(source)], [msg("nested deeper than {most} levels", most=MAX_DEPTH)]
        ) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    if node is not None:
        _line_map(node, lines)
    return data, lines
