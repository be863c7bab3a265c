"""Reading the day a paper was read out of the ways diarists write it.

Shapes are recognised with strict patterns first and only then handed to dateutil: dateutil
alone is too forgiving (it reads ``1st June 2p25`` as 2025 and swaps ISO dates when asked for
day-first order), and a wrong date is worse than a warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from mkdocs_paperdiary.core.paper import ReadDate

# The one month table: full and short English names (and "Sept"), casefolded, to numbers.
MONTH_NUMBERS = {
    **{name.casefold(): n for n in range(1, 13) for name in (calendar.month_name[n], calendar.month_abbr[n])},
    "sept": 9,
}
MONTH = rf"(?:{'|'.join(sorted(MONTH_NUMBERS, key=len, reverse=True))})\.?"  # match with re.IGNORECASE
_ORD = r"(?:st|nd|rd|th)?"
_DAYS = sorted({*calendar.day_name, *calendar.day_abbr}, key=len, reverse=True)
_WEEKDAY = rf"(?:(?:{'|'.join(_DAYS)})\.?,?\s+)?"

_ISO = re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})(?:[-/](?P<d>\d{1,2}))?(?![\d/-])")
_NUMERIC = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)")
_DAY_MONTH_YEAR = re.compile(rf"\d{{1,2}}{_ORD}\s+(?:of\s+)?{MONTH},?\s+\d{{4}}(?![\w])", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"{MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}(?![\w])", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"(?P<month>{MONTH}),?\s+(?P<year>\d{{4}})(?![\w])", re.IGNORECASE)
_NO_YEAR = re.compile(rf"(?:\d{{1,2}}{_ORD}\s+(?:of\s+)?{MONTH}|{MONTH}\s+\d{{1,2}}{_ORD})\W*$", re.IGNORECASE)
# "14th - 15th September 2025" and "14-15 September": keep the first day.
_DAY_RANGE = re.compile(
    rf"^(?P<first>\d{{1,2}}{_ORD})\s*(?:-|–|—|to|and)\s*\d{{1,2}}{_ORD}(?=\s+{MONTH})", re.IGNORECASE
)
_FILENAME = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})-(?P<rest>.+)$")


class DateError(ValueError):
    """A date was written but cannot be read; the message says why, for the user."""


@dataclass(frozen=True)
class DateSettings:
    """How numeric dates such as 03/06/2025 are read (day first, as most diarists write)."""

    day_first: bool = True


def parse_read_date(text: str, settings: DateSettings = DateSettings()) -> ReadDate:
    """Read a date from the start of `text`; words after the date are ignored.

    Raises `DateError` when `text` holds no readable date.
    """
    value = _clean(text)
    if not value:
        raise DateError("the date is empty")
    value = _DAY_RANGE.sub(r"\g<first>", value)
    for reader in (_iso, _numeric, _textual, _month_only):
        found = reader(value, settings)
        if found is not None:
            return found
    if _NO_YEAR.match(_first_clause(value)):
        raise DateError(f"the date '{text.strip()}' has no year")
    raise DateError(f"could not read the date '{text.strip()}'")


def date_from_filename(stem: str) -> tuple[ReadDate, str] | None:
    """Jekyll-style names (``2018-01-06-Title``, or unpadded ``2018-1-6-Title`` as Jekyll
    also accepts) carry the date; returns it and the rest."""
    match = _FILENAME.match(stem)
    if not match:
        return None
    try:
        day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return ReadDate.from_date(day), match["rest"]


def coerce_date(value: object, settings: DateSettings = DateSettings()) -> ReadDate:
    """A front-matter `date` value: YAML may already have made it a date or datetime."""
    if isinstance(value, dt.datetime):
        return ReadDate.from_date(value.date())
    if isinstance(value, dt.date):
        return ReadDate.from_date(value)
    if isinstance(value, str):
        return parse_read_date(value, settings)
    raise DateError(f"expected a date such as 2025-05-23, got {type(value).__name__} {value!r}")


def ordinal(day: int) -> str:
    """23 -> '23rd', the way diary entries are written."""
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def long_date(value: dt.date | None) -> str:
    """2025-07-20 -> '20th July 2025'; '' for no date."""
    return f"{ordinal(value.day)} {value:%B %Y}" if value else ""


def month_label(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def _clean(text: str) -> str:
    value = text.strip().strip("*_").strip()
    value = re.sub(r"^" + _WEEKDAY, "", value, flags=re.IGNORECASE)
    return value


def _first_clause(value: str) -> str:
    return re.split(r"[.;(]\s|[;(]|\s-\s", value, maxsplit=1)[0].strip()


def _parse(phrase: str, day_first: bool) -> dt.date:
    from dateutil import parser as dateutil_parser  # a few ms to import, and most dates never need it

    try:
        return dateutil_parser.parse(phrase, dayfirst=day_first, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError) as error:
        raise DateError(f"could not read the date '{phrase}' ({error})") from None


def _iso(value: str, settings: DateSettings) -> ReadDate | None:
    match = _ISO.match(value)
    if not match:
        return None
    year, month = int(match["y"]), int(match["m"])
    try:
        if match["d"] is None:
            dt.date(year, month, 1)
            return ReadDate(year, month)
        return ReadDate.from_date(dt.date(year, month, int(match["d"])))
    except ValueError:
        raise DateError(f"'{match.group(0)}' is not a real date") from None


def _numeric(value: str, settings: DateSettings) -> ReadDate | None:
    match = _NUMERIC.match(value)
    if not match:
        return None
    return ReadDate.from_date(_parse(match.group(0), settings.day_first))


def _textual(value: str, settings: DateSettings) -> ReadDate | None:
    match = _DAY_MONTH_YEAR.match(value) or _MONTH_DAY_YEAR.match(value)
    if not match:
        return None
    phrase = re.sub(rf"(\d){_ORD}", r"\1", match.group(0), flags=re.IGNORECASE).replace(" of ", " ")
    return ReadDate.from_date(_parse(phrase, settings.day_first))


def _month_only(value: str, settings: DateSettings) -> ReadDate | None:
    match = _MONTH_YEAR.match(value)
    if not match:
        return None
    parsed = _parse(f"1 {match['month']} {match['year']}", True)
    return ReadDate(parsed.year, parsed.month)


def looks_like_month_only(text: str) -> bool:
    """A whole line such as ``_March 2024_``: some diaries date a note by month only."""
    value = _clean(text)
    match = _MONTH_YEAR.match(value)
    return match is not None and match.end() == len(value)
