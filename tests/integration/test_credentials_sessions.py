"""Sessions per profile against the emulator over real HTTP: stored keys, roles, MFA, errors."""

from __future__ import annotations

import time
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.aws.sts import caller_identity, sts_endpoint
from studio_tray.emulator import Emulator
from studio_tray.errors import CredentialError
from studio_tray.model import Config, Profile, Shortcut

AKID = "AKIATESTSESSIONS0001"
SECRET = "sessions-test-secret-0123456789abcdefghij"
ROLE = "arn:aws:iam::123456789012:role/DataScientist"
SERIAL = "arn:aws:iam::123456789012:mfa/alice"
DOMAIN = "d-abc123def456"


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    emulator.add_key(AKID, SECRET, "alice")
    emulator.add_role(ROLE, mfa_serial=SERIAL)
    emulator.set_mfa_code(SERIAL, "123456")
    emulator.add_role(ROLE + "NoMfa")
    emulator.add_domain(DOMAIN)
    emulator.add_user_profile(DOMAIN, "alice")
    return emulator


class Asker:
    """An MFA asker (the terminal prompt or the tray's dialog): counts how often it asks."""

    def __init__(self, *codes: str | None) -> None:
        self.codes = list(codes)
        self.asked: list[str] = []

    def __call__(self, profile: Profile) -> str | None:
        self.asked.append(profile.name)
        return self.codes.pop(0)


def profile(emu: Emulator, **fields: Any) -> Profile:
    return Profile("prod", region="us-east-1", endpoint_url=emu.url, **fields)


def provider(ask: Any = None, **kwargs: Any) -> SessionProvider:
    return SessionProvider(MemoryKeyStore({"prod": (AKID, SECRET)}), ask, **kwargs)


def ops(emu: Emulator, name: str) -> list[Any]:
    return [r for r in emu.requests if r.op == name]


def test_stored_keys_sign_the_requests(emu: Emulator) -> None:
    prod = profile(emu)
    who = caller_identity(provider().session_for(prod), prod)
    assert (who.account, who.arn) == ("123456789012", "arn:aws:iam::123456789012:user/alice")
    [call] = ops(emu, "GetCallerIdentity")
    assert call.access_key_id == AKID and not call.session_token


def test_session_is_cached_until_invalidated(emu: Emulator) -> None:
    sessions, prod = provider(), profile(emu)
    first = sessions.session_for(prod)
    assert sessions.session_for(prod) is first
    sessions.invalidate("prod")
    assert sessions.session_for(prod) is not first


def test_no_keys_says_how_to_add_them(emu: Emulator) -> None:
    with pytest.raises(CredentialError) as err:
        SessionProvider(MemoryKeyStore()).session_for(profile(emu))
    assert str(err.value) == ("no keys stored for profile prod: run `studio-tray profile add prod`")


def test_rejected_keys(emu: Emulator) -> None:
    store = MemoryKeyStore({"prod": (AKID, "a-wrong-secret-for-this-key-0123456789abc")})
    prod = profile(emu)
    with pytest.raises(CredentialError) as err:
        caller_identity(SessionProvider(store).session_for(prod), prod)
    assert "keys of profile prod were rejected by AWS (SignatureDoesNotMatch)" in str(err.value)
    assert "run `studio-tray profile add prod`" in str(err.value)
    store = MemoryKeyStore({"prod": ("AKIAUNKNOWN000000000", SECRET)})
    with pytest.raises(CredentialError, match=r"rejected by AWS \(InvalidClientTokenId\)"):
        caller_identity(SessionProvider(store).session_for(prod), prod)


def launch_config(prod: Profile) -> Config:
    shortcut = Shortcut("lab", "prod", DOMAIN, "alice")
    return Config(Path("config.toml"), profiles=MappingProxyType({"prod": prod}),
                  shortcuts=(shortcut,))  # fmt: skip


def test_role_with_mfa_then_clicks_reuse_the_session(emu: Emulator) -> None:
    ask = Asker("123456")
    prod = profile(emu, role_arn=ROLE, mfa_serial=SERIAL)
    config = launch_config(prod)
    launcher = Launcher(provider(ask))
    url = launcher.fresh_url(config, config.shortcuts[0])
    launcher.fresh_url(config, config.shortcuts[0])
    [assume] = ops(emu, "AssumeRole")
    assert assume.access_key_id == AKID
    assert assume.params["SerialNumber"] == SERIAL and assume.params["TokenCode"] == "123456"
    assert assume.params["RoleArn"] == ROLE
    urls = ops(emu, "CreatePresignedDomainUrl")
    assert len(urls) == 2
    assert all(r.access_key_id.startswith("ASIA") and r.session_token for r in urls)
    assert ask.asked == ["prod"]
    assert emu.redeem(url) == 200


