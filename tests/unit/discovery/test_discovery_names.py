"""Candidate names and identity: valid labels, unique, never a second shortcut for one key."""

from __future__ import annotations

from studio_tray.config.fields import LABEL_MAX, check_label
from studio_tray.discovery.shortcuts import label, landing_uri, new_shortcuts, unique_name
from studio_tray.model import Shortcut


def shortcut(
    name: str, user: str = "alice", space: str | None = "lab", profile: str = "P"
) -> Shortcut:
    return Shortcut(name, profile=profile, domain_id="d-abc123", user_profile=user, space=space)


def test_long_names_are_shortened_to_a_valid_label() -> None:
    name = " - ".join(["d" * 63, "u" * 63, "s" * 63])
    fitted = label(name)
    assert len(fitted) == LABEL_MAX and check_label(fitted) == fitted
    assert label("  a\tb\n ") == "a b"
    assert label("\x00") == "Studio"


def test_taken_names_get_the_profile_then_a_number() -> None:
    taken = {"Prod - alice", "Prod - alice (P)"}
    assert unique_name("Prod - alice", taken, "P") == "Prod - alice (P 2)"
    long = "x" * LABEL_MAX
    fitted = unique_name(long, {long}, "P")
    assert fitted.endswith(" (P)") and len(fitted) == LABEL_MAX


def test_existing_key_is_skipped_whatever_its_name() -> None:
    existing = [shortcut("My own name"), shortcut("Prod - bob", user="bob", space=None)]
    found = [
        shortcut("Prod - alice - lab"),
        shortcut("Prod - bob", user="bob", space=None),
        shortcut("Prod - carol - lab", user="carol"),
        shortcut("Prod - carol - lab", user="carol"),
    ]
    fresh = new_shortcuts(found, existing)
    assert [(s.name, s.user_profile) for s in fresh] == [("Prod - carol - lab", "carol")]


def test_same_names_from_two_profiles_stay_apart() -> None:
    fresh = new_shortcuts([shortcut("Prod - alice"), shortcut("Prod - alice", profile="Q")], [])
    assert [s.name for s in fresh] == ["Prod - alice", "Prod - alice (Q)"]


def test_landing_uris() -> None:
    assert landing_uri("JupyterLab") == "app:JupyterLab:"
    assert landing_uri("CodeEditor") == "app:CodeEditor:"
    assert landing_uri("JupyterServer") == "app:JupyterServer:"
    assert landing_uri("RStudioServerPro") == "app:RStudioServerPro:"
    assert landing_uri("KernelGateway") is None
    assert landing_uri(None) is None
