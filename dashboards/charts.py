"""Plotly figure dicts for the dashboards, built on the server from selector output.

Each chart is a pair of pure functions over plain data: `<name>_figure(data) -> {"data", "layout"}`
and `<name>_table(data) -> Table` (the same numbers as a table, for the <details> view and the CSV
download). `CHARTS` names every chart with the function that loads its data for (province, year,
district).
"""

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
        "font": FONT, "margin": {"l": 60, "r": 20, "t": 70, "b": 40}, "height": 460,
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "separators": ",.",  # Vietnamese: decimal comma, thousands dot
    }
    layout.update(extra)
    return layout


# --- Communes by level per district (stacked bars) -------------------------------------------------

LEVEL_SERIES = [("ntm", GREEN), ("advanced", BLUE), ("model", GOLD), ("none", GREY)]


def _level_names() -> dict[str, str]:
    return {"ntm": _("NTM only"), "advanced": _("Advanced (not model)"), "model": _("Model"),
            "none": _("Not yet NTM")}


def levels_by_district_figure(rows: list[dict]) -> dict:
    names = _level_names()
    x = [row["district"] for row in rows]
    return {
        "data": [
            {"type": "bar", "name": names[key], "x": x, "y": [row[key] for row in rows],
             "marker": {"color": color}, "hovertemplate": "%{x}<br>" + names[key] + ": %{y}<extra></extra>"}
            for key, color in LEVEL_SERIES
        ],
        "layout": _layout(barmode="stack", yaxis={"title": {"text": _("Communes")}, "rangemode": "tozero"},
                          xaxis={"tickangle": -30, "automargin": True}),
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
        xaxis={"title": {"text": _("Year")}, "dtick": 1, "tickformat": "d"},
        yaxis={"title": {"text": _("Communes (cumulative)")}, "rangemode": "tozero"})}


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


def criteria_heatmap_figure(data: dict) -> dict:
    """`data` as communes.selectors.criteria_met_share_by_district returns it; shares in percent 0–100."""
    criteria = data["criteria"]
    # The first district on top, without a reversed axis (plotly.js would then style the image with
    # a computed transform, which the CSP forbids).
    rows = list(reversed(data["rows"]))
    return {
        "data": [{
            "type": "heatmap", "x": [f"TC{number}" for number, _name in criteria], "y": [r["district"] for r in rows],
            "z": [r["shares"] for r in rows], "zmin": 0, "zmax": 100, "colorscale": "Greens",
            "reversescale": True,  # plotly.js's Greens runs dark → light: 100% met is the darkest
            "customdata": [[name for _number, name in criteria] for _r in rows],
            "hovertemplate": "%{y}<br>%{x}. %{customdata}<br>%{z:.1f}%<extra></extra>",
            "colorbar": {"title": {"text": "%"}}, "hoverongaps": False,
        }],
        "layout": _layout(height=max(320, 60 + 28 * len(rows)), margin={"l": 160, "r": 20, "t": 30, "b": 60},
                          xaxis={"side": "bottom"}),
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
    x = [r["district"] for r in rows]
    return {
        "data": [
            {"type": "bar", "name": f"{stars}★", "x": x, "y": [r["stars"].get(stars, 0) for r in rows],
             "marker": {"color": color}}
            for stars, color in STAR_COLORS.items()
        ],
        "layout": _layout(barmode="stack", yaxis={"title": {"text": _("OCOP products")}, "rangemode": "tozero"},
                          xaxis={"tickangle": -30, "automargin": True}),
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
        "layout": _layout(yaxis={"title": {"text": _("Certificates")}, "rangemode": "tozero"},
                          xaxis={"type": "category", "automargin": True}, showlegend=False),
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
              levels_by_district_figure, levels_by_district_table, selectors.levels_by_district),
    ChartSpec("progress", gettext_lazy("Progress over the years against the targets"),
              progress_figure, progress_table, selectors.progress_over_years),
    ChartSpec("criteria_by_district", gettext_lazy("Share of communes meeting each criterion, per district unit"),
              criteria_heatmap_figure, criteria_heatmap_table, criteria_by_district_data),
    ChartSpec("ocop_stars_by_district", gettext_lazy("OCOP products by star per district unit"),
              ocop_stars_figure, ocop_stars_table, ocop_stars_by_district_data),
    ChartSpec("certificates_expiring", gettext_lazy("OCOP certificates expiring per quarter"),
              certificates_expiring_figure, certificates_expiring_table, certificates_expiring_data),
]}


# --- The national page: NTM share by province -------------------------------------------------------


def national_share_figure(rows: list) -> dict:
    """Horizontal bars of the NTM share of the communes in the programme, one per province with
    data (`selectors.national_rows`), highest first; provinces without data are left out."""
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
