"""The ONS table importer (workbooks built in the real layout), its errors, the vendored official rows and the
prepared official tables that must reconcile with them, and (marked) every real edition in ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from svd_dash.analytics.svd import OFFICIAL_SERIES, latest_like_for_like, official_series, source_footer
from svd_dash.prepare import layout
from svd_dash.prepare.command import main as prepare_main
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.official import KEY, OFFICIAL_COLUMNS, read_official_imports
from svd_dash.prepare.ons_tables import clean_header, number, period_of, read_ons_file
from svd_dash.prepared import load_official
from tests.conftest import RAW, ROOT, folder_checksums

SHARED_OFFICIAL = ROOT.parent / "shared" / "data" / "raw" / "published_official"
P1_TITLE = (
    "Table P1: Police recorded crime by offence group and police force area, English regions and Wales, number of offences, "
    "year ending March 20251,2"
)
P4_TITLE = (
    "Table P4:  Knife or sharp instrument offences recorded by the police for selected offences, by police force area, "
    "English regions and Wales, year ending March 20253"
)


def p1_rows() -> list[list[object]]:
    """Table P1 as ONS lays it out: title with footnote digits, a blank row, a caption, the offence-group row, the header row
    (total's name only in the group row), a 'Numbers' row, then data with footnoted names, '[x]' and text with commas."""
    return [
        [P1_TITLE],
        [],
        ["England and Wales"],
        [None, None, "Total recorded crime (excluding fraud3)", None, "Victim-based crime"],
        ["Area Code", "Area Name", None, None, "Violence against the person4", "Homicide5,6", "Robbery", "Possession of weapons offences"],
        [None, None, "Numbers"],
        ["K04000001", "ENGLAND AND WALES7,8", 5_013_284, None, 1_658_478, 670, 83_930, 44_445],
        ["E23000014", "West Midlands", "259,638 ", None, "87,780", 42, 8755, "[x]"],
        [],
        ["Source: Police recorded crime, Home Office"],
    ]


def p4_rows(title: str = P4_TITLE) -> list[list[object]]:
    return [
        [title],
        [],
        [None, None, "Total of selected serious offences", None, "Robbery", None, "Homicide5,6"],
        ["Area Code", "Area Name", "Number of\n offences\n involving a\n knife7", "% involving a knife"] * 1
        + ["Number of\n offences\n involving a\n knife7", "% involving a knife"] * 2,
        ["E23000014", "West Midlands", 3624, 7.3, 1992, 22.8, 20, "-"],
    ]


def long_series_rows() -> list[list[object]]:
    """P5 in some editions: the same title as P4, but its columns are years; it must be ignored."""
    return [
        [P4_TITLE.replace("P4", "P5")],
        [],
        [None, None, "Apr '10 to Mar '11", None, "Apr '11 to Mar '12"],
        ["Area Codes", "Area name", "Number of selected offences involving a knife3", "%"],
        ["E23000014", "West Midlands", 2000, 5.0],
    ]


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book["Notes"].append(["Crime in England and Wales, year ending March 2025 - PFA tables"])
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def c2_csv(path: Path) -> Path:
    lines = [
        '"Table C2: Number of police recorded crimes for headline offences by Community Safety Partnership area, England and '
        'Wales, year ending June 2025 [note 1][note 2]",,,,,,,,,,',
        "Some shorthand is used in this table.  [x] indicates data are unavailable.,,,,,,,,,,",
        '"Police Force\nArea code","Police Force\nArea name","Community Safety\nPartnership code","Community Safety\nPartnership name",'
        'Local Authority code,Local Authority name,"Total recorded crime\n (excluding fraud)",Violence against the person,Homicide,'
        "Robbery,Possession of weapons offences",
        'E23000014,West Midlands,,,,,"303,343 ","120,710 ",32 ,"6,661 ","6,261 "',
        'E23000014,West Midlands,E22000335,Birmingham,E08000025,Birmingham,"135,101 ","54,583 ",13 ,"3,553 ",[x]',
        'E23000014,West Midlands,,Unassigned West Midlands,,,"4,242 ","1,289 ",0 ,89 ,49 ',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cells_headers_and_periods_are_read_as_published() -> None:
    assert number("2,557 ") == 2557 and number("[x]") is None and number("-") is None and number(42) == 42
    assert clean_header("Homicide5,6") == "homicide"
    assert clean_header("Total recorded crime\n (excluding fraud3)") == "total recorded crime (excluding fraud)"
    assert clean_header("Homicide [note 4]") == "homicide"
    assert period_of("..., year ending December 20191,2") == ("YE Dec 2019", pd.Timestamp("2019-12-31"))
    assert period_of("..., year ending June 181,2") == ("YE Jun 2018", pd.Timestamp("2018-06-30"))


def test_a_workbook_is_read_by_titles_and_headers_not_positions(tmp_path: Path) -> None:
    path = workbook(tmp_path / "pfa.xlsx", {"Table P4  ": p4_rows(), "Table P5": long_series_rows(), "Table P1 ": p1_rows()})
    table = read_ons_file(path).set_index(["table", "geography_code", "measure"])["value"]
    assert table["P1", "E23000014", "total_recorded_crime_excl_fraud"] == 259_638
    assert table["P1", "E23000014", "violence_against_the_person"] == 87_780
    assert table["P1", "K04000001", "homicide"] == 670
    assert pd.isna(table["P1", "E23000014", "possession_of_weapons_offences"])  # "[x]" stays missing
    assert table["P4", "E23000014", "knife_offences_selected"] == 3624
    assert table["P4", "E23000014", "knife_robbery"] == 1992 and table["P4", "E23000014", "knife_homicide"] == 20
    assert len(table.loc["P4"]) == 3  # the long-series sheet was ignored
    assert set(read_ons_file(path)["edition"]) == {"YE Mar 2025"}


def test_the_csp_table_csv_is_read_with_its_levels(tmp_path: Path) -> None:
    table = read_ons_file(c2_csv(tmp_path / "c2.csv"))
    birmingham = table[table["geography_code"] == "E22000335"].set_index("measure")
    assert birmingham.loc["total_recorded_crime_excl_fraud", "value"] == 135_101
    assert birmingham.loc["homicide", "value"] == 13 and pd.isna(birmingham.loc["possession_of_weapons_offences", "value"])
    assert birmingham["la_code"].iloc[0] == "E08000025" and birmingham["parent_code"].iloc[0] == "E23000014"
    assert set(table["geography_level"]) == {"police_force_area", "csp", "unassigned"}
    assert set(table["period"]) == {"YE Jun 2025"}


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("notes.txt", lambda p: p.write_text("hello"), "unknown file type '.txt'"),
        ("broken.xlsx", lambda p: p.write_bytes(b"not a zip"), "not a readable xlsx workbook"),
        ("other.xlsx", lambda p: workbook(p, {"Table 9": [["Table 9: Something else entirely"]]}), "no ONS police recorded crime table"),
        (
            "cut.xlsx",
            lambda p: workbook(p, {"Table P1": [r[:4] for r in p1_rows()]}),
            "table P1 (sheet 'Table P1'): columns not found: violence_against_the_person",
        ),
        ("noheader.xlsx", lambda p: workbook(p, {"Table P1": [p1_rows()[0], ["x"]]}), "no header row"),
    ],
)
def test_wrong_files_get_an_error_naming_the_file_and_table(tmp_path: Path, name: str, make, message: str) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(PrepareError) as error:
        read_official_imports(path)
    assert name in str(error.value) and message in str(error.value)


