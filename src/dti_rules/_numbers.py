"""Exact numbers: parsing to Fraction, rounding once by a policy, and printing for people."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

__all__ = ["as_fraction", "fraction_text", "round_fraction", "to_json_number"]


def as_fraction(value: Decimal | int | Fraction) -> Fraction:
    """Exact conversion of a Decimal or int to a Fraction."""
    return Fraction(value)


def round_fraction(value: Fraction, places: int, mode: str = "half_up") -> Decimal:
    """Round an exact value to ``places`` decimals, exactly, in one step.

    >>> round_fraction(Fraction(2, 3), 2)
    Decimal('0.67')
    >>> round_fraction(Fraction(1, 8), 2, "half_even")
    Decimal('0.12')
    """
    scale = 10**places
    scaled = value * scale
    sign = -1 if scaled < 0 else 1
    mag = abs(scaled)
    whole, rest = divmod(mag.numerator, mag.denominator)
    twice = 2 * rest
    if mode == "down":
        up = False
    elif mode == "half_up":
        up = twice >= mag.denominator
    elif mode == "half_even":
        up = twice > mag.denominator or (twice == mag.denominator and whole % 2 == 1)
    else:
        raise ValueError(f"unknown rounding mode {mode!r}")
    whole += 1 if up else 0
    return (Decimal(sign * whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-places))


def _terminates(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def fraction_text(value: Fraction, *, approx_places: int = 6) -> str:
    """Print an exact value: a finite decimal as is, otherwise ``p/q (≈ x)``.

    >>> fraction_text(Fraction(37, 4))
    '9.25'
    >>> fraction_text(Fraction(10, 3))
    '10/3 (≈ 3.333333)'
    """
    if _terminates(value):
        places = 0
        while (value * 10**places).denominator != 1:
            places += 1
        text = str(round_fraction(value, places))
        return text
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
        raise ValueError(f"{value} cannot be written exactly as a JSON number")
    return result
