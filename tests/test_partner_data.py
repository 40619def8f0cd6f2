"""Reading a partner extract: accepted whole, or refused whole with one clear problem per fault; the views
built from it reconcile with the file and show only suppressed, rounded figures."""

from __future__ import annotations

import io
import tomllib

import numpy as np
import pandas as pd
import pytest

from svd_dash.analytics import partner_data
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.partner_compare import (
    NoPartnerFiguresError,
    lsoa_rows,
    partner_police_correlation,
    partner_spc,
    partner_views,
    place_counts,
    police_by_place,
    rank_correlation,
)
from svd_dash.analytics.partner_data import COUNCIL, LSOA, WARD, ExtractRefusedError, geography_lookup, read_extract
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.suppression import SHOWN, SuppressionRule
from svd_dash.analytics.views import months_used
from svd_dash.prepared import PreparedData
from tests.conftest import ROOT
from tests.partner_extract import SOURCE, extract_csv, generated_extract

HEADER = "geography_code,month,measure,count,source\n"
GOOD_ROW = "E05001218,2025-04,ED assault attendances,12,Trust A\n"  # Bablake ward, Coventry
PERIOD = months_period("2025-04", "2026-03")


@pytest.fixture(scope="module")
def months(prepared: PreparedData) -> list[pd.Timestamp]:
    return sorted(pd.to_datetime(prepared.months["month"].unique()))


@pytest.fixture(scope="module")
def extract(prepared: PreparedData, months) -> partner_data.Extract:
    return read_extract(extract_csv(generated_extract(prepared)), "extract.csv", prepared.lsoa, months)


def refused(prepared: PreparedData, months, text: str | bytes, name: str = "extract.csv") -> list[partner_data.Problem]:
    payload = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ExtractRefusedError) as refusal:
        read_extract(payload, name, prepared.lsoa, months)
    return refusal.value.problems


def test_a_realistic_generated_extract_is_accepted_whole(prepared: PreparedData, extract) -> None:
    generated = generated_extract(prepared)
    assert len(extract.rows) == len(generated) > 5000
    assert extract.measures == ["Ambulance call-outs for assault", "ED assault attendances", "Knife injuries (A&E)"]
    assert extract.rows["count"].sum() == generated["count"].sum()
    assert extract.rows.groupby("measure")["level"].first().to_dict() == {
        "Ambulance call-outs for assault": WARD,
        "ED assault attendances": WARD,
        "Knife injuries (A&E)": LSOA,
    }
    assert extract.source_of("ED assault attendances") == SOURCE
    assert ((extract.rows["count"] >= 1) & (extract.rows["count"] <= 7)).mean() > 0.3  # many small cells


def test_the_geography_lookup_has_every_lsoa_ward_and_council_of_the_seven(prepared: PreparedData) -> None:
    lookup = geography_lookup(prepared.lsoa)
    assert lookup["level"].value_counts().to_dict() == {LSOA: 1719, WARD: 192, COUNCIL: 7}
    assert lookup.loc["E08000026", "population"] == prepared.lsoa.loc[prepared.lsoa["la_code"] == "E08000026", "population"].sum()


