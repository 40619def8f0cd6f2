"""The analytics layer: pure functions over the prepared tables. No Streamlit, no plotting."""
