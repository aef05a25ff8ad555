"""A page that fails unexpectedly shows one Norwegian sentence, never Streamlit's traceback with
the server's paths; the traceback goes to the server's log."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app() -> None:
    import streamlit as st

    from dashboard.app import run_page

    def broken() -> None:
        st.title("Oversikt")
        {}["mangler"]  # noqa: B018 - a page's bug

    page = st.navigation([st.Page(broken, title="Oversikt", url_path="oversikt")])
    run_page(page)


def test_a_failing_page_says_so_in_norwegian_without_a_traceback(caplog):
    at = AppTest.from_function(_app, default_timeout=30).run()
    assert not at.exception  # Streamlit's own error box (with paths) is not shown
    (error,) = at.error
    assert error.value.startswith("Siden kunne ikke vises på grunn av en uventet feil.")
    assert "Ingen data er endret" in error.value and "/work" not in error.value
    assert "KeyError" not in error.value
    assert any("Siden Oversikt feilet" in r.getMessage() for r in caplog.records)
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


def test_a_page_that_stops_or_reruns_is_not_an_error():
    def _app_stop() -> None:
        import streamlit as st

        from dashboard.app import run_page

        def stops() -> None:
            st.write("Før")
            st.stop()

        run_page(st.navigation([st.Page(stops, title="Side", url_path="side")]))

    at = AppTest.from_function(_app_stop, default_timeout=30).run()
    assert not at.error and not at.exception
    assert at.markdown[0].value == "Før"
