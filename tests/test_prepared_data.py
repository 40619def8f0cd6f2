"""The committed prepared data reconciles with the vendored raw inputs."""

from __future__ import annotations

import gzip
import io

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from svd_dash.prepare import layout
from svd_dash.prepared import PreparedData, load_boundaries
from svd_dash.reference import AREA_CODE_BY_NAME, AREAS, CRIME_TYPES
from tests.conftest import RAW, ROOT


@pytest.fixture(scope="module")
def raw_counts() -> pd.DataFrame:
    """The vendored monthly count files, read directly with pandas."""
    frames = [pd.read_csv(path) for path in sorted((RAW / "police_uk" / "crime_counts").glob("*.csv.gz"))]
    frame = pd.concat(frames, ignore_index=True)
    frame["la_code"] = frame["borough"].map(AREA_CODE_BY_NAME)
    frame["month"] = pd.to_datetime(dict(year=frame["year"], month=frame["month"], day=1))
    return frame


def test_crime_totals_reconcile_by_month_area_and_type(prepared: PreparedData, raw_counts: pd.DataFrame) -> None:
    keys = ["month", "la_code", "crime_type"]
    ours = prepared.counts.groupby(keys)["count"].sum()
    theirs = raw_counts.rename(columns={"category": "crime_type"}).groupby(keys)["crime_count"].sum()
    pd.testing.assert_series_equal(ours.sort_index(), theirs.sort_index(), check_names=False, check_index_type=False)
    assert int(prepared.counts["count"].sum()) == 879_009  # the source's stated total
    assert len(prepared.counts) == 292_504


def test_month_table_totals_and_flags(prepared: PreparedData) -> None:
    months = prepared.months
    by_area = prepared.counts.groupby(["la_code", "month"])["count"].sum()
    for row in months[months["area_code"] != "E47000007"].itertuples():
        assert row.count == by_area.get((row.area_code, row.month), 0)
    region = months[months["area_code"] == "E47000007"].set_index("month")
    assert region.loc["2024-07-01", "count"] == 31_783  # SOURCES.md table
    assert region.loc["2024-10-01", "count"] == 24_399
    partial = set(region.index[~region["complete"]].strftime("%Y-%m"))
    assert partial == {"2023-05", "2023-06", "2023-07", "2023-08", "2024-09", "2024-10", "2025-03"}
    walsall = months[(months["area_name"] == "Walsall")].set_index("month")
    birmingham = months[(months["area_name"] == "Birmingham")].set_index("month")
    assert not walsall.loc["2024-10-01", "complete"] and "12%" in walsall.loc["2024-10-01", "reason"]
    assert birmingham.loc["2024-10-01", "complete"] and birmingham.loc["2024-10-01", "reason"] == ""
    assert len(months) == 35 * 8


def test_every_boundary_lsoa_is_in_the_table_and_every_crime_lsoa_has_a_boundary(prepared: PreparedData) -> None:
    shapes = load_boundaries("lsoa21", ROOT / "geo")
    assert len(shapes) == 1719 and shapes.crs.to_epsg() == 27700
    assert set(shapes["lsoa21_code"]) == set(prepared.lsoa["lsoa21_code"])
    assert set(prepared.counts["lsoa21_code"]) <= set(shapes["lsoa21_code"])
    assert prepared.lsoa.groupby("la_code").size().to_dict() == {
        "E08000025": 659,
        "E08000026": 203,
        "E08000027": 203,
        "E08000028": 190,
        "E08000029": 134,
        "E08000030": 169,
        "E08000031": 161,
    }


def test_population_equals_census_2021(prepared: PreparedData) -> None:
    census = pd.read_csv(RAW / "population" / "census21_lsoa21_age_wm7.csv.gz")
    assert int(prepared.lsoa["population"].sum()) == 2_919_651 == int(census["usual_residents"].sum())
    young = census[census["age_group"] == "Aged 16 to 24 years"]["usual_residents"].sum()
    assert int(prepared.lsoa["population_16_24"].sum()) == int(young)


