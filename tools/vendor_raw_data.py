"""Copy the seven-area subsets of the shared data quarry into ``data/raw/``.

A maintainer's tool, run by hand when the vendored inputs change; the app, the prepare pipeline and
the tests never run it and never read the quarry. It records exactly how each vendored file was cut
from its published original, so the subsets can be checked and rebuilt.

Usage: ``python tools/vendor_raw_data.py /path/to/shared/data/raw``
"""

from __future__ import annotations

import gzip
import io
import shutil
import sys
from pathlib import Path

import pandas as pd

SEVEN_LA_CODES = [f"E0800002{i}" for i in range(5, 10)] + ["E08000030", "E08000031"]
TARGET = Path(__file__).resolve().parents[1] / "data" / "raw"


def write_gzip(path: Path, payload: bytes) -> None:
    """Write ``payload`` gzip-compressed with a zero timestamp, so reruns are byte-identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(payload)


def write_csv_gz(frame: pd.DataFrame, path: Path) -> None:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    write_gzip(path, buffer.getvalue().encode("utf-8"))


def copy_file(source: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)


def vendor(quarry: Path) -> None:
    police = quarry / "police_uk"
    for month_file in sorted((police / "UK-Crime-Explorer" / "birmingham").glob("*.csv")):
        write_gzip(TARGET / "police_uk" / "crime_counts" / f"{month_file.name}.gz", month_file.read_bytes())
    baseline = police / "Group4_Project1_repo"
    copy_file(
        baseline / "derived_wm_2019_la_crime_type_counts_from_notebook_outputs.csv",
        TARGET / "police_uk" / "baseline_2019" / "la_crime_type_2019.csv",
    )
    for source_name, name in [
        ("All_crime.csv", "all_crime.csv"),
        ("anti-social behavior.csv", "anti_social_behaviour.csv"),
        ("vehicle_crime.csv", "vehicle_crime.csv"),
        ("bike_theft.csv", "bicycle_theft.csv"),
    ]:
        copy_file(baseline / source_name, TARGET / "police_uk" / "baseline_2019" / "lsoa11" / name)

    lookup_11_21 = pd.read_csv(quarry / "lookups/geographr/lookup_lsoa11_lsoa21_ltla22.csv")
    # The whole England and Wales lookup is kept: it is how an archive's LSOA codes are told apart
    # as "outside the seven areas" (dropped, reported) or "not an LSOA code at all" (an error).
    write_csv_gz(lookup_11_21, TARGET / "lookups" / "lookup_lsoa11_lsoa21_ltla22_england_wales.csv.gz")

    ward = pd.read_csv(quarry / "lookups/geographr/lookup_lsoa21_ward24_ltla24.csv")
    write_csv_gz(ward[ward.ltla24_code.isin(SEVEN_LA_CODES)], TARGET / "lookups" / "lookup_lsoa21_ward24_ltla24_wm7.csv.gz")

    bcc = pd.read_csv(quarry / "imd2025/geoManipulatoR/imd_lookups.csv", encoding="utf-8-sig")
    bcc = bcc[bcc.LA24CD.isin(SEVEN_LA_CODES)][["LSOA21CD", "MSOA21CD", "WD25CD", "LA24CD", "LA24NM"]]
    write_csv_gz(bcc, TARGET / "lookups" / "lookup_lsoa21_msoa21_wm7.csv.gz")

    msoa = pd.read_csv(quarry / "lookups/geo-lookups/msoa_la.csv")
    msoa = msoa[msoa.LADCD_ACTIVE.isin(SEVEN_LA_CODES) & msoa.MSOA21CD.notna()]
    write_csv_gz(
        msoa[["MSOA21CD", "MSOANM", "MSOAHCLNM", "LADCD_ACTIVE", "LADNM_ACTIVE"]], TARGET / "lookups" / "msoa21_hcl_names_wm7.csv.gz"
    )

    imd25 = pd.read_csv(quarry / "imd2025/humaniverse-IMD/imd2025_england_lsoa21.csv")
    wm_lsoa21 = set(ward.loc[ward.ltla24_code.isin(SEVEN_LA_CODES), "lsoa21_code"])
    write_csv_gz(imd25[imd25.lsoa21_code.isin(wm_lsoa21)], TARGET / "imd" / "imd2025_lsoa21_wm7.csv.gz")
    copy_to = TARGET / "imd" / "imd2019_lsoa11_wm7_joined.csv.gz"
    write_gzip(copy_to, (quarry / "imd2019/_derived/imd2019_lsoa11_wmca7_joined.csv").read_bytes())

    population = pd.read_csv(quarry / "population/hack25usefuldata/census21_pop.csv")
    write_csv_gz(population[population.lsoa21_code.isin(wm_lsoa21)], TARGET / "population" / "census21_lsoa21_age_wm7.csv.gz")

    geo = quarry / "boundaries"
    for source, name in [
        (geo / "geo-lookups/lsoa/E47000007.geojson", "lsoa21_wm7.geojson.gz"),
        (geo / "geo-lookups/msoa/E47000007.geojson", "msoa21_wm7.geojson.gz"),
        (geo / "geo-lookups/ward/E47000007.geojson", "ward25_wm7.geojson.gz"),
        (geo / "_derived/wmca7_lad_outline_from_lsoa21_dissolve.geojson", "la_outline_wm7.geojson.gz"),
    ]:
        write_gzip(TARGET / "boundaries" / name, source.read_bytes())

    svd = quarry / "svd_metrics"
    for source, name in [
        (svd / "quoted_figures/svd_quoted_figures_west_midlands.csv", "svd_quoted_figures_west_midlands.csv"),
        (svd / "clmodr_knife_injury_hes/knife_injury_hes_13to22_age.csv", "knife_injury_hes_13to22_age.csv"),
        (svd / "homeoffice_prc_pfa_2017_18/west_midlands_pfa_2017_18_offence_totals.csv", "prc_wmp_2017_18_offence_totals.csv"),
        (svd / "cambridge_cchi_derived/cchi_weights_by_policeuk_category_west_midlands.csv", "cchi_weights_policeuk_west_midlands.csv"),
        (svd / "cambridge_cchi_derived/cchi_weights_by_policeuk_category_national.csv", "cchi_weights_policeuk_national.csv"),
    ]:
        copy_file(source, TARGET / "svd_metrics" / name)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    vendor(Path(sys.argv[1]))
