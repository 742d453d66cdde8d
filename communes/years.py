"""The one year parser and the one default-year rule of the app.

The years the app knows are those of the catalogue's programme periods
(`communes.selectors.assessment_years`). Every year that comes in is read here:

* in a URL path (`<year:year>`, `YearConverter`, registered by `CommunesConfig.ready`): a year outside the known ones is a 404 — it never
  reaches a view, so no review, assessment or report of 1999 or 99999 is made or looked up;
* in a query string (`?year=`, `year_from_query`): a filter, so anything that is not a known year
  (missing, garbage, out of range) falls back to the default year and the page still opens;
* in a posted list item (`year_from_path`): as in a path, 404.

The default year, on every page that opens without one, is the latest year with assessments
within the known years; with none yet, this year brought within them (`default_year`).
"""

from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from communes.models import CommuneYearResult
from communes.selectors import assessment_years

_DEFAULT = object()


def known_years() -> list[int]:
    """The years of the catalogue's programme periods, ascending."""
    return assessment_years()


def default_year() -> int:
    """The latest year with assessments within the known years (one query); without any, this
    year brought within the known years."""
    years = known_years()
    latest = CommuneYearResult.objects.filter(year__gte=years[0], year__lte=years[-1]).aggregate(
        latest=Max("year"))["latest"]
    if latest in years:
        return latest
    return min(max(timezone.localdate().year, years[0]), years[-1])


def unit_years(unit) -> list[int]:
    """The known years in which `unit` (a commune or district, with `valid_from` / `valid_to`)
    existed at some point: a unit formed on 1 July 2025 has no 2024, a district closed that day
    no 2026. All known years when the unit's dates are not recorded."""
    first = unit.valid_from.year if unit.valid_from else None
    last = unit.valid_to.year if unit.valid_to else None
    years = [y for y in known_years() if (first is None or y >= first) and (last is None or y <= last)]
    return years or known_years()


def unit_year_from_query(raw, unit) -> tuple[int, list[int]]:
    """A unit page's year filter: (the year, the unit's years). A year the unit did not exist in
    (or none, or garbage) falls back to the default year brought within the unit's years — never
    a year before its first period."""
    years = unit_years(unit)
    year = _known(raw)
    if year in years:
        return year, years
    default = default_year()
    return min(max(default, years[0]), years[-1]), years


def latest_full_year() -> int:
    """The year-end report's year: the latest known year that is over and has assessments (one
    query) — in late 2026, before anyone has entered 2025, the 2024 report, not an empty 2025 one;
    without any, the last known year that is over, or the first known year."""
    over = [y for y in known_years() if y < timezone.localdate().year]
    if not over:
        return known_years()[0]
    latest = CommuneYearResult.objects.filter(year__gte=over[0], year__lte=over[-1]).aggregate(
        latest=Max("year"))["latest"]
    return latest if latest in over else over[-1]


def _known(raw) -> int | None:
    text = str(raw if raw is not None else "").strip()
    # At most four digits: int() of a long string is slow and no known year has more.
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        return None
    year = int(text)
    return year if year in known_years() else None


def year_from_path(raw) -> int:
    """A year that names a resource (a path segment, a posted item): a known year, else 404."""
    year = _known(raw)
    if year is None:
        raise Http404
    return year


def year_from_query(raw, *, default=_DEFAULT) -> int | None:
    """A year filter (`?year=`): a known year, else `default` (by default the default year; a
    filter where no year means "every year" passes `default=None`)."""
    year = _known(raw)
    if year is not None:
        return year
    return default_year() if default is _DEFAULT else default


class YearConverter:
    """`<year:year>` in a URL: a known year; anything else matches no URL (404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = _known(value)
        if year is None:
            raise ValueError(value)
        return year

    def to_url(self, value) -> str:
        return str(value)
