"""The UI layer: Streamlit, plotly and folium. Only this layer imports Streamlit."""