def test_a_bad_import_exits_2_and_leaves_data_unchanged(tmp_path: Path, live_copy: tuple[Path, Path], capsys) -> None:
    data, geo = live_copy
    before = folder_checksums(data, geo)
    bad = workbook(tmp_path / "wrong.xlsx", {"Sheet": [["Population estimates"]]})
    code = prepare_main(["--raw-dir", str(RAW), "--data-dir", str(data), "--geo-dir", str(geo), "--official", str(bad)])
    assert code == 2
    assert "wrong.xlsx" in capsys.readouterr().err
    assert folder_checksums(data, geo) == before


@pytest.mark.slow
def test_an_import_adds_its_tables_and_reports_them(tmp_path: Path, live_copy: tuple[Path, Path], capsys) -> None:
    data, geo = live_copy
    folder = tmp_path / "downloads"
    folder.mkdir()
    workbook(folder / "pfatablesyemar25.xlsx", {"Table P1": p1_rows(), "Table P4": p4_rows()})
    code = prepare_main(["--raw-dir", str(RAW), "--data-dir", str(data), "--geo-dir", str(geo), "--official", str(folder)])
    assert code == 0
    out = capsys.readouterr().out
    assert "official figures added: pfatablesyemar25.xlsx: table P1, YE Mar 2025, 9 figures" in out
    figures = load_official(data).figures
    added = figures[(figures["edition"] == "YE Mar 2025") & (figures["geography_code"] == "E23000014")].set_index("measure")
    assert added.loc["knife_offences_selected", "value"] == 3624
    assert added.loc["knife_offences_selected", "got_from"] == "imported from pfatablesyemar25.xlsx"
    assert (figures["edition"] == "YE Mar 2019").any()  # the vendored rows stay