@pytest.mark.parametrize(
    "row,column,expected",
    [
        ("XYZ123,2025-04,m,1,\n", "geography_code", "an LSOA 2021 (E01…), 2025 ward (E05…) or council (E08…) code"),
        ("E01000001,2025-04,m,1,\n", "geography_code", "an LSOA 2021 code in the seven West Midlands councils"),
        ("E05000026,2025-04,m,1,\n", "geography_code", "a 2025 ward code in the seven West Midlands councils"),
        ("E08000001,2025-04,m,1,\n", "geography_code", "one of the seven West Midlands council codes"),
        ("E08000026,2019-01,m,1,\n", "month", "a month from May 2023 to March 2026"),
        ("E08000026,April 2025,m,1,\n", "month", "a month written YYYY-MM"),
        ("E08000026,2025-04-15,m,1,\n", "month", "a date on the 1st of the month"),
        ("E08000026,2025-04,m,-3,\n", "count", "a whole number, 0 or more"),
        ("E08000026,2025-04,m,2.5,\n", "count", "a whole number, 0 or more"),
        ("E08000026,2025-04,m,,\n", "count", "no blanks"),
        ('E08000026,2025-04,m,"1,234",\n', "count", "no commas"),
        ("E08000026,2025-04,<script>alert(1)</script>,1,\n", "measure", "letters, digits, spaces"),
        ("E08000026,2025-04,=HYPERLINK(1),1,\n", "measure", "starting with a letter or digit"),
        ("E08000026,2025-04,,1,\n", "measure", "letters, digits"),
        ("E08000026,2025-04,m,1,**bold** [link](http://x)\n", "source", "letters, digits"),
    ],
)
def test_each_faulty_value_is_named_by_row_column_value_and_expectation(prepared, months, row: str, column: str, expected: str) -> None:
    problems = refused(prepared, months, HEADER + GOOD_ROW + row)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.row, problem.column) == (3, column)
    assert expected in problem.expected
    assert problem.message.startswith(f"Row 3, column '{column}'")


def test_one_bad_row_among_thousands_refuses_the_whole_file(prepared: PreparedData, months) -> None:
    extract = generated_extract(prepared)
    extract.loc[4321, "count"] = -1
    problems = refused(prepared, months, extract_csv(extract))
    assert [(p.row, p.column, p.value) for p in problems] == [(4323, "count", "-1")]


def test_duplicate_rows_name_the_row_they_repeat(prepared: PreparedData, months) -> None:
    problems = refused(
        prepared, months, HEADER + GOOD_ROW + "E05001219,2025-04,ED assault attendances,3,\n" + GOOD_ROW.replace("E05", "e05")
    )
    assert [(p.row, p.expected) for p in problems] == [(4, "one row per code, month and measure: this repeats row 2")]


def test_a_measure_mixing_geography_levels_is_refused(prepared: PreparedData, months) -> None:
    problems = refused(prepared, months, HEADER + GOOD_ROW + "E08000026,2025-05,ED assault attendances,30,\n")
    assert problems[0].value == "ED assault attendances" and "mixes Council and Ward 2025" in problems[0].expected


def test_wrong_encoding_is_refused_with_the_line_and_the_byte(prepared: PreparedData, months) -> None:
    payload = (HEADER + GOOD_ROW).encode("utf-8") + "E08000026,2025-04,Café visits,1,\n".encode("latin-1")
    problem = refused(prepared, months, payload)[0]
    assert (problem.row, problem.value) == (3, "byte 0xe9") and "UTF-8" in problem.expected


def test_missing_and_extra_columns_are_refused(prepared: PreparedData, months) -> None:
    problems = refused(prepared, months, "geography_code,month,count,patient_name\nE08000026,2025-04,1,Jo\n")
    assert [p.column for p in problems] == ["measure", "patient_name"]
    assert "no personal data" in problems[1].expected


def test_too_many_rows_and_oversize_files_are_refused(prepared: PreparedData, months, monkeypatch) -> None:
    monkeypatch.setattr(partner_data, "MAX_ROWS", 2)
    problem = refused(prepared, months, HEADER + GOOD_ROW * 3)[0]
    assert (problem.value, problem.expected) == ("3 rows", "at most 2 rows")
    monkeypatch.undo()
    big = HEADER.encode() + b"x" * partner_data.MAX_FILE_BYTES
    problem = refused(prepared, months, big)[0]
    assert problem.expected == "a file of at most 5 MB" and problem.value == "5.0 MB"


def test_the_size_limit_in_code_matches_the_servers_upload_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == partner_data.MAX_FILE_MB == 5


def test_other_file_types_and_broken_workbooks_are_refused(prepared: PreparedData, months) -> None:
    assert refused(prepared, months, "x", "extract.txt")[0].expected == "a .csv or .xlsx file"
    assert "Excel workbook" in refused(prepared, months, b"not a zip", "extract.xlsx")[0].expected
    assert refused(prepared, months, HEADER)[0].expected == "at least one row of data under the header"


