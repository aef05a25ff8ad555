"""Which host names the web server answers to (dashboard/guard.py); the attacks themselves run
against a real server in tests/e2e/test_hardening.py."""

from __future__ import annotations

from dashboard.guard import host_name, host_refusal
from model.settings import Settings


def test_host_names_are_read_like_a_browser_sends_them():
    assert host_name("LocalHost:8501") == "localhost"
    assert host_name("[::1]:8501") == "::1" and host_name("127.0.0.1") == "127.0.0.1"
    assert host_name(None) is None


def test_local_mode_answers_only_to_the_machine_itself():
    local = Settings(auth_mode="local", allowed_hosts="ehelse.example.no")
    for host in ("localhost:8501", "127.0.0.1:8501", "[::1]:8501"):
        assert host_refusal(local, host, f"http://{host}") is None
    assert "Lokal modus svarer bare på localhost" in host_refusal(
        local, "rebind.attacker.test:8501", None
    )
    assert host_refusal(local, "ehelse.example.no", None)  # not even a configured name
    assert host_refusal(local, None, None)  # no Host header at all
    assert host_refusal(local, "localhost:8501", "http://rebind.attacker.test")
    assert host_refusal(local, "localhost:8501", "null")  # a sandboxed frame


def test_servers_answer_to_their_configured_or_sign_in_names(tmp_path):
    named = Settings(allowed_hosts="ehelse.example.no, intern.example.no")
    assert host_refusal(named, "intern.example.no", "https://intern.example.no") is None
    assert host_refusal(named, "127.0.0.1:8501", None) is None
    assert "EHELSE_ALLOWED_HOSTS" in host_refusal(named, "rebind.attacker.test", None)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "https://ehelse.example.no/oauth2callback"\n')
    oidc = Settings(auth_mode="oidc", secrets_file=secrets)
    assert host_refusal(oidc, "ehelse.example.no", "https://ehelse.example.no") is None
    assert host_refusal(oidc, "andre.example.no", None)
    # Without sign-in and without a list every visitor is a reader anyway: any name.
    assert host_refusal(Settings(), "hva-som-helst.example", None) is None
