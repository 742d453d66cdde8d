"""Plotly figure dicts for the dashboards, built on the server from selector output.

Each chart is a pair of pure functions over plain data: `<name>_figure(data) -> {"data", "layout"}`
and `<name>_table(data) -> Table` (the same numbers as a table, for the <details> view and the CSV
download). `CHARTS` names every chart with the function that loads its data for (province, year,
district).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils import timezone
from django.utils.translation import gettext_lazy

from communes import selectors as communes_selectors
from dashboards import selectors
from ocop import selectors as ocop_selectors

GREEN, BLUE, GOLD, GREY, RED = "#1b6e3c", "#1f5fa8", "#e0a800", "#c3cad0", "#b3261e"
FONT = {"family": "Segoe UI, Noto Sans, Roboto, Arial, sans-serif", "size": 13}


@dataclass
class Table:
    columns: list[str]
    rows: list[list]


def _layout(**extra) -> dict:
    layout = {
        "font": FONT, "margin": {"l": 60, "r": 20, "t": 20, "b": 40}, "height": 460,
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        # The legend below the plot (measured from the whole figure, so long axis labels never
        # push it over the bars), where the toolbar at the top right cannot cover it on a phone.
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        "separators": ",.",  # Vietnamese: decimal comma, thousands dot
    }
    layout.update(extra)
    return layout


def _count_axis(title: str, largest: float) -> dict:
    """An axis of whole things (communes, products, certificates): integer ticks, never "0,5"."""
    step = max(1, math.ceil(largest / 8)) if largest else 1
    return {"title": {"text": title}, "rangemode": "tozero", "dtick": step, "tickformat": "d", "automargin": True}


def _bar_height(rows: int) -> int:
    """Horizontal bars: tall enough for every unit's name, one row each."""
    return max(320, 120 + 30 * rows)


# --- Communes by level per district (stacked bars) -------------------------------------------------

LEVEL_SERIES = [("ntm", GREEN), ("advanced", BLUE), ("model", GOLD), ("none", GREY)]


def _level_names() -> dict[str, str]:
    return {"ntm": _("NTM only"), "advanced": _("Advanced (not model)"), "model": _("Model"),
            "none": _("Not yet NTM")}


def levels_by_district_figure(rows: list[dict]) -> dict:
    """Horizontal stacked bars: every district unit's name reads in full, on a phone too; the
    first row of the selector on top (lists reversed rather than a reversed axis)."""
    names = _level_names()
    rows = list(reversed(rows))
    y = [row["district"] for row in rows]
    largest = max((sum(row[key] for key, _c in LEVEL_SERIES) for row in rows), default=0)
    return {
        "data": [
            {"type": "bar", "orientation": "h", "name": names[key], "y": y, "x": [row[key] for row in rows],
             "marker": {"color": color}, "hovertemplate": "%{y}<br>" + names[key] + ": %{x}<extra></extra>"}
            for key, color in LEVEL_SERIES
        ],
        "layout": _layout(barmode="stack", height=_bar_height(len(rows)), margin={"l": 10, "r": 20, "t": 20, "b": 90},
                          xaxis=_count_axis(_("Communes"), largest),
                          yaxis={"automargin": True, "dtick": 1, "type": "category"}),
    }


def levels_by_district_table(rows: list[dict]) -> Table:
    names = _level_names()
    return Table(
        columns=[_("District unit"), *(names[key] for key, _c in LEVEL_SERIES), _("Communes in the programme")],
        rows=[[row["district"], *(row[key] for key, _c in LEVEL_SERIES),
               sum(row[key] for key, _c in LEVEL_SERIES)] for row in rows],
    )


# --- Progress over the years, with the targets ----------------------------------------------------


def progress_figure(data: dict) -> dict:
    series = [("ntm", _("Communes meeting NTM"), GREEN), ("advanced", _("Advanced NTM communes"), BLUE),
              ("model", _("Model NTM communes"), GOLD)]
    colors = {key: color for key, _name, color in series}
    traces = [
        {"type": "scatter", "mode": "lines+markers", "name": name, "x": data["years"], "y": data[key],
         "line": {"color": color, "width": 3}}
        for key, name, color in series
    ]
    for target in data["targets"]:
        name = (_("Target: advanced %(year)s") if target["level"] == "advanced" else _("Target: model %(year)s")) % {
            "year": target["year"]}
        traces.append({"type": "scatter", "mode": "lines+markers", "name": name,
                       "x": [target["year"] - 1, target["year"]], "y": [target["start"], target["end"]],
                       "line": {"color": colors[target["level"]], "dash": "dash", "width": 2},
                       "marker": {"symbol": ["circle-open", "x"], "size": 9}})
    return {"data": traces, "layout": _layout(
        # automargin: the axis makes room for its years and title above the legend, however many
        # rows the targets give it (without it the legend covered the years).
        xaxis={"title": {"text": _("Year")}, "dtick": 1, "tickformat": "d", "automargin": True},
        yaxis={"title": {"text": _("Communes (cumulative)")}, "rangemode": "tozero", "automargin": True})}