def test_an_excel_workbook_with_real_dates_is_read(prepared: PreparedData, months) -> None:
    frame = pd.DataFrame(
        {
            "Geography code": ["E05001218", "E05001219"],
            "Month": [pd.Timestamp("2025-04-01"), pd.Timestamp("2025-05-01")],
            "Measure": ["A&E assaults (under-25s)", "A&E assaults (under-25s)"],
            "Count": [12, 0],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    extract = read_extract(buffer.getvalue(), "extract.xlsx", prepared.lsoa, months)
    assert extract.rows["month"].tolist() == [pd.Timestamp("2025-04-01"), pd.Timestamp("2025-05-01")]
    assert extract.rows["count"].tolist() == [12, 0] and extract.source_of("A&E assaults (under-25s)") == "source not given"


def test_the_views_reconcile_with_the_file_and_show_only_protected_values(prepared: PreparedData, extract) -> None:
    rule = SuppressionRule()
    lookup = geography_lookup(prepared.lsoa)
    views = partner_views(extract.rows, "Knife injuries (A&E)", lookup, "E08000026", PERIOD, rule)
    rows = extract.rows[extract.rows["measure"] == "Knife injuries (A&E)"]
    true_total = rows["count"].sum()
    assert views.total == rule.rounded(true_total) and views.total_status == SHOWN
    places = lookup.loc[views.places["code"]]
    truth = place_counts(rows, places, views.months).to_numpy()
    shown = views.places["status"].eq(SHOWN).to_numpy()
    assert (views.places["count"].to_numpy()[shown] == rule.rounded(truth[shown])).all()
    assert views.places["count"][~shown].isna().all() and (views.places["shown"][~shown] == "*").all()
    assert ((truth >= 1) & (truth <= 7) <= ~shown).all()  # every small count is hidden
    assert (~shown).sum() != 1  # never exactly one hidden place beside a shown total
    rate = views.places["rate"].to_numpy()
    expected_rate = views.places["count"].to_numpy() / views.places["population"].to_numpy() * 1000
    np.testing.assert_allclose(rate[shown], expected_rate[shown])
    assert len(lsoa_rows(views, prepared.lsoa, "E08000026")) == (prepared.lsoa["la_code"] == "E08000026").sum()
    region = lsoa_rows(partner_views(extract.rows, "Knife injuries (A&E)", lookup, "E47000007", PERIOD, rule), prepared.lsoa, "E47000007")
    assert len(region) == 1719 and (region["status"] == "not in the file").sum() == 1719 - len(views.places)


def test_no_figures_for_a_period_the_file_does_not_cover(prepared: PreparedData, extract) -> None:
    with pytest.raises(NoPartnerFiguresError, match="no months"):
        partner_views(
            extract.rows,
            "ED assault attendances",
            geography_lookup(prepared.lsoa),
            "E08000026",
            months_period("2023-05", "2024-04"),
            SuppressionRule(),
        )


def test_the_rank_correlation_interval_matches_a_hand_computed_fisher_z() -> None:
    x = np.arange(1.0, 21.0)
    y = x.copy()
    y[[0, 1, 5, 6, 10, 11]] = y[[1, 0, 6, 5, 11, 10]]  # three swapped pairs: d^2 = 6, rho = 1 - 6*6/(20*399)
    result = rank_correlation(x, y, WARD)
    rho = 1 - 6 * 6 / (20 * (20**2 - 1))
    se = np.sqrt((1 + rho**2 / 2) / 17)
    assert result.rho == pytest.approx(rho)
    assert (result.lower, result.upper) == pytest.approx(
        (np.tanh(np.arctanh(rho) - 1.959964 * se), np.tanh(np.arctanh(rho) + 1.959964 * se))
    )
    assert "strong link" in result.sentence("X", "violence", "Coventry")
    assert np.isnan(rank_correlation(x[:5], y[:5], WARD).rho)


def test_the_generated_ed_measure_lines_up_with_police_violence(prepared: PreparedData, extract) -> None:
    lookup = geography_lookup(prepared.lsoa)
    views = partner_views(extract.rows, "ED assault attendances", lookup, "E47000007", PERIOD, SuppressionRule())
    used = months_used(prepared, "E47000007", PERIOD)
    police = police_by_place(
        prepared.counts, prepared.lsoa, "E47000007", grouping_named("Violence and sexual offences").crime_types, used, WARD
    )
    assert (
        police.sum()
        == prepared.counts[prepared.counts["month"].isin(used) & (prepared.counts["crime_type"] == "Violence and sexual offences")][
            "count"
        ].sum()
    )
    result = partner_police_correlation(extract.rows, "ED assault attendances", lookup, views, police, len(used), "E47000007")
    assert result.places == 192 and result.lower > 0.5
    assert "higher rates of ED assault attendances" in result.sentence("ED assault attendances", "violence", "the West Midlands")


def test_council_and_region_views_show_the_same_figures_so_they_cannot_be_played_off(prepared: PreparedData, extract) -> None:
    lookup = geography_lookup(prepared.lsoa)
    rule = SuppressionRule()
    for measure in ("ED assault attendances", "Knife injuries (A&E)"):
        region = partner_views(extract.rows, measure, lookup, "E47000007", PERIOD, rule)
        by_code = region.places.set_index("code")
        for council in region.places["la_code"].unique():
            view = partner_views(extract.rows, measure, lookup, council, PERIOD, rule)
            same = by_code.loc[view.places["code"]]
            assert view.places["shown"].tolist() == same["shown"].tolist()
            assert view.places["status"].tolist() == same["status"].tolist()
            hidden = (view.places["status"] != SHOWN).sum()
            assert view.total_status != SHOWN or hidden != 1, (measure, council)
            assert (view.monthly["status"] != SHOWN).sum() != 1 or view.total_status != SHOWN


def test_reading_an_extract_writes_nothing_and_logs_nothing(prepared: PreparedData, months, monkeypatch, caplog) -> None:
    import builtins
    import pathlib

    def refuse(*args, **kwargs):
        raise AssertionError("the extract must stay in memory")

    real_open = builtins.open

    def read_only_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            refuse()
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only_open)
    for method in ("write_bytes", "write_text", "touch", "mkdir"):
        monkeypatch.setattr(pathlib.Path, method, refuse)
    payload = (HEADER + GOOD_ROW.replace("ED assault attendances", "Secret measure 42")).encode()
    with caplog.at_level("DEBUG"):
        extract = read_extract(payload, "secret.csv", prepared.lsoa, months)
        partner_views(extract.rows, "Secret measure 42", geography_lookup(prepared.lsoa), "E08000026", PERIOD, SuppressionRule())
    assert not [record for record in caplog.records if "Secret" in record.getMessage() or "secret" in record.getMessage()]


def test_the_partner_spc_chart_uses_only_shown_months(prepared: PreparedData, extract) -> None:
    """Suppressed months are gaps (like partial months): never in the limits. Without the police baseline in the
    extract, the limits come from its first 12 shown months; the centre line is their mean (hand check)."""
    views = partner_views(extract.rows, "Knife injuries (A&E)", geography_lookup(prepared.lsoa), "E47000007", PERIOD, SuppressionRule())
    spc, limits_from = partner_spc(views, months_period("2019-01", "2019-12"))
    monthly = views.monthly.set_index("month")["count"]
    first_shown = monthly.dropna().iloc[:12]
    assert limits_from.startswith("limits from the extract's first 12 shown months")
    assert spc.mean == pytest.approx(first_shown.mean())
    assert spc.mean_moving_range == pytest.approx(first_shown.diff().abs().mean())
    assert not spc.table.loc[monthly.isna().to_numpy(), "complete"].any()
    spc_on_baseline, words = partner_spc(views, PERIOD)
    assert words == f"limits from the baseline, {PERIOD.label}"
    shown_in_period = monthly[monthly.index.isin(PERIOD.months)].dropna()
    assert spc_on_baseline.mean == pytest.approx(shown_in_period.mean())