def test_lsoa_attributes_are_joined_from_the_sources(prepared: PreparedData) -> None:
    lsoa = prepared.lsoa.set_index("lsoa21_code")
    assert lsoa.notna().all().all()
    row = lsoa.loc["E01008881"]  # Birmingham 067A, checked by hand against the raw files
    assert (row["imd2025_decile"], row["imd2025_rank"], row["imd2019_decile"], row["imd2019_score"]) == (2, 3696, 2, 41.179)
    assert (row["msoa21_hcl_name"], row["ward_name"]) == ("Yardley", "Yardley West & Stechford")
    imd25 = pd.read_csv(RAW / "imd" / "imd2025_lsoa21_wm7.csv.gz").set_index("lsoa21_code")
    assert (lsoa["imd2025_decile"] == imd25.loc[lsoa.index, "IMD_decile"]).all()
    assert (lsoa["imd2025_crime_decile"] == imd25.loc[lsoa.index, "Crime_decile"]).all()
    assert lsoa["imd2019_link"].value_counts().to_dict() == {"unchanged": 1638, "split": 80, "merged": 1}
    imd19 = prepared.imd2019_lsoa11.set_index("lsoa11_code")
    assert (lsoa["imd2019_decile"] == imd19.loc[lsoa["lsoa11_code"], "imd2019_decile"].to_numpy()).all()


def test_baseline_2019(prepared: PreparedData) -> None:
    baseline = prepared.baseline_2019
    assert int(baseline["count"].sum()) == 295_541
    violence = baseline[baseline["crime_type"] == "Violence and sexual offences"].set_index("la_name")["count"]
    assert violence.to_dict() == {
        "Birmingham": 42_331,
        "Coventry": 9_978,
        "Dudley": 8_840,
        "Sandwell": 10_997,
        "Solihull": 4_775,
        "Walsall": 9_032,
        "Wolverhampton": 9_823,
    }
    assert set(baseline["crime_type"]) == set(CRIME_TYPES) and len(baseline) == 7 * 14


def test_svd_measures_carry_value_period_and_source(prepared: PreparedData) -> None:
    measures = prepared.svd_measures
    assert set(measures["measure"]) == {
        "Homicide",
        "Police-recorded knife crime",
        "Hospital admissions for assault with a sharp object",
    }
    knife = measures[(measures["indicator"] == "knife_offences") & (measures["period"] == "2023/24")]
    assert knife["value"].tolist() == [5268.0] and knife["period_end"].iloc[0] == pd.Timestamp("2024-03-31")
    homicide = measures[(measures["indicator"] == "homicides") & (measures["period"] == "2017/18")]
    assert homicide["value"].tolist() == [41.0]
    assert measures["source"].notna().all() and measures["source_url"].str.startswith("http").all()


def test_harm_weights_cover_the_crime_categories(prepared: PreparedData) -> None:
    weights = prepared.harm_weights.set_index("crime_type")
    assert weights.loc["Robbery", "cchi_days_west_midlands"] == 365.0
    assert pd.isna(weights.loc["Anti-social behaviour", "cchi_days_west_midlands"])  # not a crime: no weight


@pytest.mark.parametrize("layer,count", [("lsoa21", 1719), ("msoa21", 357), ("ward", 192), ("la", 7)])
def test_boundary_layers_are_valid_coverages(layer: str, count: int) -> None:
    shapes = load_boundaries(layer, ROOT / "geo")
    assert len(shapes) == count
    assert shapely.coverage_is_valid(shapes.geometry.to_numpy())  # no gaps or overlaps between neighbours
    assert shapes.geometry.is_valid.all()


def test_simplified_lsoas_keep_their_area() -> None:
    simplified = load_boundaries("lsoa21", ROOT / "geo").set_index("lsoa21_code")
    original = gpd.read_file(io.BytesIO(gzip.decompress((RAW / "boundaries" / "lsoa21_wm7.geojson.gz").read_bytes())))
    original = original.to_crs(27700).set_index("LSOA21CD")
    change = (simplified.area - original.loc[simplified.index].area).abs() / original.loc[simplified.index].area
    assert change.max() < 0.02  # no LSOA gains or loses 2% of its area
    la_area_km2 = load_boundaries("la", ROOT / "geo").set_index("la_name").area / 1e6
    assert abs(la_area_km2["Birmingham"] - 267.8) < 0.5  # ONS: 267.8 km2


def test_manifest_describes_every_output(prepared: PreparedData) -> None:
    outputs = prepared.manifest["outputs"]
    assert len(outputs) == len(layout.DATA_OUTPUTS) + len(layout.GEO_OUTPUTS)  # 13 with the official tables
    assert outputs["data/crime_lsoa_month.parquet"]["rows"] == 292_504
    for entry in outputs.values():
        assert len(entry["sha256"]) == 64 and entry["inputs"] and entry["built_at"]
    assert any("Open Government Licence" in a for a in prepared.manifest["attributions"])
    assert all(area.code in set(prepared.lsoa["la_code"]) for area in AREAS)
