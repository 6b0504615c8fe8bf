"""The IAM Identity Center sign-in against the emulator over real HTTP: the device flow
(pending, slow_down, approved, denied, expired), the token cache file, the refresh grant and
the role credentials a click signs with. Waits move the emulator's clock, not the test's."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path
from types import MappingProxyType

import pytest

from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.aws.sso import tokens
from studio_tray.aws.sso.cache import TokenCache
from studio_tray.aws.sso.clients import SsoClients
from studio_tray.aws.sso.oidc import DeviceCode, SignInDenied, SignInExpired
from studio_tray.aws.sso.signin import IdentityCenter
from studio_tray.aws.sso.source import SsoSource, from_profile
from studio_tray.emulator import DEMO_DOMAIN_ID, DEMO_SPACE, DEMO_USER
from studio_tray.errors import SignInRequired
from studio_tray.model import Config, Profile, Shortcut
from tests.fixtures.sso import ACCOUNT, ROLE, SESSION, START_URL, cache_file, center_for

PROFILE = Profile(
    "dev",
    region="us-east-1",
    sso_start_url=START_URL,
    sso_region="us-east-1",
    sso_account_id=ACCOUNT,
    sso_role_name=ROLE,
    sso_session=SESSION,
)
LEGACY = Profile(
    "old",
    region="us-east-1",
    sso_start_url=START_URL,
    sso_region="us-east-1",
    sso_account_id=ACCOUNT,
    sso_role_name=ROLE,
)


def _source(profile: Profile = PROFILE) -> SsoSource:
    found = from_profile(profile)
    assert found is not None
    return found


def _ops(emulator) -> list[tuple[str, str | None]]:
    return [(r.op, r.error) for r in emulator.requests]


def _polls(emulator) -> list:
    return [r for r in emulator.requests if r.op == "CreateToken"]


def test_device_flow_pending_then_approved_writes_the_cli_cache(sso_emulator, isolated_env):
    sso_emulator.configure_sso(auto_approve_after_polls=2)
    shown: list[DeviceCode] = []
    center = center_for(sso_emulator)
    center.sign_in(_source(), shown.append)

    assert _ops(sso_emulator) == [
        ("RegisterClient", None),
        ("StartDeviceAuthorization", None),
        ("CreateToken", "AuthorizationPendingException"),
        ("CreateToken", "AuthorizationPendingException"),
        ("CreateToken", None),
    ]
    times = [r.time for r in _polls(sso_emulator)]
    assert all(b - a >= 1 for a, b in zip(times, times[1:], strict=False))  # the interval
    (device,) = shown
    assert device.user_code in device.verification_uri_complete
    assert device.verification_uri_complete.startswith(sso_emulator.url + "/sso/verify")

    path = cache_file(isolated_env["home"], SESSION)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    saved = json.loads(path.read_text())
    assert set(saved) == {
        "startUrl", "region", "accessToken", "expiresAt",
        "clientId", "clientSecret", "registrationExpiresAt", "refreshToken",
    }  # fmt: skip
    assert saved["startUrl"] == START_URL and saved["region"] == "us-east-1"
    assert saved["expiresAt"].endswith("Z") and saved["registrationExpiresAt"].endswith("Z")
    assert sso_emulator.sso.session_for(saved["accessToken"], sso_emulator.now()) is not None
    assert center.token_state(_source()).status == tokens.SIGNED_IN
    assert "(refreshable)" in center.token_state(_source()).describe()


def test_slow_down_adds_five_seconds_to_every_later_poll(sso_emulator, isolated_env):
    sso_emulator.configure_sso(auto_approve_after_polls=2)
    sso_emulator.inject("throttle", count=1, ops="CreateToken")  # sso-oidc's slow_down
    center_for(sso_emulator).sign_in(_source(), lambda device: None)

    polls = _polls(sso_emulator)
    assert [(r.fault, r.error) for r in polls] == [
        ("throttle", None),
        (None, "AuthorizationPendingException"),
        (None, "AuthorizationPendingException"),
        (None, None),
    ]
    gaps = [b.time - a.time for a, b in zip(polls, polls[1:], strict=False)]
    assert all(gap >= 6 for gap in gaps), gaps  # interval 1 + 5, for this and later polls


def test_denied_ends_with_a_clear_error_and_no_cache(sso_emulator, isolated_env):
    center = center_for(sso_emulator)
    with pytest.raises(SignInDenied) as caught:
        center.sign_in(_source(), lambda device: sso_emulator.deny_device(device.user_code))
    assert "denied" in str(caught.value) and "studio-tray login dev" in str(caught.value)
    assert not cache_file(isolated_env["home"], SESSION).exists()
    assert _ops(sso_emulator)[-1] == ("CreateToken", "AccessDeniedException")


def test_expired_code_ends_with_a_clear_error(sso_emulator, isolated_env):
    sso_emulator.configure_sso(device_seconds=5)
    center = center_for(sso_emulator)
    with pytest.raises(SignInExpired) as caught:
        center.sign_in(_source(), lambda device: None)
    assert "expired before it was approved" in str(caught.value)
    assert not cache_file(isolated_env["home"], SESSION).exists()
    assert center.token_state(_source()).status == tokens.NEVER


def test_expired_token_answer_from_the_service_is_expired_too(sso_emulator, isolated_env):
    """The service says expired_token (its clock ran out first): same outcome."""
    sso_emulator.configure_sso(device_seconds=2)
    # Our clock is the real one here, the service's runs 3 s ahead once the code is shown.
    center = IdentityCenter(SsoClients(sso_emulator.url), TokenCache(), sleep=time.sleep)

    def late(device: DeviceCode) -> None:
        sso_emulator.advance(3)  # past the service's expiry, our copy of it still ahead

    source = _source()
    with pytest.raises(SignInExpired):
        center.sign_in(source, late)
    assert ("CreateToken", "ExpiredTokenException") in _ops(sso_emulator)


def test_the_registration_is_reused_until_it_expires(sso_emulator, isolated_env):
    sso_emulator.configure_sso(auto_approve_after_polls=0)
    center = center_for(sso_emulator)
    for profile in (PROFILE, PROFILE, LEGACY, LEGACY):
        center.sign_in(_source(profile), lambda device: None)
    registers = [r for r in sso_emulator.requests if r.op == "RegisterClient"]
    assert len(registers) == 2  # one for the session, one for the legacy start URL
    assert registers[0].params["scopes"] == ["sso:account:access"]
    assert "scopes" not in registers[1].params
    legacy = json.loads(cache_file(isolated_env["home"], START_URL).read_text())
    assert set(legacy) == {"startUrl", "region", "accessToken", "expiresAt"}


def test_refresh_by_refresh_token_needs_no_browser(sso_emulator, isolated_env):
    sso_emulator.configure_sso(auto_approve_after_polls=0, token_seconds=3600)
    center = center_for(sso_emulator)
    first = center.sign_in(_source(), lambda device: None)
    sso_emulator.reset()
    sso_emulator.advance(3600 - 300)  # inside the 15-minute refresh window

    token = center.token(_source())
    assert _ops(sso_emulator) == [("CreateToken", None)]
    assert sso_emulator.requests[0].params["grantType"] == "refresh_token"
    assert token.access_token != first.access_token
    assert token.refresh_token != first.refresh_token  # the emulator rotates them
    saved = json.loads(cache_file(isolated_env["home"], SESSION).read_text())
    assert saved["accessToken"] == token.access_token
    assert saved["refreshToken"] == token.refresh_token
    assert saved["clientId"] == first.client_id


def test_an_expired_legacy_token_needs_a_new_sign_in(sso_emulator, isolated_env):
    sso_emulator.configure_sso(auto_approve_after_polls=0, token_seconds=600)
    center = center_for(sso_emulator)
    center.sign_in(_source(LEGACY), lambda device: None)
    sso_emulator.advance(601)
    assert center.token_state(_source(LEGACY)).status == tokens.EXPIRED
    with pytest.raises(SignInRequired) as caught:
        center.token(_source(LEGACY))
    assert caught.value.hint == "run `studio-tray login old`"


def _shortcut() -> Shortcut:
    return Shortcut("Dev lab", "dev", DEMO_DOMAIN_ID, DEMO_USER, space=DEMO_SPACE)


def _config(profile: Profile) -> Config:
    return Config(
        Path("c.toml"), profiles=MappingProxyType({"dev": profile}), shortcuts=(_shortcut(),)
    )


def test_a_click_signs_with_role_credentials_kept_in_memory(sso_emulator, isolated_env):
    sso_emulator.configure_sso(auto_approve_after_polls=0)
    center = center_for(sso_emulator)
    launcher = Launcher(SessionProvider(MemoryKeyStore(), sso=center))
    with pytest.raises(SignInRequired) as caught:
        launcher.fresh_url(_config(PROFILE), _shortcut())
    assert str(caught.value) == (
        "profile dev is not signed in to IAM Identity Center: run `studio-tray login dev`"
    )
    center.sign_in(_source(), lambda device: None)
    sso_emulator.reset()
    for _ in range(3):
        url = launcher.fresh_url(_config(PROFILE), _shortcut())
        assert url.startswith(sso_emulator.url + "/auth?token=")  # loopback, allowed
    assert [op for op, _ in _ops(sso_emulator)] == ["GetRoleCredentials"] + [
        "CreatePresignedDomainUrl"
    ] * 3
    presign = sso_emulator.requests[1]
    assert presign.access_key_id and presign.access_key_id.startswith("ASIA")
    assert presign.session_token
    home = isolated_env["home"]
    assert [p.name for p in (home / ".aws" / "sso" / "cache").iterdir()]  # only the token
    assert not (home / ".aws" / "credentials").exists()


def test_assume_role_on_top_of_the_sign_in(sso_emulator, isolated_env):
    role = f"arn:aws:iam::{ACCOUNT}:role/StudioUser"
    sso_emulator.add_role(role)
    sso_emulator.configure_sso(auto_approve_after_polls=0)
    center = center_for(sso_emulator)
    center.sign_in(_source(), lambda device: None)
    profile = Profile(**{**PROFILE.__dict__, "role_arn": role})
    launcher = Launcher(SessionProvider(MemoryKeyStore(), sso=center))
    launcher.fresh_url(_config(profile), _shortcut())
    assert [op for op, _ in _ops(sso_emulator)][-3:] == [
        "GetRoleCredentials",
        "AssumeRole",
        "CreatePresignedDomainUrl",
    ]


def test_sign_out_logs_out_and_removes_the_cache_file(sso_emulator, isolated_env):
    sso_emulator.configure_sso(auto_approve_after_polls=0)
    center = center_for(sso_emulator)
    token = center.sign_in(_source(), lambda device: None)
    assert center.sign_out(_source()) is True
    assert ("Logout", None) in _ops(sso_emulator)
    assert not cache_file(isolated_env["home"], SESSION).exists()
    assert sso_emulator.sso.session_for(token.access_token, sso_emulator.now()) is None
    assert center.sign_out(_source()) is False
    assert center.token_state(_source()).status == tokens.NEVER


def test_a_revoked_sign_in_asks_for_a_new_one(sso_emulator, isolated_env):
    sso_emulator.configure_sso(auto_approve_after_polls=0)
    center = center_for(sso_emulator)
    token = center.sign_in(_source(), lambda device: None)
    sso_emulator.revoke_sso_session(token.access_token)
    with pytest.raises(SignInRequired) as caught:
        center.role_keys(_source())
    assert "no longer valid" in str(caught.value)
