"""Ingesting users' police.uk downloads, on generated files in the exact published format."""

from __future__ import annotations

import os
import shutil
import zipfile
import zlib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from svd_dash.cli import main
from svd_dash.prepare import layout
from svd_dash.prepare.archive_limits import ArchiveLimits
from svd_dash.prepare.archive_merge import check_no_far_fewer, describe_changes, month_changes
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.geography import read_boundaries
from svd_dash.prepare.lsoa_table import read_lsoa11_lookup
from svd_dash.prepare.pipeline import PrepareOptions, run
from svd_dash.prepare.police_archive import ArchiveCounts, LsoaCodes, read_police_archive
from svd_dash.prepared import load_boundaries, load_prepared
from tests.conftest import RAW, ROOT, folder_checksums
from tests.street_files import (
    BTP,
    STAFFORDSHIRE,
    StreetRow,
    ZipEntry,
    deflate64_entry,
    raw_deflate,
    street_csv,
    write_archive,
    write_zip,
    zeros_entry,
    zip_archive,
)

BIRMINGHAM_067A = "E01008881"  # LSOA 2011 and 2021 code (unchanged)
CITY_OF_LONDON = "E01000001"  # a real LSOA outside the seven areas
VIOLENCE, WEAPONS, ASB = "Violence and sexual offences", "Possession of weapons", "Anti-social behaviour"


@pytest.fixture(scope="module")
def split_lsoa() -> tuple[str, str, float, float]:
    """A split LSOA 2011 in the seven areas, one of its LSOA 2021 parts, and a point inside that part."""
    lookup = pd.read_csv(RAW / "lookups" / "lookup_lsoa11_lsoa21_ltla22_england_wales.csv.gz")
    split = lookup[(lookup["change_code"] == "S") & lookup["ltla22_code"].str.startswith("E0800002")].sort_values(
        ["lsoa11_code", "lsoa21_code"]
    )
    parent, part = split.iloc[-1][["lsoa11_code", "lsoa21_code"]]
    shape = load_boundaries("lsoa21", ROOT / "geo").set_index("lsoa21_code").loc[[part]]
    point = gpd.GeoSeries(shape.geometry.representative_point(), crs=shape.crs).to_crs(4326).iloc[0]
    return parent, part, point.x, point.y


@pytest.fixture
def archive_months(split_lsoa: tuple[str, str, float, float]) -> dict[str, list[StreetRow]]:
    parent, _, lon, lat = split_lsoa
    return {
        "2026-02": [
            StreetRow("a1", "2026-02", BIRMINGHAM_067A, VIOLENCE),
            StreetRow("a2", "2026-02", BIRMINGHAM_067A, VIOLENCE),
            StreetRow("", "2026-02", BIRMINGHAM_067A, ASB),
            StreetRow("", "2026-02", BIRMINGHAM_067A, ASB),  # ASB has no ID: never a duplicate
            StreetRow("a3", "2026-02", CITY_OF_LONDON, VIOLENCE),
            StreetRow("a4", "2026-02", "", WEAPONS, None, None),
            StreetRow("a5", "2026-02", parent, WEAPONS, lon, lat),
        ],
        "2026-04": [
            StreetRow("a1", "2026-04", BIRMINGHAM_067A, VIOLENCE),  # same ID as in February: counted in both, reported
            StreetRow("b1", "2026-04", BIRMINGHAM_067A, WEAPONS),
            StreetRow("b1", "2026-04", BIRMINGHAM_067A, WEAPONS),  # the same ID twice in a month: counted once
        ],
    }


def build(tmp_path: Path, archive: Path, mode: str = "merge", allow_fewer: bool = True) -> Path:
    """Build into ``tmp_path/out``; the small fixtures count far fewer crimes than bundled months, hence ``allow_fewer``."""
    out = tmp_path / "out"
    run(PrepareOptions(RAW, out / "data", out / "geo", archive, mode, allow_fewer))  # type: ignore[arg-type]
    return out


