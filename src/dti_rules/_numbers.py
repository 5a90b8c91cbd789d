"""Exact numbers: parsing to Fraction, rounding once by a policy, and printing for people."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from .errors import msg

__all__ = ["as_fraction", "fraction_text", "round_fraction", "to_json_number"]


def as_fraction(value: Decimal | int | Fraction) -> Fraction:
    """Exact conversion of a Decimal or int to a Fraction."""
    return Fraction(value)


def _round_int(numerator: int, denominator: int, places: int, mode: str) -> int:
    """``numerator / denominator`` scaled by ``10**places`` and rounded to an integer."""
    scale: int = 10**places
    scaled_num = numerator * scale
    negative = (scaled_num < 0) != (denominator < 0)
    num, den = abs(scaled_num), abs(denominator)
    whole, rest = divmod(num, den)
    twice = 2 * rest
    if mode == "down":
        up = False
    elif mode == "half_up":
        up = twice >= den
    elif mode == "half_even":
        up = twice > den or (twice == den and whole % 2 == 1)
    else:
        raise ValueError(msg("unknown rounding mode {mode!r}", mode=mode))
    whole += 1 if up else 0
    return -whole if negative else whole


def round_fraction(value: Fraction, places: int, mode: str = "half_up") -> Decimal:
    """Round an exact value to ``places`` decimals, exactly, in one step.

    >>> round_fraction(Fraction(2, 3), 2)
    Decimal('0.67')
    >>> round_fraction(Fraction(1, 8), 2, "half_even")
    Decimal('0.12')
    >>> round_fraction(Fraction(-5, 2), 0)
    Decimal('-3')
    """
    whole = _round_int(value.numerator, value.denominator, places, mode)
    return Decimal(whole).scaleb(-places)


def _decimal_places(denominator: int) -> int | None:
    """Places of the finite decimal expansion of 1/denominator, or None when infinite."""
    twos = fives = 0
    d = denominator
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    return max(twos, fives) if d == 1 else None


@lru_cache(maxsize=4096)
def fraction_text(value: Fraction, *, approx_places: int = 6) -> str:
    """Print an exact value: a finite decimal as is, otherwise ``p/q (≈ x)``.

    >>> fraction_text(Fraction(37, 4))
    '9.25'
    >>> fraction_text(Fraction(10, 3))
    '10/3 (≈ 3.333333)'
    """
    places = _decimal_places(value.denominator)
    if places is not None:
        return str(round_fraction(value, places))
    approx = round_fraction(value, approx_places)
    return f"{value.numerator}/{value.denominator} (≈ {approx})"


def to_json_number(value: Decimal) -> int | float:
    """A rounded Decimal as a JSON number whose printed form equals the Decimal's digits.

    Rounded values carry few digits, and Python prints floats in their shortest
    round-tripping form, so ``Decimal('12.35')`` is written ``12.35``.
    """
    if value == value.to_integral_value():
        return int(value)
    result = float(value)
    if Decimal(repr(result)) != value:  # pragma: no cover - needs > 15 significant digits
        raise ValueError(msg("{value} cannot be written exactly as a JSON number", value=value))
    return result
