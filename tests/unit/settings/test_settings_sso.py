"""The settings window's Identity Center parts without a window: the add form's checks (the
config's rules, as ``profile add --sso-*``), the row's sign-in words, the account labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_tray.aws.sso import tokens
from studio_tray.aws.sso.portal import Account
from studio_tray.errors import UsageError
from studio_tray.model import Config, Profile
from studio_tray.settings.model import profile_rows
from studio_tray.settings.sso import (
    NOT_SIGNED_IN,
    SsoForm,
    account_label,
    check_sso_form,
    state_text,
)

PATH = Path("config.toml")
URL = "https://d-1234567890.awsapps.com/start"


def form(**changes: str) -> SsoForm:
    values = {"name": "ops", "start_url": URL, "sso_region": "us-east-1", **changes}
    return SsoForm(**values)


def test_signing_in_needs_the_three_fields_and_gives_the_profile_without_account() -> None:
    profile = check_sso_form(form(name=" ops ", region="eu-west-1"), Config(PATH), chosen=False)
    assert profile == Profile("ops", region="eu-west-1", sso_start_url=URL, sso_region="us-east-1")


def test_missing_fields_are_named_together() -> None:
    with pytest.raises(UsageError) as caught:
        check_sso_form(SsoForm(), Config(PATH), chosen=True)
    text = str(caught.value)
    for what in ("name: required", "SSO start URL: required", "SSO region: required"):
        assert what in text
    assert "account: choose one" in text and "role: choose one" in text


def test_the_config_rules_check_the_fields_before_signing_in() -> None:
    bad = form(start_url="http://plain", sso_region="mars-1", endpoint_url="ftp://x")
    with pytest.raises(UsageError) as caught:
        check_sso_form(bad, Config(PATH), chosen=False)
    text = str(caught.value)
    assert 'sso_start_url "http://plain" must be an https:// URL' in text
    assert "mars-1" in text and "ftp://x" in text  # every problem at once


def test_saving_needs_the_chosen_account_and_role() -> None:
    done = check_sso_form(
        form(account_id="111122223333", role_name="Admin"), Config(PATH), chosen=True
    )
    assert (done.sso_account_id, done.sso_role_name) == ("111122223333", "Admin")
    with pytest.raises(UsageError, match="role: choose one"):
        check_sso_form(form(account_id="111122223333"), Config(PATH), chosen=True)


def test_a_row_says_until_when_or_not_signed_in(tmp_path: Path) -> None:
    file = tmp_path / "x.json"
    at_1405 = 1_800_000_000.0
    signed = tokens.TokenState(tokens.SIGNED_IN, file, at_1405)
    assert state_text(signed).startswith("signed in until ")
    for status in (tokens.EXPIRED, tokens.NEVER, tokens.REFRESHABLE):
        assert state_text(tokens.TokenState(status, file, at_1405)) == NOT_SIGNED_IN


def test_profile_rows_take_the_sign_in_state_of_identity_center_profiles() -> None:
    sso = Profile("s", sso_start_url=URL, sso_region="us-east-1", sso_account_id="111122223333",
                  sso_role_name="R")  # fmt: skip
    config = Config(PATH, profiles={"s": sso, "k": Profile("k")})
    rows = profile_rows(config, lambda _n: False, lambda p: "not signed in")
    assert [(r.name, r.state) for r in rows] == [("s", "not signed in"), ("k", "no keys stored")]


def test_account_labels_read_as_profile_add_lists_them() -> None:
    assert account_label(Account("111122223333", "prod")) == "111122223333  prod"


def test_a_session_name_goes_to_the_profile_and_is_checked() -> None:
    profile = check_sso_form(form(session="studio"), Config(PATH), chosen=False)
    assert profile.sso_session == "studio"
    with pytest.raises(UsageError, match="sso_session"):
        check_sso_form(form(session="bad\x07name"), Config(PATH), chosen=False)
