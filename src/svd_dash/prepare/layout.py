"""Where the vendored inputs live under ``data/raw`` and what the pipeline writes. One place only."""

from __future__ import annotations

from pathlib import Path

CRIME_COUNTS_DIR = Path("police_uk/crime_counts")
KNOWN_PARTIAL_MONTHS = Path("police_uk/known_partial_months.csv")
BASELINE_2019_LA = Path("police_uk/baseline_2019/la_crime_type_2019.csv")
BASELINE_2019_LSOA11_ALL = Path("police_uk/baseline_2019/lsoa11/all_crime.csv")
LSOA21_BOUNDARIES = Path("boundaries/lsoa21_wm7.geojson.gz")
MSOA21_BOUNDARIES = Path("boundaries/msoa21_wm7.geojson.gz")
WARD_BOUNDARIES = Path("boundaries/ward25_wm7.geojson.gz")
LA_BOUNDARIES = Path("boundaries/la_outline_wm7.geojson.gz")
IMD2025 = Path("imd/imd2025_lsoa21_wm7.csv.gz")
IMD2019 = Path("imd/imd2019_lsoa11_wm7_joined.csv.gz")
LOOKUP_LSOA11_LSOA21 = Path("lookups/lookup_lsoa11_lsoa21_ltla22_england_wales.csv.gz")
LOOKUP_LSOA21_WARD = Path("lookups/lookup_lsoa21_ward24_ltla24_wm7.csv.gz")
LOOKUP_LSOA21_MSOA21 = Path("lookups/lookup_lsoa21_msoa21_wm7.csv.gz")
MSOA21_NAMES = Path("lookups/msoa21_hcl_names_wm7.csv.gz")
POPULATION = Path("population/census21_lsoa21_age_wm7.csv.gz")
SVD_QUOTED_FIGURES = Path("svd_metrics/svd_quoted_figures_west_midlands.csv")
SVD_HES_KNIFE_INJURY = Path("svd_metrics/knife_injury_hes_13to22_age.csv")
SVD_PRC_2017_18 = Path("svd_metrics/prc_wmp_2017_18_offence_totals.csv")
HARM_WEIGHTS_WM = Path("svd_metrics/cchi_weights_policeuk_west_midlands.csv")
HARM_WEIGHTS_NATIONAL = Path("svd_metrics/cchi_weights_policeuk_national.csv")
OFFICIAL_PFA = Path("official/ons_pfa_tables_west_midlands.csv")
OFFICIAL_CSP = Path("official/ons_table_c2_csp_ye_jun2025.csv.gz")
OFFICIAL_OTHER = Path("official/statements_and_derived_west_midlands.csv")
CSP_RESIDENTS = Path("official/census21_residents_csp.csv")

# Prepared outputs, relative to the data folder or the geo folder.
DATA_OUTPUTS = (
    "crime_lsoa_month.parquet",
    "months.parquet",
    "baseline_2019.parquet",
    "lsoa.parquet",
    "imd2019_lsoa11.parquet",
    "svd_measures.parquet",
    "harm_weights.parquet",
    "official.parquet",
    "csp_residents.parquet",
)
GEO_OUTPUTS = ("lsoa21.parquet", "msoa21.parquet", "ward.parquet", "la.parquet")
MANIFEST = "manifest.json"