def progress_table(data: dict) -> Table:
    targets = {(t["year"], t["level"]): t["end"] for t in data["targets"]}
    return Table(
        columns=[_("Year"), _("Communes meeting NTM"), _("Advanced NTM communes"), _("Model NTM communes"),
                 _("Target: advanced"), _("Target: model")],
        rows=[[year, data["ntm"][i], data["advanced"][i], data["model"][i],
               _blank(targets.get((year, "advanced"))), _blank(targets.get((year, "model")))]
              for i, year in enumerate(data["years"])],
    )


def _blank(value):
    return "" if value is None else _number(value)


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


# --- Share of communes meeting each criterion, per district (heatmap) -------------------------------


SHORT_LABEL = 16  # characters of a criterion's name on the heatmap's axis (the full name on hover)


def short_label(number: int, name: str) -> str:
    """"5. Trường học", "2. Giao thông", "7. Cơ sở hạ tầng…": the number and the name's first
    words, cut at a word boundary."""
    if len(name) <= SHORT_LABEL:
        return f"{number}. {name}"
    cut = name[:SHORT_LABEL].rsplit(" ", 1)[0] or name[:SHORT_LABEL]
    return f"{number}. {cut}…"


def criteria_heatmap_figure(data: dict) -> dict:
    """`data` as communes.selectors.criteria_met_share_by_district returns it; shares in percent 0–100.

    Every criterion labelled on the axis (number and short name; the full name on hover), every
    district unit (or commune) on the other, and the share written in each cell."""
    criteria = data["criteria"]
    # The first district on top, without a reversed axis (plotly.js would then style the image with
    # a computed transform, which the CSP forbids).
    rows = list(reversed(data["rows"]))
    return {
        "data": [{
            "type": "heatmap", "x": [short_label(number, name) for number, name in criteria],
            "y": [r["district"] for r in rows],
            "z": [r["shares"] for r in rows], "zmin": 0, "zmax": 100, "colorscale": "Greens",
            "reversescale": True,  # plotly.js's Greens runs dark → light: 100% met is the darkest
            "customdata": [[name for _number, name in criteria] for _r in rows],
            "hovertemplate": "%{y}<br>%{customdata}<br>%{z:.1f}%<extra></extra>",
            "texttemplate": "%{z:.0f}", "textfont": {"size": 10},
            "colorbar": {"title": {"text": "%"}, "thickness": 12}, "hoverongaps": False,
        }],
        "layout": _layout(height=max(360, 190 + 28 * len(rows)), margin={"l": 10, "r": 10, "t": 20, "b": 10},
                          xaxis={"side": "bottom", "tickangle": -60, "automargin": True, "dtick": 1,
                                 "type": "category"},
                          yaxis={"automargin": True, "dtick": 1, "type": "category"}),
    }


def criteria_heatmap_table(data: dict) -> Table:
    return Table(
        columns=[_("District unit"), *(f"{number}. {name}" for number, name in data["criteria"])],
        rows=[[r["district"], *(_blank(s) for s in r["shares"])] for r in data["rows"]],
    )


# --- OCOP products by star per district (stacked bars) ---------------------------------------------

STAR_COLORS = {3: "#8fbf9f", 4: GREEN, 5: GOLD}


def ocop_stars_figure(rows: list[dict]) -> dict:
    """`rows` as ocop.selectors.stars_by_district returns them."""
    rows = list(reversed(rows))  # horizontal bars, the selector's first row on top
    y = [r["district"] for r in rows]
    largest = max((sum(r["stars"].values()) for r in rows), default=0)
    return {
        "data": [
            {"type": "bar", "orientation": "h", "name": f"{stars}★", "y": y,
             "x": [r["stars"].get(stars, 0) for r in rows], "marker": {"color": color}}
            for stars, color in STAR_COLORS.items()
        ],
        "layout": _layout(barmode="stack", height=_bar_height(len(rows)), margin={"l": 10, "r": 20, "t": 20, "b": 90},
                          xaxis=_count_axis(_("OCOP products"), largest),
                          yaxis={"automargin": True, "dtick": 1, "type": "category"}),
    }


def ocop_stars_table(rows: list[dict]) -> Table:
    return Table(
        columns=[_("District unit"), "3★", "4★", "5★", _("Total products")],
        rows=[[r["district"], *(r["stars"].get(s, 0) for s in STAR_COLORS), sum(r["stars"].values())]
              for r in rows],
    )


# --- OCOP certificates expiring per quarter (bars) -------------------------------------------------


