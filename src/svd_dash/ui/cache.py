"""Every Streamlit cache in one place, around builder functions that know nothing of Streamlit.

Resources (prepared tables, boundaries, contiguity weights) are read once per server process;
derived tables are cached per selection, keyed by plain strings so hashing is cheap. Changing a
filter never re-reads a file.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import libpysal
import pandas as pd
import streamlit as st

from svd_dash.analytics import views
from svd_dash.analytics.concentration import Concentration, concentration, lorenz_points
from svd_dash.analytics.counts import area_filter, select_counts, totals_by_area
from svd_dash.analytics.deprivation import (
    Correlation,
    Gradient,
    deprivation_gradient,
    most_deprived_shares,
    rate_by_decile,
    score_rate_correlation,
)
from svd_dash.analytics.emerging_hotspots import EmergingResult, emerging_analysis
from svd_dash.analytics.findings import Finding, key_findings
from svd_dash.analytics.funnel import Funnel, council_funnel
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.hotspot_prediction import prediction_by_area
from svd_dash.analytics.hotspots import contiguity_weights, gi_star
from svd_dash.analytics.measures import MEASURE_BY_KEY
from svd_dash.analytics.national import NATIONAL_MEASURE_BY_LABEL, NationalComparison, compare_nationally
from svd_dash.analytics.neighbourhoods import LEVELS, by_level, change_by_level
from svd_dash.analytics.periods import NoCompleteMonthsError, complete_months, months_period
from svd_dash.analytics.profile import Profile, build_profile
from svd_dash.analytics.rates import with_rates
from svd_dash.analytics.reconciliation import reconcile
from svd_dash.analytics.risk_factors import FACTOR_BY_KEY, QuintileRates, factor_overview, factor_quintiles, risk_table
from svd_dash.analytics.spc import SpcResult
from svd_dash.integrity import IntegrityReport, check_outputs
from svd_dash.prepared import OfficialData, PreparedData, load_boundaries, load_official, load_prepared, project_root
from svd_dash.reference import AREAS, REGION
from svd_dash.ui import maps
from svd_dash.ui.state import DataMonths
from svd_dash.ui.web_topology import to_topology


@st.cache_resource(show_spinner="Loading the prepared data…")
def prepared() -> PreparedData:
    """All prepared tables, read once."""
    return load_prepared()


@st.cache_resource(show_spinner=False)
def boundaries(layer: str) -> gpd.GeoDataFrame:
    """A boundary layer in EPSG:27700, read once."""
    return load_boundaries(layer)


@st.cache_resource(show_spinner=False)
def data_months() -> DataMonths:
    """The months in the data and the region's complete months."""
    data = prepared()
    available = tuple(sorted(pd.to_datetime(data.months["month"].unique())))
    return DataMonths(available, frozenset(complete_months(data.months, REGION.code)))


@st.cache_resource(show_spinner=False)
def area_shapes(area_code: str) -> gpd.GeoDataFrame:
    """The area's LSOA polygons (EPSG:27700), in LSOA code order."""
    shapes = boundaries("lsoa21")
    return shapes[area_filter(shapes, area_code)].sort_values("lsoa21_code").reset_index(drop=True)


@st.cache_resource(show_spinner=False)
def area_weights(area_code: str) -> libpysal.weights.W:
    """Queen contiguity between the area's LSOAs (built once per area)."""
    return contiguity_weights(area_shapes(area_code))


@st.cache_data(show_spinner=False, max_entries=128)
def neighbourhoods(area_code: str, grouping: str, start: str, end: str) -> pd.DataFrame:
    """Per-LSOA counts, rates and harm for a selection (see ``views.neighbourhoods``)."""
    table = views.neighbourhoods(prepared(), area_code, grouping_named(grouping), months_period(start, end))
    return table.sort_values("lsoa21_code").reset_index(drop=True)


@st.cache_data(show_spinner="Testing for hotspots (Getis-Ord Gi*)…", max_entries=64)
def hotspots(area_code: str, grouping: str, start: str, end: str, measure: str) -> pd.DataFrame:
    """Gi* z, p and class per LSOA of the area for the selection's measure."""
    table = neighbourhoods(area_code, grouping, start, end)
    result = gi_star(table[MEASURE_BY_KEY[measure].column].fillna(0).to_numpy(), area_weights(area_code))
    result.insert(0, "lsoa21_code", table["lsoa21_code"].to_numpy())
    return result


