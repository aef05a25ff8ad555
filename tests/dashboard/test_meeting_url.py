"""Meeting mode's address as a pure function: what is pinned, what is refused."""

from __future__ import annotations

from dashboard.meeting_url import Pin, Refusal, meeting_query, parse_sequence, pin, positive_int

ROUNDS = {14: ["2025-K2", "2025-K3"], 12: ["2025-K2"]}


def pinned(**params: str) -> Pin | Refusal:
    return pin(
        params,
        rounds_at=lambda data: ROUNDS.get(data, []),
        latest=14,
        known_slides=[1, 2, 3, 4, 5, 6, 7],
        default_sequence=[1, 2, 3, 4, 5, 6],
    )


def test_what_is_missing_is_filled_in_and_written_back():
    result = pinned()
    assert isinstance(result, Pin)
    assert result.query() == {
        "runde": "2025-K3",
        "asof": "2025-K3",  # a round's cut-off is the round
        "lysbilder": "1,2,3,4,5,6",
        "lysbilde": "1",
        "data": "14",
    }
    assert not result.newer


def test_an_older_data_version_keeps_its_own_rounds():
    result = pinned(data="12")
    assert isinstance(result, Pin) and result.round == "2025-K2" and result.newer
    refused = pinned(data="12", runde="2025-K3")
    assert isinstance(refused, Refusal) and "låst til import 12" in refused.message


def test_bad_values_are_refused_or_ignored_never_raised():
    for data in ("99999999999999999999999", "15", "0", "-3", "²", "1e3"):
        result = pinned(data=data)
        assert isinstance(result, Refusal) and "Dataversjonen" in result.message, data
    assert pinned(lysbilde="²").index == 1
    assert pinned(lysbilde="99", lysbilder="2,4").index == 2  # clamped to the sequence
    assert pinned(lysbilder="4, 2,4,99,x,²").sequence == (4, 2)
    assert pinned(asof="2025-K9").asof == "2025-K3"
    assert pinned(indikatorer="S1-01,<script>,S2-01").indicators == ("S1-01", "S2-01")
    empty = pin({}, rounds_at=lambda _d: [], latest=None, known_slides=[1], default_sequence=[1])
    assert isinstance(empty, Refusal) and not empty.setup_link


def test_helpers():
    assert positive_int("14") == 14 and positive_int(" 7 ") == 7
    assert positive_int("99999999999") is None and positive_int("") is None
    assert parse_sequence("1;3,3", [1, 2, 3]) == [1, 3]
    assert meeting_query("2025-K3", "2025-K3", [2, 1], None, []) == {
        "runde": "2025-K3",
        "asof": "2025-K3",
        "lysbilder": "2,1",
        "lysbilde": "1",
    }
