"""Key findings for an area and grouping, in plain English, each with its verdict in plain words.

Every figure comes from the functions of this layer; this module only chooses and orders them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.change import Change, change_against_2019, change_against_baseline
from svd_dash.analytics.concentration import concentration
from svd_dash.analytics.counts import lsoa_totals, monthly_totals, totals_by_area
from svd_dash.analytics.deprivation import deprivation_gradient
from svd_dash.analytics.funnel import council_funnel, short_verdict
from svd_dash.analytics.groupings import Grouping
from svd_dash.analytics.periods import Period, complete_months
from svd_dash.analytics.spc import BaselineTooShortError, xmr
from svd_dash.prepared import PreparedData
from svd_dash.reference import REGION, area_phrase, sentence_start


@dataclass(frozen=True)
class Finding:
    """One finding: a short ``title``, the ``sentence``, and its ``verdict`` in plain words for a councillor
    (e.g. "Within the normal ups and downs"; '' where no verdict applies). Never "statistically significant"."""

    title: str
    sentence: str
    verdict: str

    @property
    def badge(self) -> str:
        """The verdict to show after the sentence, or '' when the sentence already ends by saying it."""
        return "" if self.verdict.lower() in self.sentence.lower() else self.verdict


def change_for(data: PreparedData, area_code: str, grouping: Grouping, current: Period, baseline: Period) -> Change:
    """The change against baseline for an area and grouping (complete months of that area only)."""
    series = monthly_totals(data.counts, area_code, grouping.crime_types, data.months["month"].unique())
    complete = complete_months(data.months, area_code)
    return change_against_baseline(series, current, baseline, complete, area_phrase(area_code), grouping.short_name)


def change_since_2019(data: PreparedData, area_code: str, grouping: Grouping, current: Period) -> Change:
    """The change from calendar 2019 (LA counts; the seven summed for the region)."""
    series = monthly_totals(data.counts, area_code, grouping.crime_types, data.months["month"].unique())
    baseline = data.baseline_2019[data.baseline_2019["crime_type"].isin(grouping.crime_types)]
    if area_code != REGION.code:
        baseline = baseline[baseline["la_code"] == area_code]
    complete = complete_months(data.months, area_code)
    return change_against_2019(series, current, complete, int(baseline["count"].sum()), area_phrase(area_code), grouping.short_name)


def key_findings(data: PreparedData, area_code: str, grouping: Grouping, current: Period, baseline: Period) -> list[Finding]:
    """The headline findings, most important first: change against baseline, change since 2019 (indicative),
    the SPC reading of the latest month, comparison with the West Midlands, concentration, and the deprivation gradient."""
    area_name = area_phrase(area_code)
    findings = []
    change = change_for(data, area_code, grouping, current, baseline)
    findings.append(Finding("Change against baseline", change.sentence, sentence_start(change.verdict)))
    since_2019 = change_since_2019(data, area_code, grouping, current)
    findings.append(Finding("Change since 2019", since_2019.sentence, "Indicative only: a break in the series"))
    series = monthly_totals(data.counts, area_code, grouping.crime_types, sorted(data.months["month"].unique()))
    try:
        spc = xmr(series, complete_months(data.months, area_code), baseline.months)
        icon = spc.variation_icon
        findings.append(Finding("Is it changing? (SPC)", spc.sentence(grouping.short_name, area_name), f"{icon.symbol} {icon.words}"))
    except BaselineTooShortError:
        pass  # no SPC finding without a baseline to set the limits; the change finding already says why
    used = [m for m in current.months if m in complete_months(data.months, REGION.code)]
    if area_code != REGION.code and used:
        totals = totals_by_area(data.counts, data.lsoa, grouping.crime_types, used)
        row = council_funnel(totals, len(used), selected=area_code).units.set_index("unit").loc[area_code]
        findings.append(
            Finding(
                "Compared with the other councils",
                f"{area_name} had {row['rate']:.1f} {grouping.short_name} a year per 1,000 residents, against "
                f"{row['target']:.1f} across the other six councils: {row['comparison']}.",
                sentence_start(short_verdict(row["comparison"])),
            )
        )
    complete = complete_months(data.months, area_code)
    months_used = [m for m in current.months if m in complete]
    per_lsoa = lsoa_totals(data.counts, data.lsoa, area_code, grouping.crime_types, months_used)
    findings.append(Finding("Where it concentrates", concentration(per_lsoa["count"]).sentence(grouping.short_name, area_name), ""))
    gradient = deprivation_gradient(per_lsoa, len(months_used)) if months_used else None
    if gradient is not None:
        findings.append(Finding("Deprivation", gradient.sentence(grouping.short_name, area_name), sentence_start(gradient.verdict)))
    return findings


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """The findings as a table (for 'show the numbers' and exports)."""
    return pd.DataFrame([{"finding": f.title, "statement": f.sentence, "verdict": f.verdict} for f in findings])