def certificates_expiring_figure(rows: list[dict]) -> dict:
    """`rows` as ocop.selectors.certificates_expiring_by_quarter returns them."""
    return {
        "data": [{"type": "bar", "name": _("Certificates expiring"), "x": [_quarter(r["quarter"]) for r in rows],
                  "y": [r["count"] for r in rows], "marker": {"color": RED}}],
        "layout": _layout(yaxis=_count_axis(_("Certificates"), max((r["count"] for r in rows), default=0)),
                          xaxis={"type": "category", "automargin": True, "title": {"text": _("Quarter of expiry")}},
                          showlegend=False),
    }


def certificates_expiring_table(rows: list[dict]) -> Table:
    return Table(columns=[_("Quarter"), _("Certificates expiring")],
                 rows=[[_quarter(r["quarter"]), r["count"]] for r in rows])


def _quarter(key: str) -> str:
    """"Q1/2025" (the selector's key) as the interface writes it ("Quý 1/2025" in Vietnamese)."""
    quarter, year = key.removeprefix("Q").split("/")
    return _("Q%(quarter)s/%(year)s") % {"quarter": quarter, "year": year}


# --- The registry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    name: str
    title: str
    figure: Callable
    table: Callable
    data: Callable  # (province, year, district) -> the builder's input
    per_district: bool = False  # one bar per district unit: not drawn on a one-district dashboard
    from_today: bool = False  # about what comes from today, whatever the year picked


def criteria_by_district_data(province, year: int, district=None) -> dict:
    """Shares (percent 0–100) per district unit, or per commune of `district`."""
    return communes_selectors.criteria_met_share_by_district(province, year, district=district)


def ocop_stars_by_district_data(province, year: int, district=None) -> list[dict]:
    """Products certified at the end of a past `year`; for this year (or a later one), today."""
    as_of = year if year < timezone.localdate().year else None
    return ocop_selectors.stars_by_district(province, year=as_of, district=district)


def certificates_expiring_data(province, year: int, district=None) -> list[dict]:
    """The next eight quarters from today, whatever the year picked (expiry is about what comes)."""
    return ocop_selectors.certificates_expiring_by_quarter(province, district=district)


CHARTS: dict[str, ChartSpec] = {spec.name: spec for spec in [
    ChartSpec("levels_by_district", gettext_lazy("Communes by level per district unit"),
              levels_by_district_figure, levels_by_district_table, selectors.levels_by_district, per_district=True),
    ChartSpec("progress", gettext_lazy("Progress over the years against the targets"),
              progress_figure, progress_table, selectors.progress_over_years),
    ChartSpec("criteria_by_district", gettext_lazy("Share of communes meeting each criterion, per district unit"),
              criteria_heatmap_figure, criteria_heatmap_table, criteria_by_district_data),
    ChartSpec("ocop_stars_by_district", gettext_lazy("OCOP products by star per district unit"),
              ocop_stars_figure, ocop_stars_table, ocop_stars_by_district_data, per_district=True),
    ChartSpec("certificates_expiring", gettext_lazy("OCOP certificates expiring in the next eight quarters"),
              certificates_expiring_figure, certificates_expiring_table, certificates_expiring_data, from_today=True),
]}


# --- The national page: NTM share by province -------------------------------------------------------


def national_share_figure(rows: list) -> dict:
    """Horizontal bars of the NTM share of the communes in the programme, one per province with
    data (`dashboards.national.national_rows`), highest first; provinces without data are left out."""
    shown = sorted((r for r in rows if r.ntm_share is not None), key=lambda r: r.ntm_share)
    label = _("Communes meeting NTM (%)")
    return {
        "data": [{"type": "bar", "orientation": "h", "name": label,
                  "y": [r.province.name for r in shown], "x": [round(r.ntm_share, 1) for r in shown],
                  "marker": {"color": GREEN}, "hovertemplate": "%{y}: %{x:.1f} %<extra></extra>"}],
        "layout": _layout(height=max(240, 22 * len(shown) + 100), margin={"l": 140, "r": 20, "t": 30, "b": 40},
                          xaxis={"title": {"text": label}, "range": [0, 100]}, yaxis={"automargin": True},
                          showlegend=False),
    }


def national_table(rows: list) -> Table:
    """The national page's figures as a table (the Excel export)."""
    def blank(value):
        return "" if value is None else value
    return Table(
        columns=[_("GSO code"), _("Province"), _("Communes"), _("In the programme"), _("NTM"),
                 _("NTM share (%)"), _("Advanced"), _("Model"), _("OCOP products in force"), _("Formed from")],
        rows=[[r.province.code, r.province.full_name, blank(r.communes), blank(r.in_programme), blank(r.ntm),
               "" if r.ntm_share is None else round(r.ntm_share, 1), blank(r.advanced), blank(r.model),
               blank(r.ocop), ", ".join(r.predecessors)] for r in rows],
    )
