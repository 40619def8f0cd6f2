"""The reference page for the browser benchmark: Streamlit's own floor (a title and one control)."""

import streamlit as st

st.title("Reference page")
st.radio("Choice", ["one", "two"], horizontal=True, key="choice")
