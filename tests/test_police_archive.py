"""Ingesting users' police.uk downloads, on generated files in the exact published format."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from svd_dash.cli import main
from svd_dash.prepare.pipeline import PrepareOptions, run
from svd_dash.prepared import load_boundaries, load_prepared
from tests.conftest import RAW, ROOT, folder_checksums
from tests.street_files import StreetRow, street_csv, write_archive, zip_archive

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
            StreetRow("a1", "2026-04", BIRMINGHAM_067A, VIOLENCE),  # same ID as in February: dropped
            StreetRow("b1", "2026-04", BIRMINGHAM_067A, WEAPONS),
        ],
    }


def build(tmp_path: Path, archive: Path, mode: str = "merge") -> Path:
    out = tmp_path / "out"
    run(PrepareOptions(RAW, out / "data", out / "geo", archive, mode))  # type: ignore[arg-type]
    return out


def test_archive_months_are_counted_and_reported(tmp_path: Path, archive_months, split_lsoa) -> None:
    out = build(tmp_path, write_archive(tmp_path / "download", archive_months))
    data = load_prepared(out / "data")
    counts = data.counts.set_index(["lsoa21_code", "month", "crime_type"])["count"]
    assert counts[(BIRMINGHAM_067A, pd.Timestamp("2026-02-01"), VIOLENCE)] == 2
    assert counts[(BIRMINGHAM_067A, pd.Timestamp("2026-02-01"), ASB)] == 2
    assert counts[(split_lsoa[1], pd.Timestamp("2026-02-01"), WEAPONS)] == 1  # placed by its map point
    april = data.counts[data.counts["month"] == "2026-04-01"]
    assert april[["crime_type", "count"]].values.tolist() == [[WEAPONS, 1]]
    february = data.counts[data.counts["month"] == "2026-02-01"]
    assert int(february["count"].sum()) == 5  # the bundled 23,869 for February are replaced
    report = data.manifest["police_archive"]["report"]
    assert report == {
        "files": 2,
        "rows_read": 9,
        "duplicate_crime_ids_dropped": 1,
        "unlocated_rows": 1,
        "outside_seven_areas_rows": 1,
        "lsoa11_rows_mapped": 1,
        "split_lsoa11_rows": 1,
        "split_lsoa11_rows_placed_by_point": 1,
        "crimes_counted": 6,
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
