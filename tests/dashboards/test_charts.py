"""Each chart's figure data (not pixels), from plain data and from the demo history."""

import datetime

from django.utils import timezone, translation

from dashboards import charts, selectors
from ocop.models import Certificate
from showcase.demo.communes import demo_assessments_load
from tests.factories import make_target
from territory.models import District

CRITERIA = [(n, f"Tiêu chí {n}") for n in range(1, 20)]


def test_levels_by_district_stacks_exclusive_counts(ha_tinh):
    rows = selectors.levels_by_district(ha_tinh, 2023)
    assert len(rows) == 13
    # Exclusive counts add up to the 181 communes in the programme: 121 NTM only + 45 advanced + 15 model.
    totals = {key: sum(r[key] for r in rows) for key in ("ntm", "advanced", "model", "none")}
    assert totals == {"ntm": 121, "advanced": 45, "model": 15, "none": 0}
    with translation.override("vi"):
        figure = charts.levels_by_district_figure(rows)
    assert figure["layout"]["barmode"] == "stack"
    assert [t["name"] for t in figure["data"]] == ["Chỉ đạt chuẩn NTM", "NTM nâng cao (chưa kiểu mẫu)", "NTM kiểu mẫu",
                                                   "Chưa đạt chuẩn NTM"]
    # Horizontal bars, every district unit named; the first (by GSO code) on top, i.e. last drawn.
    assert figure["data"][0]["orientation"] == "h" and figure["data"][0]["y"][-1] == "Thành phố Hà Tĩnh"
    assert len(figure["data"][0]["y"]) == 13 and figure["layout"]["yaxis"]["dtick"] == 1
    assert sum(figure["data"][2]["x"]) == 15
    assert figure["layout"]["xaxis"]["tickformat"] == "d" and figure["layout"]["xaxis"]["dtick"] >= 1


def test_levels_by_district_figure_from_plain_rows():
    rows = [{"code": "443", "district": "Huyện Can Lộc", "model": 2, "advanced": 3, "ntm": 10, "none": 1}]
    figure = charts.levels_by_district_figure(rows)
    assert [t["x"] for t in figure["data"]] == [[10], [3], [2], [1]]
    table = charts.levels_by_district_table(rows)
    assert table.rows == [["Huyện Can Lộc", 10, 3, 2, 1, 16]]


def test_levels_scoped_to_a_district_has_one_bar(can_loc):
    rows = selectors.levels_by_district(can_loc.province, 2024, can_loc)
    assert [r["code"] for r in rows] == ["443"]


def test_progress_chart_draws_the_years_and_the_target_as_a_line(ha_tinh):
    make_target(ha_tinh, year=2024, metric="communes_new_advanced", value=20)
    make_target(ha_tinh, year=2024, metric="communes_new_model", value=5)
    data = selectors.progress_over_years(ha_tinh, 2024)
    assert data["years"] == [2021, 2022, 2023, 2024]
    assert data["advanced"][1:3] == [50, 60] and data["model"][1:3] == [7, 15] and data["ntm"][2] == 181
    assert data["targets"] == [
        {"level": "advanced", "year": 2024, "start": 60, "end": 80.0},
        {"level": "model", "year": 2024, "start": 15, "end": 20.0},
    ]
    figure = charts.progress_figure(data)
    target_lines = [t for t in figure["data"] if t["line"].get("dash") == "dash"]
    assert [(t["x"], t["y"]) for t in target_lines] == [([2023, 2024], [60, 80.0]), ([2023, 2024], [15, 20.0])]
    assert len(figure["data"]) == 5
    table = charts.progress_table(data)
    assert table.rows[-1][-2:] == [80, 20] and table.rows[0][-2:] == ["", ""]


def test_progress_without_targets_has_only_the_actual_lines(ha_tinh):
    figure = charts.progress_figure(selectors.progress_over_years(ha_tinh, 2022))
    assert len(figure["data"]) == 3 and figure["data"][0]["x"] == [2021, 2022]


