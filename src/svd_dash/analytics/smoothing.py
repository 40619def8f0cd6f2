"""Empirical Bayes smoothed rates for maps: small neighbourhoods' rates pulled towards the area's rate.

A neighbourhood with few residents can show an extreme rate from a handful of records. The global
empirical Bayes estimate (Marshall 1991, "Mapping disease and mortality rates using empirical Bayes
estimators", Applied Statistics 40:283-294; esda.smoothing.Empirical_Bayes) shrinks each LSOA's rate
towards the overall rate, more strongly the fewer residents it has. City-centre rates stay high after
smoothing because their records include visitors, who are not counted among the residents.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from esda.smoothing import Empirical_Bayes


def smoothed_rate(counts: pd.Series, residents: pd.Series, months: int) -> np.ndarray:
    """Annual records per 1,000 residents, empirical-Bayes smoothed (NaN where there are no residents)."""
    has_residents = residents.to_numpy(float) > 0
    out = np.full(len(counts), np.nan)
    if has_residents.sum() == 0 or months <= 0:
        return out
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        fit = Empirical_Bayes(counts.to_numpy(float)[has_residents], residents.to_numpy(float)[has_residents])
    out[has_residents] = np.asarray(fit.r).ravel() * 1000 * 12 / months
    return out
