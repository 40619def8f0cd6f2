"""Data and methods: first, in plain words, what the data are and are not; then definitions, the words
used on the pages and the months; then, behind expanders, the technical detail (provenance, methods with formulae, the build record)."""

import pandas as pd
import streamlit as st

from svd_dash.analytics.groupings import GROUPINGS
from svd_dash.analytics.measures import MEASURES
from svd_dash.ui import cache
from svd_dash.ui.components import JARGON, data_range, friendly_dataframe, lazy_expander, without_paths

data = cache.prepared()
st.title("Data and methods")

st.header("What the data are, and are not")
st.markdown(
    f"""
- **What they are:** crimes recorded by West Midlands Police and published on police.uk, {data_range(data)}, each placed in the
  small neighbourhood where it happened (about 1,500 residents each) across the seven councils.
- **Rates** divide by the residents counted in the 2021 Census. **Deprivation** is the government's English Indices of
  Deprivation 2025. The **Serious Violence Duty measures** are the figures published by the Home Office, ONS and NHS, as published.
- **What they are not:** not every crime (only what is reported, recorded and has a location); not a count of victims or
  offenders; locations are moved to a nearby point for privacy; police.uk has no knife flag, so knife crime by council is not
  available and the dashboard says so rather than estimating it.
- **Gaps:** a few months are incomplete at source (a force sent part of its data). They are marked on every chart and left
  out of every comparison, in both periods alike.
- **Honesty about noise:** monthly counts go up and down by chance. A change or a difference is only called real when it is
  bigger than those normal ups and downs.
"""
)

st.header("Licences and attributions")
for line in data.manifest["attributions"]:
    st.markdown(f"- {line}")

st.header("Definitions")
friendly_dataframe(pd.DataFrame([{"grouping": g.name, "definition": g.definition} for g in GROUPINGS.values()]), key="groupings")
friendly_dataframe(pd.DataFrame([{"measure": m.label, "definition": m.definition} for m in MEASURES]), key="measures")

st.header("Words used on the pages")
st.markdown("\n".join(f"- {line}" for line in JARGON.values()))

st.header("Months and their completeness")
st.caption(
    "A month is partial when an area's total is below 75% of its median month, or when many of its busy neighbourhoods report "
    "nothing at all; partial months are left out of every comparison. The table below says why each month is flagged."
)
months = data.months.assign(month=data.months["month"].dt.strftime("%b %Y"))
partial = months[~months["complete"]][["month", "area_name", "count", "expected", "reason"]]
friendly_dataframe(partial, key="partial_reasons")
with lazy_expander("Every month, area by area", "completeness") as is_open:
    if is_open:
        friendly_dataframe(months.pivot(index="month", columns="area_name", values="complete").reset_index(), key="completeness")

st.header("Technical detail")
st.caption("For analysts: where every input comes from, how every figure is calculated, and the record of the last build.")
for title, document in [
    ("Where each input comes from (provenance)", "data/raw/SOURCES.md"),
    ("Every statistical method, with formulae and references", "docs/methods.md"),
]:
    with lazy_expander(title, document.replace("/", "_")) as is_open:
        if is_open:
            st.markdown(without_paths(cache.document(document)))
with lazy_expander("Build record: each prepared table, its rows and checksum", "build_record") as is_open:
    if is_open:
        manifest = data.manifest
        st.caption(f"Built {manifest['built_at']}.")
        outputs = [
            {"table": name.split("/")[-1]} | {k: v for k, v in entry.items() if k != "inputs"}
            for name, entry in manifest["outputs"].items()
        ]
        friendly_dataframe(pd.DataFrame(outputs), key="manifest")