def test_criteria_heatmap_from_the_assessment_selector_shape():
    data = {"criteria": CRITERIA, "rows": [
        {"code": "443", "district": "Huyện Can Lộc", "shares": [100.0] * 18 + [None]},
        {"code": "444", "district": "Huyện Hương Khê", "shares": [50.0] * 19},
    ]}
    figure = charts.criteria_heatmap_figure(data)
    heatmap = figure["data"][0]
    assert heatmap["type"] == "heatmap"
    # Every criterion on the axis by number and short name, the full name on hover, values in the cells.
    assert heatmap["x"][0] == "1. Tiêu chí 1" and heatmap["x"][-1] == "19. Tiêu chí 19" and len(heatmap["x"]) == 19
    assert figure["layout"]["xaxis"]["dtick"] == 1 and heatmap["texttemplate"] == "%{z:.0f}"
    assert charts.short_label(7, "Cơ sở hạ tầng thương mại nông thôn") == "7. Cơ sở hạ tầng…"
    # Rows bottom to top, so the first district of the selector is drawn on top.
    assert heatmap["y"] == ["Huyện Hương Khê", "Huyện Can Lộc"]
    assert heatmap["z"][1][-1] is None and heatmap["z"][0][0] == 50.0
    assert "autorange" not in figure["layout"].get("yaxis", {})
    assert (heatmap["zmin"], heatmap["zmax"]) == (0, 100) and heatmap["reversescale"]  # 100% is dark green
    assert heatmap["customdata"][0][18] == "Tiêu chí 19"
    table = charts.criteria_heatmap_table(data)
    assert table.columns[1] == "1. Tiêu chí 1" and table.rows[0][-1] == "" and table.rows[0][1] == 100


def test_ocop_stars_from_the_registry_selector_shape():
    rows = [{"code": "443", "district": "Huyện Can Lộc", "stars": {3: 12, 4: 2, 5: 0}},
            {"code": "442", "district": "Huyện Nghi Xuân", "stars": {3: 7, 4: 1}}]
    figure = charts.ocop_stars_figure(rows)
    assert [t["name"] for t in figure["data"]] == ["3★", "4★", "5★"]
    assert [t["x"] for t in figure["data"]] == [[7, 12], [1, 2], [0, 0]]  # bottom to top
    assert figure["data"][0]["y"] == ["Huyện Nghi Xuân", "Huyện Can Lộc"]
    assert figure["layout"]["barmode"] == "stack"
    assert charts.ocop_stars_table(rows).rows == [["Huyện Can Lộc", 12, 2, 0, 14], ["Huyện Nghi Xuân", 7, 1, 0, 8]]


def test_certificates_expiring_from_the_registry_selector_shape():
    rows = [{"quarter": "Q1/2025", "count": 4}, {"quarter": "Q2/2025", "count": 0}]
    figure = charts.certificates_expiring_figure(rows)
    assert figure["data"][0]["x"] == ["Quý 1/2025", "Quý 2/2025"] and figure["data"][0]["y"] == [4, 0]
    assert figure["layout"]["xaxis"]["type"] == "category"
    # Whole certificates: integer ticks only, never "0,5".
    assert figure["layout"]["yaxis"]["tickformat"] == "d" and figure["layout"]["yaxis"]["dtick"] == 1
    assert charts.certificates_expiring_table(rows).rows == [["Quý 1/2025", 4], ["Quý 2/2025", 0]]


def test_registry_names_every_chart():
    assert list(charts.CHARTS) == ["levels_by_district", "progress", "criteria_by_district",
                                   "ocop_stars_by_district", "certificates_expiring"]


# --- The OCOP and assessment charts on the demo data ---------------------------------------------


