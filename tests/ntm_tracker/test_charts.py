"""Each chart's figure data (not pixels), from plain data and from the demo history."""

from django.utils import translation

from ntm_tracker import charts, selectors
from tests.factories import make_target

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
    assert figure["data"][0]["x"][0] == "Thành phố Hà Tĩnh"
    assert sum(figure["data"][2]["y"]) == 15


def test_levels_by_district_figure_from_plain_rows():
    rows = [{"code": "443", "district": "Huyện Can Lộc", "model": 2, "advanced": 3, "ntm": 10, "none": 1}]
    figure = charts.levels_by_district_figure(rows)
    assert [t["y"] for t in figure["data"]] == [[10], [3], [2], [1]]
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
    assert heatmap["x"][0] == "TC1" and heatmap["x"][-1] == "TC19"
    # Rows bottom to top, so the first district of the selector is drawn on top.
    assert heatmap["y"] == ["Huyện Hương Khê", "Huyện Can Lộc"]
    assert heatmap["z"][1][-1] is None and heatmap["z"][0][0] == 50.0
    assert "autorange" not in figure["layout"].get("yaxis", {})
    assert (heatmap["zmin"], heatmap["zmax"]) == (0, 100)
    assert heatmap["customdata"][0][18] == "Tiêu chí 19"
    table = charts.criteria_heatmap_table(data)
    assert table.columns[1] == "1. Tiêu chí 1" and table.rows[0][-1] == "" and table.rows[0][1] == 100


def test_ocop_stars_from_the_registry_selector_shape():
    rows = [{"code": "443", "district": "Huyện Can Lộc", "stars": {3: 12, 4: 2, 5: 0}},
            {"code": "442", "district": "Huyện Nghi Xuân", "stars": {3: 7, 4: 1}}]
    figure = charts.ocop_stars_figure(rows)
    assert [t["name"] for t in figure["data"]] == ["3★", "4★", "5★"]
    assert [t["y"] for t in figure["data"]] == [[12, 7], [2, 1], [0, 0]]
    assert figure["layout"]["barmode"] == "stack"
    assert charts.ocop_stars_table(rows).rows == [["Huyện Can Lộc", 12, 2, 0, 14], ["Huyện Nghi Xuân", 7, 1, 0, 8]]


def test_certificates_expiring_from_the_registry_selector_shape():
    rows = [{"quarter": "Q1/2025", "count": 4}, {"quarter": "Q2/2025", "count": 0}]
    figure = charts.certificates_expiring_figure(rows)
    assert figure["data"][0]["x"] == ["Q1/2025", "Q2/2025"] and figure["data"][0]["y"] == [4, 0]
    assert figure["layout"]["xaxis"]["type"] == "category"
    assert charts.certificates_expiring_table(rows).rows == [["Q1/2025", 4], ["Q2/2025", 0]]


def test_registry_names_every_chart_and_marks_what_is_not_wired_yet():
    assert list(charts.CHARTS) == ["levels_by_district", "progress", "criteria_by_district",
                                   "ocop_stars_by_district", "certificates_expiring"]
    waiting = [name for name, spec in charts.CHARTS.items() if spec.data is None]
    assert waiting == ["criteria_by_district", "ocop_stars_by_district", "certificates_expiring"]
    assert all(charts.CHARTS[name].pending for name in waiting)
