"""A bare one-chart Streamlit page: the reference for axe (framework violations) and for the
first-screen benchmark."""

import plotly.graph_objects as go
import streamlit as st

st.title("Referanse")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])))