def prepare_cli(data: Path, geo: Path, archive: Path, *flags: str) -> int:
    """``svd-dash prepare`` with the bundled raw data, an archive and extra flags; the exit code."""
    return main(
        ["prepare", "--raw-dir", str(RAW), "--data-dir", str(data), "--geo-dir", str(geo), "--police-archive", str(archive), *flags]
    )


def test_archive_months_are_counted_and_reported(tmp_path: Path, archive_months, split_lsoa) -> None:
    out = build(tmp_path, write_archive(tmp_path / "download", archive_months))
    data = load_prepared(out / "data")
    counts = data.counts.set_index(["lsoa21_code", "month", "crime_type"])["count"]
    assert counts[(BIRMINGHAM_067A, pd.Timestamp("2026-02-01"), VIOLENCE)] == 2
    assert counts[(BIRMINGHAM_067A, pd.Timestamp("2026-02-01"), ASB)] == 2
    assert counts[(split_lsoa[1], pd.Timestamp("2026-02-01"), WEAPONS)] == 1  # placed by its map point
    april = data.counts[data.counts["month"] == "2026-04-01"]
    assert april[["crime_type", "count"]].values.tolist() == [[WEAPONS, 1], [VIOLENCE, 1]]
    in_order = data.counts.sort_values(["month", "la_code", "lsoa21_code", "crime_type"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(data.counts, in_order)
    february = data.counts[data.counts["month"] == "2026-02-01"]
    assert int(february["count"].sum()) == 5  # the bundled 23,869 for February are replaced
    report = data.manifest["police_archive"]["report"]
    assert report == {
        "files": 2,
        "entries_skipped": 0,
        "rows_read": 10,
        "other_forces_rows_left_out": 0,
        "duplicate_crime_ids_dropped": 1,
        "crime_ids_in_more_than_one_month": 1,
        "unlocated_rows": 1,
        "outside_seven_areas_rows": 1,
        "lsoa11_rows_mapped": 1,
        "split_lsoa11_rows": 1,
        "split_lsoa11_rows_placed_by_point": 1,
        "crimes_counted": 7,
    }
    region = data.months[data.months["area_code"] == "E47000007"].set_index("month")
    assert region.loc["2026-02-01", "source"] == "police.uk archive files"
    assert region.loc["2026-02-01", "unlocated"] == 1
    assert region.loc["2026-01-01", "source"] == "police.uk API counts (bundled)"  # merge keeps other months
    assert region.loc["2026-01-01", "count"] == 24_451
    assert region.index.max() == pd.Timestamp("2026-04-01")


def test_replace_mode_keeps_only_the_archive(tmp_path: Path, archive_months) -> None:
    out = build(tmp_path, write_archive(tmp_path / "download", archive_months), "replace")
    months = load_prepared(out / "data").months
    assert sorted(months["month"].dt.strftime("%Y-%m").unique()) == ["2026-02", "2026-04"]


def test_zip_gives_the_same_counts_as_the_folder(tmp_path: Path, archive_months) -> None:
    folder = write_archive(tmp_path / "download", archive_months)
    from_folder = load_prepared(build(tmp_path / "a", folder) / "data").counts
    from_zip = load_prepared(build(tmp_path / "b", zip_archive(folder, tmp_path / "download.zip")) / "data").counts
    pd.testing.assert_frame_equal(from_folder, from_zip)


def bad_month(tmp_path: Path, name: str, payload: bytes) -> Path:
    folder = tmp_path / "bad"
    write_archive(folder, {"2026-01": [StreetRow("ok", "2026-01", BIRMINGHAM_067A, VIOLENCE)]})
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)
    return folder


GOOD_ROWS = [StreetRow("x1", "2026-02", BIRMINGHAM_067A, VIOLENCE), StreetRow("x2", "2026-02", BIRMINGHAM_067A, VIOLENCE)]
GOOD = street_csv(GOOD_ROWS)
FILE = "2026-02/2026-02-west-midlands-street.csv"

BAD_INPUTS = {
    "missing column": (FILE, GOOD.replace(b",Context\n", b"\n", 1), ["'Context'", "line 1"]),
    "renamed column": (FILE, GOOD.replace(b"LSOA code", b"LSOA", 1), ["missing column(s) 'LSOA code'", "line 1"]),
    "unparseable month": (
        FILE,
        GOOD.replace(b"x2,2026-02", b"x2,Feb 26", 1),
        ["month 'Feb 26' is not a month", "line 3", "column 'Month'"],
    ),
    "non-UTF-8 bytes": (
        FILE,
        GOOD.replace(b"Parking Area", b"Parking \xe9rea", 1),
        ["not valid UTF-8", "line 2", "Save the file as UTF-8"],
    ),
    "empty file": (FILE, b"", ["the file is empty"]),
    "folder disagrees with file name": (
        "2026-03/2026-02-west-midlands-street.csv",
        GOOD,
        ["folder 2026-03 holds a file named for 2026-02"],
    ),
    "rows for another month": (FILE, GOOD.replace(b"x2,2026-02", b"x2,2026-05", 1), ["row for 2026-05 in a file for 2026-02", "line 3"]),
    "non-numeric longitude": (
        FILE,
        GOOD.replace(
            b"x2,2026-02,West Midlands Police,West Midlands Police,-1.890400",
            b"x2,2026-02,West Midlands Police,West Midlands Police,1.89W",
            1,
        ),
        ["longitude '1.89W' is not a number", "line 3", "column 'Longitude'"],
    ),
    "a row with too few fields": (FILE, GOOD + b"x3,2026-02,West Midlands Police\n", ["the row has 3 fields, not 12", "line 4"]),
    "LSOA code that does not exist": (
        FILE,
        GOOD.replace(
            b"x2,2026-02,West Midlands Police,West Midlands Police,-1.890400,52.486200,On or near Parking Area,E01008881",
            b"x2,2026-02,West Midlands Police,West Midlands Police,-1.890400,52.486200,On or near Parking Area,E01999999",
            1,
        ),
        ["LSOA code 'E01999999'", "line 3", "column 'LSOA code'"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_archive_input_fails_clearly_and_changes_nothing(
    case: str, tmp_path: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    name, payload, expected = BAD_INPUTS[case]
    folder = bad_month(tmp_path, name, payload)
    data, geo = live_copy
    before = folder_checksums(data, geo)
    code = main(["prepare", "--raw-dir", str(RAW), "--data-dir", str(data), "--geo-dir", str(geo), "--police-archive", str(folder)])
    message = capsys.readouterr().err
    assert code == 2
    assert name.split("/")[-1] in message
    for fragment in expected:
        assert fragment in message, message
    assert "Nothing was changed" in message
    assert folder_checksums(data, geo) == before


def test_corrupted_zip_fails_clearly(tmp_path: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_archive(tmp_path / "download", {"2026-02": GOOD_ROWS})
    archive = zip_archive(folder, tmp_path / "download.zip")
    archive.write_bytes(archive.read_bytes()[:-60])  # cut off the central directory
    data, geo = live_copy
    before = folder_checksums(data, geo)
    code = main(["prepare", "--raw-dir", str(RAW), "--data-dir", str(data), "--geo-dir", str(geo), "--police-archive", str(archive)])
    message = capsys.readouterr().err
    assert code == 2 and "download.zip" in message and "zip is corrupt" in message
    assert folder_checksums(data, geo) == before


def test_missing_raw_input_fails_clearly(tmp_path: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "imd" / "imd2025_lsoa21_wm7.csv.gz").unlink()
    data, geo = live_copy
    before = folder_checksums(data, geo)
    assert main(["prepare", "--raw-dir", str(raw), "--data-dir", str(data), "--geo-dir", str(geo)]) == 2
    assert "imd2025_lsoa21_wm7.csv.gz: the file is missing" in capsys.readouterr().err
    assert folder_checksums(data, geo) == before


def test_a_failure_while_swapping_restores_the_previous_outputs(
    tmp_path: Path, live_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import svd_dash.prepare.outputs as outputs

    data, geo = live_copy
    before = folder_checksums(data, geo)
    real_replace, calls = outputs.os.replace, []

    def failing_replace(source: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 8:  # part-way through moving the new files in (after the journal and six files)
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(outputs.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        run(PrepareOptions(RAW, data, geo))
    assert folder_checksums(data, geo) == before
    assert not list(data.glob(".prepare-staging-*"))


JUNE_2025 = "2025-06"  # bundled: 28,779 crimes in the seven areas


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_another_forces_file_never_wipes_a_bundled_month(
    mode: str, tmp_path: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15.5: an archive holding only Staffordshire's June 2025 file used to replace 28,779 crimes with 0, exit 0."""
    rows = [StreetRow(f"s{i}", JUNE_2025, CITY_OF_LONDON, VIOLENCE, force=STAFFORDSHIRE) for i in range(3)]
    archive = write_archive(tmp_path / "download", {JUNE_2025: rows}, STAFFORDSHIRE)
    data, geo = live_copy
    before = folder_checksums(data, geo)
    assert prepare_cli(data, geo, archive, "--archive-mode", mode) == 2
    message = capsys.readouterr().err
    assert "2025-06: bundled 28,779 -> archive 0 (0%)" in message, message
    assert "--allow-fewer" in message and "Nothing was changed" in message
    assert folder_checksums(data, geo) == before


def test_allow_fewer_takes_the_archive_month_and_reports_it(
    tmp_path: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [StreetRow("w1", JUNE_2025, BIRMINGHAM_067A, VIOLENCE), StreetRow("w2", JUNE_2025, BIRMINGHAM_067A, WEAPONS)]
    data, geo = live_copy
    assert prepare_cli(data, geo, write_archive(tmp_path / "download", {JUNE_2025: rows}), "--allow-fewer") == 0
    assert "archive month 2025-06: bundled 28,779 -> archive 2 (0%)" in capsys.readouterr().out
    prepared = load_prepared(data)
    assert int(prepared.counts.loc[prepared.counts["month"] == "2025-06-01", "count"].sum()) == 2
    assert prepared.manifest["police_archive"]["allow_fewer"] is True
    assert prepared.manifest["police_archive"]["month_changes"] == ["2025-06: bundled 28,779 -> archive 2 (0%)"]


def counts_table(totals: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.to_datetime(list(totals)), "count": list(totals.values())})


def test_month_changes_apply_the_90_percent_threshold() -> None:
    bundled = counts_table({"2025-05-01": 28_362, "2025-06-01": 28_779, "2025-07-01": 29_271})
    archive = counts_table({"2025-06-01": 25_902, "2025-07-01": 26_343, "2025-08-01": 27_000})  # 90.0004% and 89.997%
    months = [pd.Timestamp(m) for m in ("2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01")]  # September: no rows at all
    merge = month_changes(bundled, archive, months, "merge")
    assert describe_changes(merge) == [
        "2025-06: bundled 28,779 -> archive 25,902 (90%)",
        "2025-07: bundled 29,271 -> archive 26,343 (90%)",
        "2025-08: not bundled -> archive 27,000",
        "2025-09: not bundled -> archive 0",
    ]
    assert merge["far_fewer"].tolist() == [False, True, False, True]
    replace = month_changes(bundled, archive, months, "replace")
    assert replace.loc[0, "change"] == "dropped" and not replace.loc[0, "far_fewer"]
    with pytest.raises(PrepareError, match=r"2 archive month\(s\) would count far fewer.*2025-07: bundled 29,271 -> archive 26,343"):
        check_no_far_fewer(merge, Path("download.zip"), allow_fewer=False)
    check_no_far_fewer(merge, Path("download.zip"), allow_fewer=True)


@pytest.fixture(scope="module")
def codes() -> LsoaCodes:
    """The LSOA lookup and boundaries the pipeline checks archive codes against."""
    shapes = read_boundaries(RAW / layout.LSOA21_BOUNDARIES, {"LSOA21CD": "lsoa21_code", "LADCD_ACTIVE": "la_code"}, 1719)
    return LsoaCodes(read_lsoa11_lookup(RAW)[["lsoa11_code", "lsoa21_code"]], shapes)


def month_totals(archive: ArchiveCounts) -> dict[str, int]:
    return {f"{m:%Y-%m}": int(n) for m, n in archive.counts.groupby("month")["count"].sum().items()}


FEBRUARY_WMP = [
    StreetRow("w1", "2026-02", BIRMINGHAM_067A, VIOLENCE),
    StreetRow("", "2026-02", BIRMINGHAM_067A, ASB),
    StreetRow("w2", "2026-02", "", WEAPONS, None, None),  # the force's own crime with no location
]
FEBRUARY_BTP = [  # British Transport Police: no Crime IDs; one at New Street (Birmingham), one with no location
    StreetRow("", "2026-02", BIRMINGHAM_067A, "Other theft", force=BTP),
    StreetRow("", "2026-02", BIRMINGHAM_067A, "Other theft", force=BTP),
    StreetRow("", "2026-02", "", "Public order", None, None, force=BTP),
]


def test_only_west_midlands_police_rows_count_by_default(tmp_path: Path, codes: LsoaCodes) -> None:
    """Issue 11.1-2: British Transport Police rows landed in Birmingham LSOAs, and every force's unlocated rows were added."""
    folder = write_archive(tmp_path / "download", {"2026-02": FEBRUARY_WMP})
    write_archive(folder, {"2026-02": FEBRUARY_BTP}, BTP)
    archive = read_police_archive(folder, codes)
    assert month_totals(archive) == {"2026-02": 2}
    assert archive.unlocated == {pd.Timestamp("2026-02-01"): 1}
    assert archive.other_forces == {BTP: 3}
    assert archive.report["other_forces_rows_left_out"] == 3 and archive.report["rows_read"] == 6
    everyone = read_police_archive(folder, codes, include_other_forces=True)
    assert month_totals(everyone) == {"2026-02": 4}
    assert everyone.unlocated == {pd.Timestamp("2026-02-01"): 2}
    assert everyone.report["other_forces_rows_included"] == 3


def test_include_other_forces_is_stated_in_the_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_archive(tmp_path / "download", {"2026-02": FEBRUARY_WMP})
    write_archive(folder, {"2026-02": FEBRUARY_BTP}, BTP)
    data, geo = tmp_path / "data", tmp_path / "geo"
    assert prepare_cli(data, geo, folder, "--include-other-forces", "--allow-fewer") == 0
    assert "archive rows within British Transport Police: 3 (all forces' rows (--include-other-forces) counted)" in capsys.readouterr().out
    police_archive = load_prepared(data).manifest["police_archive"]
    assert police_archive["rows_counted"] == "all forces' rows (--include-other-forces)"
    assert police_archive["other_forces_rows"] == {BTP: 3}
    assert police_archive["files"]["2026-02/2026-02-btp-street.csv"] == {"bytes": len(street_csv(FEBRUARY_BTP)), "rows": 3}


@pytest.mark.parametrize("same_bytes", [True, False], ids=["same file in two folders", "two different files"])
def test_a_month_held_twice_is_an_error_naming_both(same_bytes: bool, tmp_path: Path, codes: LsoaCodes) -> None:
    folder = write_archive(tmp_path / "download", {"2026-02": FEBRUARY_WMP})
    copy = folder / "again" / "2026-02" / "2026-02-west-midlands-street.csv"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(street_csv(FEBRUARY_WMP if same_bytes else FEBRUARY_WMP[:1]))
    with pytest.raises(PrepareError) as caught:
        read_police_archive(folder, codes)
    message = str(caught.value)
    assert "2026-02 for west-midlands is there twice" in message
    assert "2026-02/2026-02-west-midlands-street.csv and again/2026-02/2026-02-west-midlands-street.csv" in message


def test_a_months_counts_do_not_depend_on_the_other_months(tmp_path: Path, codes: LsoaCodes) -> None:
    """Issue 11.4: an ID first seen in January used to be dropped from February only when January was in the archive."""
    january = [StreetRow("j1", "2026-01", BIRMINGHAM_067A, VIOLENCE), StreetRow("w1", "2026-01", BIRMINGHAM_067A, VIOLENCE)]
    february = read_police_archive(write_archive(tmp_path / "feb", {"2026-02": FEBRUARY_WMP}), codes)
    both = read_police_archive(write_archive(tmp_path / "both", {"2026-01": january, "2026-02": FEBRUARY_WMP}), codes)
    assert month_totals(february) == {"2026-02": 2}
    assert month_totals(both) == {"2026-01": 2, "2026-02": 2}
    assert both.report["crime_ids_in_more_than_one_month"] == 1 and both.report["duplicate_crime_ids_dropped"] == 0


def test_mac_zip_metadata_and_other_entries_are_skipped_and_reported(tmp_path: Path, codes: LsoaCodes) -> None:
    """Issue 11.5: a zip made on a Mac (``__MACOSX/``, ``._`` files) was refused with wrong advice."""
    target = tmp_path / "download.zip"
    payload = street_csv(FEBRUARY_WMP)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2026-02/", b"")
        archive.writestr("2026-02/2026-02-west-midlands-street.csv", payload)
        archive.writestr("__MACOSX/2026-02/._2026-02-west-midlands-street.csv", b"\x00\x05\x16\x07 Mac resource fork")
        archive.writestr("2026-02/.DS_Store", b"\x00\x00\x00\x01Bud1")
        archive.writestr("2026-02/2026-02-west-midlands-outcomes.csv", b"Crime ID,Month\n")
        archive.writestr("README.txt", b"police.uk download")
    counted = read_police_archive(target, codes)
    assert month_totals(counted) == {"2026-02": 2}
    assert counted.skipped == {
        "__MACOSX/2026-02/._2026-02-west-midlands-street.csv": "Mac metadata, not data",
        "2026-02/.DS_Store": "Mac metadata, not data",
        "2026-02/2026-02-west-midlands-outcomes.csv": "police.uk outcomes or stop-and-search file, not street crime",
        "README.txt": "not a police.uk street file (*-street.csv)",
    }
    assert counted.report["entries_skipped"] == 4


SHARED_STREET_FILES = ROOT.parent / "shared" / "data" / "raw" / "police_uk_street_real"


@pytest.mark.shared_data
def test_real_police_uk_files_reconcile_with_an_independent_count(codes: LsoaCodes) -> None:
    """Real street files of four neighbouring forces and British Transport Police (../shared), counted
    again with plain pandas: rows read, forces left out, and with every force included, crimes in the
    seven areas per month x area and month x crime type, unlocated rows and repeated Crime IDs."""
    if not SHARED_STREET_FILES.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED_STREET_FILES} is missing; CI must run the real-file tests")
        pytest.skip("../shared is not here")
    raw = pd.concat([pd.read_csv(path, dtype=str) for path in sorted(SHARED_STREET_FILES.glob("*/*-street.csv"))], ignore_index=True)
    lookup = read_lsoa11_lookup(RAW)
    area_of_21 = codes.boundaries.set_index("lsoa21_code")["la_code"]
    area_of_11 = lookup.assign(la=lookup["lsoa21_code"].map(area_of_21)).dropna(subset=["la"]).groupby("lsoa11_code")["la"].first()
    with_id = raw[raw["Crime ID"].notna()].drop_duplicates(["Month", "Crime ID"])
    kept = pd.concat([with_id, raw[raw["Crime ID"].isna()]])
    kept = kept.assign(la=kept["LSOA code"].map(area_of_21).fillna(kept["LSOA code"].map(area_of_11)))
    in_seven = kept.dropna(subset=["la"])

    default = read_police_archive(SHARED_STREET_FILES, codes)
    assert default.report["rows_read"] == len(raw) == 112_177
    assert default.report["other_forces_rows_left_out"] == len(raw)  # no West Midlands Police file among them
    assert default.other_forces == raw["Falls within"].value_counts().to_dict()
    assert default.counts.empty and set(default.unlocated.values()) == {0}

    everyone = read_police_archive(SHARED_STREET_FILES, codes, include_other_forces=True)
    counts = everyone.counts.assign(month=everyone.counts["month"].dt.strftime("%Y-%m"))
    assert int(counts["count"].sum()) == len(in_seven) == 1_184
    assert counts.groupby(["month", "la_code"])["count"].sum().to_dict() == in_seven.groupby(["Month", "la"]).size().to_dict()
    assert counts.groupby(["month", "crime_type"])["count"].sum().to_dict() == in_seven.groupby(["Month", "Crime type"]).size().to_dict()
    unlocated = kept[kept["LSOA code"].isna()].groupby("Month").size()
    assert {f"{m:%Y-%m}": n for m, n in everyone.unlocated.items()} == unlocated.to_dict()
    assert everyone.report["duplicate_crime_ids_dropped"] == raw["Crime ID"].notna().sum() - len(with_id)
    months_per_id = with_id.groupby("Crime ID")["Month"].nunique()
    assert everyone.report["crime_ids_in_more_than_one_month"] == int((months_per_id > 1).sum())


FEBRUARY_FILE = "2026-02/2026-02-west-midlands-street.csv"


def test_a_zip_that_inflates_to_a_gibibyte_is_refused_from_its_directory(
    tmp_path: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16.1: a 1 MB zip inflating to 1 GiB was read whole (4.7 GB of memory); now its size is refused before inflating."""
    bomb = write_zip(tmp_path / "bomb.zip", [zeros_entry(FEBRUARY_FILE, 1024)])
    assert bomb.stat().st_size < 4_000_000
    data, geo = live_copy
    before = folder_checksums(data, geo)
    assert prepare_cli(data, geo, bomb) == 2
    message = capsys.readouterr().err
    assert f"{FEBRUARY_FILE}: the file is 1,024 MiB uncompressed, over the limit of 256 MiB a file" in message, message
    assert folder_checksums(data, geo) == before


def test_a_device_is_refused(tmp_path: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16.1: ``--police-archive /dev/zero`` grew without limit."""
    data, geo = live_copy
    assert prepare_cli(data, geo, Path("/dev/zero")) == 2
    assert "/dev/zero: not a regular file, folder or zip (a device, pipe or socket)" in capsys.readouterr().err


def test_a_device_inside_the_folder_is_skipped_not_read(tmp_path: Path, codes: LsoaCodes) -> None:
    folder = write_archive(tmp_path / "download", {"2026-02": FEBRUARY_WMP})
    (folder / "2026-03").mkdir()
    (folder / "2026-03" / "2026-03-west-midlands-street.csv").symlink_to("/dev/zero")
    counted = read_police_archive(folder, codes)
    assert counted.skipped == {"2026-03/2026-03-west-midlands-street.csv": "not a regular file"}


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (ArchiveLimits(member_bytes=100), "the file is 0 MiB uncompressed, over the limit of 0 MiB a file"),
        (ArchiveLimits(total_bytes=300), "the street files add up to over 0 MiB uncompressed"),
        (ArchiveLimits(rows=4), "the street files hold over 4 rows, the limit"),
        (ArchiveLimits(entries=1), "it holds over 1 files and folders, the limit"),
    ],
    ids=["file size", "total size", "rows", "entries"],
)
def test_archive_limits_are_refused_with_a_message(limits: ArchiveLimits, expected: str, tmp_path: Path, codes: LsoaCodes) -> None:
    january, february = ([StreetRow(f"w{i}", month, BIRMINGHAM_067A, VIOLENCE) for i in range(3)] for month in ("2026-01", "2026-02"))
    folder = write_archive(tmp_path / "download", {"2026-01": january[:2], "2026-02": february})
    zipped = zip_archive(folder, tmp_path / "download.zip")
    for source in (folder, zipped):
        with pytest.raises(PrepareError, match=expected):
            read_police_archive(source, codes, limits=limits)


@pytest.mark.parametrize("month", ["2031-07", "2999-12", "1900-01"])
def test_months_from_the_future_or_before_police_uk_are_refused(month: str, tmp_path: Path, codes: LsoaCodes) -> None:
    """Issue 16.2: a month after today made the app's default period run to 2031."""
    folder = write_archive(tmp_path / "download", {month: [StreetRow("w1", month, BIRMINGHAM_067A, VIOLENCE)]})
    with pytest.raises(PrepareError, match=rf"{month}-west-midlands-street.csv: month {month} is (in the future|before December 2010)"):
        read_police_archive(folder, codes)


def test_cr_only_line_endings_are_read(tmp_path: Path, codes: LsoaCodes) -> None:
    """Issue 16.3: a file saved with classic Mac line endings (CR only) gave a traceback."""
    unix = write_archive(tmp_path / "unix", {"2026-02": FEBRUARY_WMP})
    mac = tmp_path / "mac" / FEBRUARY_FILE
    mac.parent.mkdir(parents=True)
    mac.write_bytes((unix / FEBRUARY_FILE).read_bytes().replace(b"\n", b"\r"))
    from_mac = read_police_archive(tmp_path / "mac", codes)
    pd.testing.assert_frame_equal(from_mac.counts, read_police_archive(unix, codes).counts)
    assert from_mac.unlocated == {pd.Timestamp("2026-02-01"): 1}


def test_deflate64_zips_are_read(tmp_path: Path, codes: LsoaCodes) -> None:
    """Issue 16.3: Windows makes Deflate64 zips when they are large; Python's zipfile cannot inflate them."""
    payload = street_csv(FEBRUARY_WMP)
    deflate64 = write_zip(tmp_path / "windows.zip", [deflate64_entry(FEBRUARY_FILE, payload)])
    assert zipfile.ZipFile(deflate64).infolist()[0].compress_type == 9
    counted = read_police_archive(deflate64, codes)
    assert month_totals(counted) == {"2026-02": 2}
    assert counted.files == {FEBRUARY_FILE: {"bytes": len(payload), "rows": 3}}


def test_an_encrypted_zip_member_fails_clearly(tmp_path: Path, live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16.3: a password-protected member gave a traceback (exit 1)."""
    payload = street_csv(FEBRUARY_WMP)
    locked = write_zip(
        tmp_path / "locked.zip", [ZipEntry(FEBRUARY_FILE, raw_deflate(payload), 8, zlib.crc32(payload), len(payload), flags=1)]
    )
    data, geo = live_copy
    before = folder_checksums(data, geo)
    assert prepare_cli(data, geo, locked) == 2
    message = capsys.readouterr().err
    assert f"{FEBRUARY_FILE}: the file is encrypted (the zip has a password)" in message, message
    assert folder_checksums(data, geo) == before


def test_an_unsupported_compression_method_fails_clearly(tmp_path: Path, codes: LsoaCodes) -> None:
    payload = street_csv(FEBRUARY_WMP)
    odd = write_zip(tmp_path / "odd.zip", [ZipEntry(FEBRUARY_FILE, payload, 98, zlib.crc32(payload), len(payload))])
    with pytest.raises(PrepareError, match="the file is compressed with ppmd, which this tool cannot read"):
        read_police_archive(odd, codes)
