"""A bare one-chart Streamlit page: the reference for axe (framework violations), for the
first-screen benchmark and, with its button, for the cost of a rerun (meeting-mode bench)."""

import plotly.graph_objects as go
import streamlit as st

n = st.session_state.setdefault("n", 0)
st.title(f"Referanse {n}")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1 + n % 3, 3, 2])))
if st.button("Neste"):
    st.session_state.n = n + 1
    st.rerun()
