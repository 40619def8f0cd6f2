"""Data and methods: sources and licences, definitions, each month's completeness, the build manifest."""

import pandas as pd
import streamlit as st

from svd_dash.analytics.groupings import GROUPINGS
from svd_dash.analytics.measures import MEASURES
from svd_dash.ui import cache

data = cache.prepared()
st.title("Data and methods")

st.header("Licences and attributions")
for line in data.manifest["attributions"]:
    st.markdown(f"- {line}")

st.header("Definitions")
st.dataframe(pd.DataFrame([{"grouping": g.name, "definition": g.definition} for g in GROUPINGS.values()]), hide_index=True, key="groupings")
st.dataframe(pd.DataFrame([{"measure": m.label, "definition": m.definition} for m in MEASURES]), hide_index=True, key="measures")

st.header("Months and their completeness")
st.caption(
    "A month is partial when an area's total is below 75% of its median month, or when many of its busy neighbourhoods report "
    "nothing at all; partial months are left out of every comparison. The table below says why each month is flagged."
)
months = data.months.assign(month=data.months["month"].dt.strftime("%Y-%m"))
st.dataframe(
    months.pivot(index="month", columns="area_name", values="complete").reset_index(),
    hide_index=True,
    key="completeness",
)
st.dataframe(months[~months["complete"]][["month", "area_name", "count", "expected", "reason"]], hide_index=True, key="partial_reasons")

st.header("Sources")
st.markdown(cache.document("data/raw/SOURCES.md"))

st.header("Methods")
with st.expander("Every statistical method, with references", expanded=False):
    st.markdown(cache.document("docs/methods.md"))

st.header("Build manifest")
manifest = data.manifest
st.caption(f"Built {manifest['built_at']} by `svd-dash prepare` from data/raw; rebuild with `make prepare`, check with `make verify`.")
st.dataframe(
    pd.DataFrame([{"output": name, **{k: v for k, v in entry.items() if k != "inputs"}} for name, entry in manifest["outputs"].items()]),
    hide_index=True,
    key="manifest",
)