def test_role_credentials_are_renewed_shortly_before_expiry(emu: Emulator) -> None:
    now = [time.time()]
    ask = Asker("123456", "654321")
    sessions = provider(ask, clock=lambda: now[0])
    prod = profile(emu, role_arn=ROLE, mfa_serial=SERIAL)
    first = sessions.credentials_for(prod)
    assert first.session_token and first.expiration is not None
    now[0] = first.expiration.timestamp() - 600
    assert sessions.credentials_for(prod) is first
    emu.set_mfa_code(SERIAL, "654321")
    now[0] = first.expiration.timestamp() - 60
    second = sessions.credentials_for(prod)
    assert second.access_key_id != first.access_key_id
    assert len(ops(emu, "AssumeRole")) == 2
    assert ask.asked == ["prod", "prod"]


def test_credentials_reprs_hide_secrets(emu: Emulator) -> None:
    creds = provider(Asker("123456")).credentials_for(
        profile(emu, role_arn=ROLE, mfa_serial=SERIAL)
    )
    assert creds.secret_access_key not in repr(creds)
    assert creds.session_token and creds.session_token not in repr(creds)
    plain = provider().credentials_for(profile(emu))
    assert (plain.access_key_id, plain.secret_access_key) == (AKID, SECRET)
    assert plain.session_token is None and plain.expiration is None


def test_role_without_mfa(emu: Emulator) -> None:
    prod = profile(emu, role_arn=ROLE + "NoMfa")
    who = caller_identity(provider().session_for(prod), prod)
    assert who.arn == "arn:aws:sts::123456789012:assumed-role/DataScientistNoMfa/studio-tray-prod"


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (("000000",), "AWS refused the MFA code for profile prod (wrong or expired): wait for "
                      "the next code and try again"),
        ((None,), "no MFA code was entered for profile prod: try again and enter the 6-digit"),
        (("12ab56",), "the MFA code for profile prod must be exactly 6 digits (0-9)"),
        (("12345",), "the MFA code for profile prod must be exactly 6 digits (0-9)"),
        (("1234567",), "the MFA code for profile prod must be exactly 6 digits (0-9)"),
        (("\uff11\uff12\uff13\uff14\uff15\uff16",), "the MFA code for profile prod must be "
                                                  "exactly 6 digits (0-9)"),
    ],
)  # fmt: skip
def test_mfa_failures(emu: Emulator, codes: tuple[str | None], message: str) -> None:
    with pytest.raises(CredentialError) as err:
        provider(Asker(*codes)).session_for(profile(emu, role_arn=ROLE, mfa_serial=SERIAL))
    assert str(err.value).startswith(message)


def test_mfa_without_a_way_to_ask(emu: Emulator) -> None:
    with pytest.raises(CredentialError, match="needs an MFA code, and there is no way to ask"):
        provider().session_for(profile(emu, role_arn=ROLE, mfa_serial=SERIAL))
    assert ops(emu, "AssumeRole") == []


@pytest.mark.parametrize("fields", [{"role_arn": ROLE}, {"role_arn": ROLE + "Unknown"}])
def test_role_not_assumable(emu: Emulator, fields: dict[str, str]) -> None:
    with pytest.raises(CredentialError) as err:
        provider().session_for(profile(emu, **fields))
    text = str(err.value)
    assert text.startswith(f"profile prod may not assume role {fields['role_arn']} (AccessDenied)")
    assert "trust policy" in text and "mfa_serial" in text


def test_sts_unreachable(emu: Emulator) -> None:
    prod = Profile("prod", region="us-east-1", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(CredentialError, match=r"cannot reach 127\.0\.0\.1:9"):
        caller_identity(provider().session_for(prod), prod)


def test_sts_endpoint_choice() -> None:
    assert sts_endpoint(Profile("p", endpoint_url="http://127.0.0.1:8080")) == (
        "http://127.0.0.1:8080"
    )
    assert sts_endpoint(Profile("p", endpoint_url="http://localhost:1")) == "http://localhost:1"
    vpce = "https://vpce-0abc.api.sagemaker.us-east-1.vpce.amazonaws.com"
    assert sts_endpoint(Profile("p", endpoint_url=vpce)) is None
    assert sts_endpoint(Profile("p")) is None


def test_dialog_asker_feeds_the_role(emu: Emulator) -> None:
    from studio_tray.aws.mfa import dialog_asker

    asked: list[tuple[str, str]] = []

    def window(title: str, label: str) -> str:  # stands in for the `studio-tray prompt` child
        asked.append((title, label))
        return "123456"

    prod = profile(emu, role_arn=ROLE, mfa_serial=SERIAL)
    provider(dialog_asker(window)).session_for(prod)
    assert asked == [("studio-tray: MFA code", f"MFA code for profile prod ({SERIAL})")]
    [assume] = ops(emu, "AssumeRole")
    assert assume.params["TokenCode"] == "123456"