def test_criteria_heatmap_on_the_demo_assessments_is_in_percent(ha_tinh):
    demo_assessments_load(districts=["444"])  # Hương Khê: four communes reach NTM only in 2023
    data = charts.CHARTS["criteria_by_district"].data(ha_tinh, 2022, None)
    assert len(data["criteria"]) == 19
    rows = {r["district"]: r["shares"] for r in data["rows"]}
    huong_khe = rows["Huyện Hương Khê"]
    # Shares are percentages (0–100), not fractions: the heatmap's colour scale runs 0–100.
    assert all(0 <= s <= 100 for s in huong_khe) and max(huong_khe) == 100.0 and 0 < min(huong_khe) < 100
    assert all(s is None for s in rows["Huyện Can Lộc"])  # only Hương Khê has assessments in this test
    figure = charts.criteria_heatmap_figure(data)
    heatmap = figure["data"][0]
    assert heatmap["y"][-1] == data["rows"][0]["district"]  # the first district (by GSO code) on top
    assert heatmap["z"][heatmap["y"].index("Huyện Hương Khê")] == huong_khe
    # Every commune of Hương Khê is NTM by 2023: a criterion falls short only where a recognised
    # commune let it slip that year (the demo's variety: one commune in a district of ~20 → 95 %).
    later = charts.CHARTS["criteria_by_district"].data(ha_tinh, 2023, None)
    later_shares = {r["district"]: r["shares"] for r in later["rows"]}["Huyện Hương Khê"]
    assert min(later_shares) >= 85 and later_shares.count(100.0) >= 15 and later_shares != huong_khe


def test_criteria_heatmap_scoped_to_a_district_has_a_row_per_commune(ha_tinh, can_loc_assessed):
    data = charts.CHARTS["criteria_by_district"].data(ha_tinh, 2021, can_loc_assessed)
    communes = [c for c in can_loc_assessed.communes.all() if c.in_programme]
    assert len(data["rows"]) == len(communes)
    assert {s for r in data["rows"] for s in r["shares"]} <= {0.0, 100.0}
    assert charts.criteria_heatmap_figure(data)["data"][0]["y"][-1].startswith("Xã ")


def test_ocop_stars_on_the_demo_register_counts_the_337_products_of_2023(ocop_demo):
    rows = charts.CHARTS["ocop_stars_by_district"].data(ocop_demo, 2023, None)
    assert len(rows) == 13
    figure = charts.ocop_stars_figure(rows)
    by_star = {t["name"]: sum(t["x"]) for t in figure["data"]}
    assert sum(by_star.values()) == 337  # published: 337 products certified at the end of 2023
    assert by_star["5★"] == 0 and by_star["4★"] > 0
    table = charts.ocop_stars_table(rows)
    assert sum(row[-1] for row in table.rows) == 337


def test_ocop_stars_scoped_to_a_district_has_one_bar(ocop_demo):
    can_loc = District.objects.get(code="443")
    rows = charts.CHARTS["ocop_stars_by_district"].data(ocop_demo, 2023, can_loc)
    figure = charts.ocop_stars_figure(rows)
    assert all(t["y"] == ["Huyện Can Lộc"] for t in figure["data"])
    assert sum(t["x"][0] for t in figure["data"]) == sum(rows[0]["stars"].values()) > 0


def test_certificates_expiring_on_the_demo_register(ocop_demo):
    rows = charts.CHARTS["certificates_expiring"].data(ocop_demo, 2023, None)
    today = timezone.localdate()
    assert len(rows) == 8 and rows[0]["quarter"] == f"Q{(today.month - 1) // 3 + 1}/{today.year}"
    figure = charts.certificates_expiring_figure(rows)
    # The demo dates some renewals so that they expire within the next 90 days.
    live = Certificate.objects.filter(revoked=False, superseded=False, valid_until__gte=today,
                                      valid_until__lte=today + datetime.timedelta(days=85))
    assert sum(figure["data"][0]["y"][:2]) >= live.count() > 0
    assert figure["data"][0]["x"][0] == f"Quý {(today.month - 1) // 3 + 1}/{today.year}"
