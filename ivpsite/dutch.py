"""Dutch as the site writes it, in one place: numbers (7,9 and 1.234), dates (20 december
2022), counts ('1 plan', '3 plannen'), labels made from the content model's enum values, and
the words for a fact the source does not give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum

NOT_AVAILABLE = "niet beschikbaar in de bron"

_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


def number(value: float | int | None, decimals: int | None = None) -> str:
    """7,9 and 1.234, never a float artefact such as 7,8999; NOT_AVAILABLE for None.
    Without `decimals`, a value shows the digits it really has (1e-05 -> 0,00001)."""
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, int) and not decimals:
        text = f"{value:,}"  # exact for any size; a float conversion could overflow
    else:
        if decimals is None:
            exponent = Decimal(repr(float(value))).as_tuple().exponent
            decimals = 0 if float(value).is_integer() or not isinstance(exponent, int) else max(0, -exponent)
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def date(value: dt.date | None) -> str:
    if value is None:
        return NOT_AVAILABLE
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def count(n: int, one: str, many: str) -> str:
    """'1 probleem', '3 problemen', '0 plannen'."""
    return f"{number(n)} {one if n == 1 else many}"


def label(value: Enum | str) -> str:
    """A content model value as a label: 'integraal-veiligheidsplan' -> 'Integraal veiligheidsplan'."""
    text = value.value if isinstance(value, Enum) else value
    return str(text).replace("-", " ").capitalize()


PLAN_STATUS = {"geldend": "Geldend", "verlopen": "Verlopen", "onbekend": "Status onbekend"}

COMPARATOR_WORDS = {"<": "minder dan", "<=": "hoogstens", "=": "precies", ">=": "minstens", ">": "meer dan"}
