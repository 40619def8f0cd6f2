"""The reference page for the browser benchmark: Streamlit's own floor (a title and one control), and with
``?chart=1`` also one small plotly chart (the floor of a page with a chart: plotly's code loads and runs)."""

import plotly.graph_objects as go
import streamlit as st

st.title("Reference page")
st.radio("Choice", ["one", "two"], horizontal=True, key="choice")
if st.query_params.get("chart"):
    st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])), key="chart")
