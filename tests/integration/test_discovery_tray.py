"""The tray's "Discover shortcuts...": every profile, user profiles in use, added once."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_tray import config as config_file
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.config import edits
from studio_tray.discovery.run import discover_and_add
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.errors import DiscoveryError
from studio_tray.model import Profile, Shortcut

OTHER_KEY = ("AKIDOTHERACCOUNT0001", "other-secret")


@pytest.fixture
def accounts(emulator: Emulator, tmp_path: Path) -> tuple[Path, Launcher, str]:
    """Two profiles (two key pairs on the same emulator) and a config naming both."""
    emulator.add_key(*OTHER_KEY)
    domain = emulator.add_domain(name="Prod")
    for user in ("alice", "bob"):
        emulator.add_user_profile(domain, user)
    emulator.add_space(domain, "alice-lab", owner="alice")
    emulator.add_space(domain, "bob-lab", owner="bob")
    path = tmp_path / "config.toml"
    for name in ("work", "side"):
        edits.add_profile(path, Profile(name, region="us-east-1", endpoint_url=emulator.url))
    store = MemoryKeyStore(
        {"work": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY), "side": OTHER_KEY}
    )
    return path, Launcher(SessionProvider(store)), domain


def test_no_shortcuts_yet_adds_everything_for_every_profile(
    accounts: tuple[Path, Launcher, str],
) -> None:
    path, launcher, _ = accounts
    result = discover_and_add(config_file.load(path), launcher)
    assert {(s.profile, s.space) for s in result.added} == {
        ("work", "alice-lab"),
        ("work", "bob-lab"),
        ("side", "alice-lab"),
        ("side", "bob-lab"),
    }
    names = [s.name for s in config_file.load(path).shortcuts]
    assert "Prod - alice - alice-lab" in names and "Prod - alice - alice-lab (side)" in names
    assert result.message == "Added 4 shortcuts"
    again = discover_and_add(config_file.load(path), launcher)
    assert again.added == () and again.message == "Nothing new"


def test_entries_not_in_service_are_counted_and_logged_not_added(
    accounts: tuple[Path, Launcher, str], emulator: Emulator
) -> None:
    path, launcher, domain = accounts
    emulator.add_space(domain, "alice-new", owner="alice", status="Pending")
    emulator.add_user_profile(domain, "carol", status="Failed")
    result = discover_and_add(config_file.load(path), launcher)
    assert len(result.added) == 4 and not {s.space for s in result.added} & {"alice-new"}
    assert sorted(result.skipped) == [
        f"Prod ({domain}): space alice-new gets no shortcut: status is Pending",
        f"Prod ({domain}): user profile carol gets no shortcut: status is Failed",
    ], "once each, though both profiles see them"
    assert result.message == "Added 4 shortcuts (2 not ready or not openable: see the log)"


def test_only_user_profiles_already_in_use(accounts: tuple[Path, Launcher, str]) -> None:
    path, launcher, domain = accounts
    edits.add_shortcut(path, Shortcut("Mine", profile="work", domain_id=domain, user_profile="bob"))
    result = discover_and_add(config_file.load(path), launcher)
    assert {(s.profile, s.user_profile, s.space) for s in result.added} == {
        ("work", "bob", "bob-lab"),
        ("side", "bob", "bob-lab"),
    }


def test_a_profile_without_keys_is_a_warning_not_a_failure(
    accounts: tuple[Path, Launcher, str],
) -> None:
    path, _, _ = accounts
    launcher = Launcher(SessionProvider(MemoryKeyStore({"work": OTHER_KEY})))
    result = discover_and_add(config_file.load(path), launcher)
    assert len(result.added) == 2
    assert any("side" in w for w in result.warnings)
    assert result.message.endswith("(1 warning: see the log)")


def test_nothing_listed_raises_with_the_reason(
    accounts: tuple[Path, Launcher, str], emulator: Emulator
) -> None:
    path, launcher, _ = accounts
    emulator.deny("ListDomains")
    with pytest.raises(DiscoveryError, match="sagemaker:ListDomains"):
        discover_and_add(config_file.load(path), launcher)
    assert not config_file.load(path).shortcuts
