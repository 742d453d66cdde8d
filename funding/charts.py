"""The chart of money mobilised by source and year: a plotly figure built on the server
(the dashboards' convention: `<name>_figure(data)` and `<name>_table(data)` over plain data)."""

from django.utils.translation import gettext as _

from funding.models import Source

COLORS = ["#1b6e3c", "#1f5fa8", "#5b8fd1", "#8e6bbf", "#e0a800", "#b3261e", "#2e9e8f", "#d9730d", "#7a5c3e",
          "#c3cad0"]


def sources_by_year_figure(table: dict[int, dict]) -> dict:
    """Stacked bars: one bar per year, one series per source (million VND)."""
    years = [str(year) for year in table]
    data = []
    for (value, label), color in zip(Source.choices, COLORS):
        amounts = [float(table[year].get(value) or 0) for year in table]
        if any(amounts):
            data.append({"type": "bar", "name": str(label), "x": years, "y": amounts, "marker": {"color": color},
                         "hovertemplate": "%{x}<br>" + str(label) + ": %{y:,.0f}<extra></extra>"})
    return {"data": data, "layout": {
        "barmode": "stack", "height": 420, "margin": {"l": 70, "r": 20, "t": 60, "b": 40},
        "font": {"family": "Segoe UI, Noto Sans, Roboto, Arial, sans-serif", "size": 13},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}, "separators": ",.",
        "xaxis": {"type": "category"},
        "yaxis": {"title": {"text": _("Million VND")}, "rangemode": "tozero"},
    }}


def sources_by_year_table(table: dict[int, dict]) -> tuple[list[str], list[list]]:
    """The same numbers as (columns, rows)."""
    sources = [(value, label) for value, label in Source.choices if any(table[y].get(value) for y in table)]
    columns = [_("Year"), *(str(label) for _value, label in sources), _("Total")]
    rows = [[year, *(table[year].get(value) for value, _label in sources), sum(table[year].values())]
            for year in table]
    return columns, rows