@st.cache_resource(show_spinner=False, max_entries=16)
def web_layers(area_code: str) -> maps.WebLayers:
    """The area's LSOA, ward and LA boundaries as rounded EPSG:4326 GeoJSON for the web map (shared, read-only)."""
    return maps.web_layers(area_shapes(area_code), boundaries("ward"), boundaries("la"), area_code)


@st.cache_resource(show_spinner=False)
def map_assets() -> maps.MapAssets:
    """Leaflet's files copied into the app's static folder once, and their URLs."""
    return maps.install_leaflet_assets()


@st.cache_data(show_spinner=False, max_entries=64)
def findings(area_code: str, grouping: str, start: str, end: str, base_start: str, base_end: str) -> list[Finding]:
    """The key findings for a selection (see ``findings.key_findings``)."""
    return key_findings(prepared(), area_code, grouping_named(grouping), months_period(start, end), months_period(base_start, base_end))


@st.cache_data(show_spinner=False, max_entries=64)
def area_cards(grouping: str, start: str, end: str, base_start: str, base_end: str) -> pd.DataFrame:
    """One card's figures per area (see ``views.area_cards``)."""
    table, _ = views.area_cards(prepared(), grouping_named(grouping), months_period(start, end), months_period(base_start, base_end))
    return table


@st.cache_data(show_spinner=False, max_entries=64)
def concentration_of(area_code: str, grouping: str, start: str, end: str, measure: str) -> tuple[Concentration, pd.DataFrame]:
    """Concentration figures and Lorenz points over the selection's per-LSOA counts (harm days when the
    measure is harm; a rate is not something that can be shared out, so rates use counts)."""
    values = neighbourhoods(area_code, grouping, start, end)["harm_days" if measure == "harm" else "count"].fillna(0)
    return concentration(values), lorenz_points(values)


@st.cache_data(show_spinner=False, max_entries=64)
def trend(area_code: str, grouping: str, base_start: str, base_end: str) -> pd.DataFrame:
    """The monthly trend table for a selection (see ``views.trend_table``)."""
    return views.trend_table(prepared(), area_code, grouping_named(grouping), months_period(base_start, base_end))


@st.cache_data(show_spinner=False, max_entries=64)
def area_comparison(grouping: str, start: str, end: str, residents: str, selected: str) -> tuple[pd.DataFrame, Funnel, float, int]:
    """Area rates with exact CIs and, in ``comparison``, the overdispersed funnel verdict of each council against the
    other six; the funnel (drawn around the selected council's comparator); the West Midlands rate; the months used."""
    data = prepared()
    used = views.months_used(data, REGION.code, months_period(start, end))
    if not used:
        raise NoCompleteMonthsError(f"there are no complete months in {months_period(start, end).label}")
    totals = with_rates(totals_by_area(data.counts, data.lsoa, grouping_named(grouping).crime_types, used), len(used), residents=residents)
    areas = totals.iloc[:-1].reset_index(drop=True)
    spread = council_funnel(totals, len(used), residents, selected=selected if selected != REGION.code else None)
    areas["comparison"] = spread.units["comparison"].to_numpy()
    areas["verdict"] = spread.units["verdict"].to_numpy()
    return areas.sort_values("rate", ascending=False).reset_index(drop=True), spread, float(totals.iloc[-1]["rate"]), len(used)


@st.cache_data(show_spinner=False, max_entries=32)
def crime_type_mix(start: str, end: str) -> pd.DataFrame:
    """Each area's share of records by crime type over the period (see ``views.crime_type_mix``): 0.1 s a view uncached."""
    return views.crime_type_mix(prepared(), months_period(start, end))


