"""The dashboard's entry point (run by Streamlit as ``__main__``): the list of pages, nothing else."""

from __future__ import annotations

import streamlit as st

from dashboard.pages import oversikt


def main() -> None:
    st.set_page_config(
        page_title="E-helse: portefølje og indikatorer", page_icon="📊", layout="wide"
    )
    pages = {
        "Portefølje": [
            st.Page(oversikt.render, title="Oversikt", url_path="oversikt", default=True),
        ],
    }
    st.navigation(pages).run()


if __name__ == "__main__":
    main()
