"""What ``ehelse serve`` hands to ``streamlit run``: the dashboard (``app.py``) as a Streamlit
``st.App``, with :class:`dashboard.guard.Guard` in front of Streamlit's web server (host names,
uploads, metrics, downloads and sign-out; see that module). Streamlit finds ``app`` here and
serves it with the same options as before."""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.guard import Guard

app = st.App("app.py", middleware=[Middleware(Guard)])