def vendored_rows() -> pd.DataFrame:
    files = [RAW / layout.OFFICIAL_PFA, RAW / layout.OFFICIAL_CSP, RAW / layout.OFFICIAL_OTHER]
    text = {c: "string" for c in OFFICIAL_COLUMNS if c != "value"}
    return pd.concat([pd.read_csv(f, dtype=text) for f in files]).fillna(dict.fromkeys(text, ""))


def test_vendored_rows_carry_their_provenance() -> None:
    rows = vendored_rows()
    assert set(rows["source_type"]) == {"official statistics", "official statement", "derived"}
    for column in ("source", "source_url", "licence", "citation", "got_from", "edition", "table", "period", "measure"):
        assert (rows[column] != "").all(), column
    statements = rows[rows["source_type"] == "official statement"]
    assert set(statements["licence"]) == {"Open Parliament Licence v3.0"}
    assert not rows["source_url"].str.contains("expressandstar|bbc|polfed|pressreader", regex=True).any()  # no news


def test_prepared_official_figures_reconcile_with_the_vendored_rows(prepared) -> None:
    figures = load_official(ROOT / "data").figures.set_index(KEY)["value"]
    raw = vendored_rows().set_index(KEY)["value"]
    assert len(figures) == len(raw)
    sample = raw.sample(60, random_state=1)
    pd.testing.assert_series_equal(figures.loc[sample.index], sample.astype("float64"), check_names=False)
    wm = "E23000014"
    assert figures["YE Mar 2019", "P4", "YE Mar 2019", "police_force_area", wm, "West Midlands", "knife_offences_selected"] == 3428
    assert figures["YE Mar 2018", "P4", "YE Mar 2018", "police_force_area", wm, "West Midlands", "knife_offences_selected"] == 2850
    assert figures["YE Jun 2025", "C2", "YE Jun 2025", "csp", "E22000335", "Birmingham", "total_recorded_crime_excl_fraud"] == 135_101


def test_csp_residents_add_up_to_the_census() -> None:
    residents = load_official(ROOT / "data").csp_residents
    assert len(residents) == 314
    assert residents["residents"].sum() == 59_597_114  # the LSOA file's England and Wales total
    assert residents.loc[residents["pfa_code"] == "E23000014", "residents"].sum() == 2_919_651
    assert residents["imd2025_score"].isna().sum() == 21  # the 21 Welsh CSPs have no English IMD


@pytest.mark.shared_data
def test_every_real_edition_imports_and_matches_the_vendored_rows() -> None:
    if not SHARED_OFFICIAL.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED_OFFICIAL} is missing in CI")
        pytest.skip("../shared is not here")
    editions = sorted(SHARED_OFFICIAL.glob("*.xlsx"))
    assert len(editions) == 8
    results = [read_official_imports(f) for f in [*editions, SHARED_OFFICIAL / "policeforceareatablesyejune25final.csv"]]
    imported = pd.concat([frame for frame, _ in results])
    assert sum(len(report) for _, report in results) == 8 * 2 + 1  # P1 and P4 of each workbook, and Table C2
    raw = vendored_rows()
    raw = raw[raw["source_type"] == "official statistics"]
    merged = raw.merge(imported, on=["period", "table", "geography_level", "geography_code", "geography_name", "measure"])
    assert len(merged) == (raw["table"] != "Subnational indicators: Homicide").sum()
    pd.testing.assert_series_equal(merged["value_x"].astype(float), merged["value_y"], check_names=False)


def test_official_chart_footers_name_exactly_their_sources() -> None:
    figures = load_official(ROOT / "data").figures
    knife = official_series(figures, OFFICIAL_SERIES[0])
    footer = source_footer(knife)
    assert footer.startswith("Official statistics: ONS, Crime in England and Wales: Police Force Area data tables, YE Mar 2018, Table P4")
    assert "Official statement: UK Parliament written question UIN 129149, answered 1 March 2022 (YE Sep 2020, YE Sep 2021)." in footer
    assert "police.uk" not in footer and "Derived" not in footer
    assert "Derived: " in source_footer(official_series(figures, OFFICIAL_SERIES[0], include_derived=True))
    assert set(knife["source_type"]) == {"official statistics", "official statement"}
    assert pd.isna(knife.set_index("label").loc["2018/19", "lag_months"])  # ONS release dates are not in the bundled tables
    assert knife.set_index("label").loc["YE Sep 2021", "lag_months"] == 5  # written answer of 1 March 2022
    change = latest_like_for_like(knife, "official statistics")
    assert change is not None and round(change.percent) == 20
    assert latest_like_for_like(knife.iloc[:1], "official statistics") is None  # one figure: no headline
