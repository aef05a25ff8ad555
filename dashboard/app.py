"""The dashboard's entry point (run by Streamlit as ``__main__``): the list of pages, nothing else."""

from __future__ import annotations

import streamlit as st

from dashboard import labels
from dashboard.nav import navigation


def main() -> None:
    st.set_page_config(page_title=labels.APP_TITLE, page_icon="📊", layout="wide")
    st.navigation(navigation(lambda _permission: True), position="top").run()


if __name__ == "__main__":
    main()