@st.cache_data(show_spinner=False, max_entries=64)
def deprivation(area_code: str, grouping: str, start: str, end: str, residents: str) -> tuple[pd.DataFrame, Gradient | None, Correlation]:
    """Rate by IMD 2025 decile, the gradient per decile step (quasi-Poisson across LSOAs) and the score-rate correlation."""
    table = neighbourhoods(area_code, grouping, start, end)
    months = max(len(views.months_used(prepared(), area_code, months_period(start, end))), 1)
    by_decile = rate_by_decile(table, months, residents=residents)
    return by_decile, deprivation_gradient(table, months, residents=residents), score_rate_correlation(table, months, residents=residents)


@st.cache_data(show_spinner=False)
def most_deprived_table() -> pd.DataFrame:
    """Share of each area's LSOAs in England's most deprived 10%, IMD 2019 and 2025."""
    data = prepared()
    frames = [most_deprived_shares(data.lsoa, data.imd2019_lsoa11, a.code).assign(area=a.name) for a in (*AREAS, REGION)]
    table = pd.concat(frames).pivot(index="area", columns="imd_year", values=["lsoas", "most_deprived_10pc", "share"])
    table.columns = [f"{name}_{year}" for name, year in table.columns]
    return table.reindex([a.name for a in (*AREAS, REGION)]).reset_index()


@st.cache_resource(show_spinner=False)
def document(relative_path: str) -> str:
    """A project document (e.g. docs/methods.md) as Markdown text."""
    return (project_root() / relative_path).read_text(encoding="utf-8")


@st.cache_data(show_spinner=False, max_entries=32)
def svd_proxies(start: str, end: str, base_start: str, base_end: str) -> pd.DataFrame:
    """The police.uk proxies' changes for every area (see ``views.svd_proxy_changes``)."""
    return views.svd_proxy_changes(prepared(), months_period(start, end), months_period(base_start, base_end))


