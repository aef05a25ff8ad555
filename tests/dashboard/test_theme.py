"""The look lives in one module: serve flags and .streamlit/config.toml agree with theme.py, and
the status palette meets WCAG contrast."""

from __future__ import annotations

import tomllib

from dashboard.serve import STREAMLIT_FLAGS, command
from dashboard.theme import STATUS, STREAMLIT_THEME, status_label
from tests.helpers import ROOT


def _flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


def test_config_file_and_serve_flags_use_the_theme_module():
    config = _flatten(tomllib.loads((ROOT / ".streamlit/config.toml").read_text()))
    theme_in_file = {k: v for k, v in config.items() if k.startswith("theme.")}
    assert theme_in_file == STREAMLIT_THEME
    for key, value in STREAMLIT_THEME.items():
        assert STREAMLIT_FLAGS[key] == value
        assert f"--{key}={value}" in command(8501)
    assert STREAMLIT_FLAGS["client.toolbarMode"] == "minimal"  # no English ⋮ menu


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_status_colours_pass_contrast_and_never_stand_alone():
    for word, style in STATUS.items():
        assert contrast("#1A1A1A", style.tint) >= 4.5, word  # badge text on its tint
        assert contrast(style.line, "#FFFFFF") >= 3.0, word  # outline of chart marks (1.4.11)
        label = status_label(word)
        assert word in label and style.icon in label  # colour is never the only signal
    assert contrast("#FFFFFF", STATUS["Grønn"].fill) >= 4.5
    assert contrast("#FFFFFF", STATUS["Rød"].fill) >= 4.5
    assert contrast("#1A1A1A", STATUS["Gul"].fill) >= 4.5
    assert len({s.icon for s in STATUS.values()}) == 3


def test_config_file_and_serve_flags_agree_on_every_shared_setting():
    """`streamlit run` from the project root and `ehelse serve` behave alike, including the
    server settings the benchmarks depend on (no full GC after every script run)."""
    config = _flatten(tomllib.loads((ROOT / ".streamlit/config.toml").read_text()))
    shared = config.keys() & STREAMLIT_FLAGS.keys()
    assert {
        "runner.postScriptGC",
        "server.fileWatcherType",
        "client.toolbarMode",
        "logger.hideWelcomeMessage",
    } <= shared
    for key in shared:
        assert config[key].lower() == STREAMLIT_FLAGS[key].lower(), key
    assert "--runner.postScriptGC=false" in command(8501)