@st.cache_resource(show_spinner=False)
def area_outlines(area_code: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The area's ward and council boundaries (EPSG:27700), for static maps."""
    wards, councils = boundaries("ward"), boundaries("la")
    return wards[area_filter(wards, area_code)], councils[area_filter(councils, area_code)]


@st.cache_data(show_spinner=False, max_entries=64)
def spc(area_code: str, grouping: str, base_start: str, base_end: str, percent_fewer: float) -> SpcResult:
    """The XmR chart of a selection's monthly counts, limits from the baseline (see ``views.spc_for``)."""
    return views.spc_for(prepared(), area_code, grouping_named(grouping), months_period(base_start, base_end), percent_fewer or None)


# Analysts' views (issue 13): emerging hot spots, prediction, wards and MSOAs, risk factors, profiles.


@st.cache_resource(show_spinner=False)
def lsoa_area_km2() -> pd.Series:
    """Land area of each LSOA in km² (EPSG:27700, generalised clipped boundaries), by LSOA code."""
    shapes = boundaries("lsoa21")
    return pd.Series(shapes.geometry.area.to_numpy() / 1e6, index=shapes["lsoa21_code"].to_numpy())


@st.cache_data(show_spinner="Finding emerging hot spots (Gi* per period, Mann-Kendall trend)…", max_entries=32)
def emerging(area_code: str, grouping: str) -> EmergingResult:
    """The emerging hot spot analysis of an area and grouping over every complete month."""
    data = prepared()
    codes = area_shapes(area_code)["lsoa21_code"].tolist()
    months = sorted(pd.to_datetime(data.months["month"].unique()))
    counts = select_counts(data.counts, area_code, grouping_named(grouping).crime_types)
    return emerging_analysis(counts, months, complete_months(data.months, area_code), area_weights(area_code), codes)


@st.cache_data(show_spinner=False, max_entries=32)
def hotspot_prediction(grouping: str) -> pd.DataFrame:
    """Hit rate and PAI of each area's top 5% of LSOAs, year on year (see ``hotspot_prediction``)."""
    data = prepared()
    return prediction_by_area(data.counts, data.lsoa, data.months, grouping_named(grouping).crime_types, lsoa_area_km2())


@st.cache_data(show_spinner=False, max_entries=128)
def units(area_code: str, grouping: str, start: str, end: str, level: str) -> pd.DataFrame:
    """Counts, residents, rates and ranks by ward, MSOA or LSOA for a selection (see ``neighbourhoods.by_level``)."""
    months = len(views.months_used(prepared(), area_code, months_period(start, end)))
    return by_level(neighbourhoods(area_code, grouping, start, end), LEVELS[level], max(months, 1))


@st.cache_data(show_spinner=False, max_entries=64)
def unit_changes(area_code: str, grouping: str, start: str, end: str, base_start: str, base_end: str, level: str) -> pd.DataFrame:
    """Each unit's annual rate in the period against the baseline (see ``neighbourhoods.change_by_level``)."""
    return change_by_level(units(area_code, grouping, start, end, level), units(area_code, grouping, base_start, base_end, level))


@st.cache_resource(show_spinner=False, max_entries=32)
def unit_web_layers(area_code: str, level: str) -> maps.WebLayers:
    """Ward or MSOA polygons of an area as a web topology, with the ward and council outlines."""
    shapes = boundaries(LEVELS[level].boundary_layer)
    chosen = shapes[area_filter(shapes, area_code)]
    base = web_layers(area_code)
    return maps.WebLayers(to_topology(chosen, LEVELS[level].code), base.wards, base.las, base.bounds, base.places)


@st.cache_data(show_spinner=False, max_entries=64)
def risk(area_code: str, grouping: str, start: str, end: str) -> tuple[pd.DataFrame, int]:
    """Per-LSOA counts with the risk-factor columns, and the number of complete months used."""
    data = prepared()
    used = views.months_used(data, area_code, months_period(start, end))
    drugs = select_counts(data.counts, area_code, ("Drugs",), used).groupby("lsoa21_code")["count"].sum()
    return risk_table(neighbourhoods(area_code, grouping, start, end), drugs, max(len(used), 1)), len(used)


@st.cache_data(show_spinner=False, max_entries=256)
def factor_rates(area_code: str, grouping: str, start: str, end: str, factor: str) -> QuintileRates:
    """Violence rate by quintile of a risk factor (quasi-Poisson intervals)."""
    table, months = risk(area_code, grouping, start, end)
    return factor_quintiles(table, FACTOR_BY_KEY[factor], months)


@st.cache_data(show_spinner=False, max_entries=128)
def profile(level: str, code: str, grouping: str, start: str, end: str) -> Profile:
    """The profile of one ward, MSOA or LSOA; its rank is among its council's units of that kind."""
    data = prepared()
    la_code = str(data.lsoa.loc[data.lsoa[LEVELS[level].code] == code, "la_code"].iloc[0])
    ranking = units(la_code, grouping, start, end, level)
    return build_profile(data, LEVELS[level], code, grouping_named(grouping).crime_types, months_period(start, end).months, ranking)


@st.cache_data(show_spinner=False, max_entries=64)
def factors_at_a_glance(area_code: str, grouping: str, start: str, end: str) -> pd.DataFrame:
    """Every risk factor's highest-to-lowest-fifth rate ratio for a selection."""
    table, months = risk(area_code, grouping, start, end)
    return factor_overview(table, months)


@st.cache_resource(show_spinner=False)
def official() -> OfficialData:
    """The official figures and Census 2021 residents per CSP, read once."""
    return load_official()


@st.cache_data(show_spinner="Comparing with every Community Safety Partnership…", max_entries=64)
def national_comparison(measure: str, la_code: str, group: str) -> NationalComparison:
    """The council among the chosen group of CSPs for one Table C2 measure (see ``national.compare_nationally``)."""
    data = official()
    return compare_nationally(data.figures, data.csp_residents, NATIONAL_MEASURE_BY_LABEL[measure], la_code, group)


@st.cache_data(show_spinner=False)
def reconciliation() -> pd.DataFrame:
    """police.uk against ONS for July 2024 to June 2025 (see ``reconciliation.reconcile``)."""
    data = prepared()
    return reconcile(data.counts, data.months, official().figures)


@st.cache_resource(show_spinner=False)
def integrity(data_dir: str, geo_dir: str) -> IntegrityReport:
    """The start-up check of data/ and geo/ against the manifest: run once per server process (and folder)."""
    return check_outputs(Path(data_dir), Path(geo_dir))
