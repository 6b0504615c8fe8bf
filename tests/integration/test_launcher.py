"""The click path against the emulator over real HTTP with real SigV4."""

from __future__ import annotations

import time
from pathlib import Path
from types import MappingProxyType

import pytest

from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.errors import ConfigError, CredentialError, LaunchError, StudioTrayError
from studio_tray.model import Config, Profile, Settings, Shortcut

DOMAIN = "d-abc123def456"


class RecordingOpener:
    """A browser stand-in: remembers what it was asked to open."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, url: str, command: str) -> None:
        self.calls.append((url, command))


@pytest.fixture
def account(emulator: Emulator) -> Emulator:
    emulator.add_domain(DOMAIN, "prod")
    emulator.add_user_profile(DOMAIN, "alice")
    emulator.add_space(DOMAIN, "alice-lab", owner="alice")
    return emulator


def make_config(emu: Emulator, **settings: object) -> Config:
    profile = Profile(name="prod", region="us-east-1", endpoint_url=emu.url)
    shortcuts = (
        Shortcut(
            "lab",
            "prod",
            DOMAIN,
            "alice",
            space="alice-lab",
            landing_uri="app:JupyterLab:",
            browser="firefox {url}",
        ),
        Shortcut("home", "prod", DOMAIN, "alice"),
        Shortcut("missing", "prod", DOMAIN, "alice", space="no-such-space"),
    )
    return Config(
        Path("config.toml"), Settings(**settings), MappingProxyType({"prod": profile}), shortcuts
    )


def make_launcher(
    secret: str = DEMO_SECRET_ACCESS_KEY, opener: RecordingOpener | None = None
) -> Launcher:
    store = MemoryKeyStore({"prod": (DEMO_ACCESS_KEY_ID, secret)})
    return Launcher(SessionProvider(store), opener=opener)


def url_calls(emu: Emulator) -> list:
    return [r for r in emu.requests if r.op == "CreatePresignedDomainUrl"]


def test_request_carries_exactly_the_configured_parameters(account: Emulator) -> None:
    config = make_config(account, expires_in=45, session_duration=7200)
    make_launcher().fresh_url(config, config.shortcut("lab"))
    (call,) = url_calls(account)
    assert call.params == {
        "DomainId": DOMAIN,
        "UserProfileName": "alice",
        "SpaceName": "alice-lab",
        "LandingUri": "app:JupyterLab:",
        "ExpiresInSeconds": 45,
        "SessionExpirationDurationInSeconds": 7200,
    }
    assert call.access_key_id == DEMO_ACCESS_KEY_ID


def test_optional_fields_are_left_out(account: Emulator) -> None:
    config = make_config(account)
    make_launcher().fresh_url(config, config.shortcut("home"))
    (call,) = url_calls(account)
    assert "SpaceName" not in call.params and "LandingUri" not in call.params


def test_two_clicks_two_urls_each_works_once(account: Emulator) -> None:
    config = make_config(account)
    launcher = make_launcher()
    first = launcher.fresh_url(config, config.shortcut("lab"))
    second = launcher.fresh_url(config, config.shortcut("lab"))
    assert first != second
    assert account.redeem(first) == 200
    assert account.redeem(first) == 403
    assert account.redeem(second) == 200


def test_expired_url_is_refused(account: Emulator) -> None:
    config = make_config(account, expires_in=5)
    url = make_launcher().fresh_url(config, config.shortcut("lab"))
    account.advance(6)
    assert account.redeem(url) == 403


def test_open_hands_the_url_and_the_shortcut_browser_to_the_opener(account: Emulator) -> None:
    config = make_config(account)
    opener = RecordingOpener()
    make_launcher(opener=opener).open(config, config.shortcut("lab"))
    ((url, command),) = opener.calls
    assert command == "firefox {url}"
    assert account.redeem(url) == 200


def test_warm_clicks_reuse_one_client_and_one_connection(account: Emulator) -> None:
    config = make_config(account)
    launcher = make_launcher()
    launcher.fresh_url(config, config.shortcut("lab"))
    connections = account.connections_total
    for _ in range(5):
        launcher.fresh_url(config, config.shortcut("lab"))
    assert account.connections_total == connections
    assert len(url_calls(account)) == 6


def test_not_found_names_the_space(account: Emulator) -> None:
    config = make_config(account)
    with pytest.raises(LaunchError, match="not found") as err:
        make_launcher().fresh_url(config, config.shortcut("missing"))
    assert "no-such-space" in str(err.value)


def test_access_denied_names_the_permission(account: Emulator) -> None:
    account.deny("CreatePresignedDomainUrl")
    config = make_config(account)
    with pytest.raises(LaunchError, match="sagemaker:CreatePresignedDomainUrl"):
        make_launcher().fresh_url(config, config.shortcut("lab"))


def test_bad_signature_says_what_to_run(account: Emulator) -> None:
    config = make_config(account)
    with pytest.raises(CredentialError) as err:
        make_launcher(secret="wrong-secret-wrong-secret-wrong-secret-00").fresh_url(
            config, config.shortcut("lab")
        )
    assert "rejected" in str(err.value) and "studio-tray profile add prod" in str(err.value)
    assert url_calls(account)[0].error


@pytest.mark.parametrize("kind", ["throttle", "5xx", "drop"])
def test_one_transient_fault_then_success(account: Emulator, kind: str) -> None:
    account.inject(kind, count=1, ops="CreatePresignedDomainUrl")
    config = make_config(account)
    url = make_launcher().fresh_url(config, config.shortcut("lab"))
    assert account.redeem(url) == 200
    assert len(url_calls(account)) == 2


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("throttle", "throttling"),
        ("5xx", "server error"),
        ("drop", "dropped"),
        ("malformed", "malformed"),
    ],
)
def test_persistent_fault_gives_its_message(account: Emulator, kind: str, words: str) -> None:
    account.inject(kind, ops="CreatePresignedDomainUrl")
    config = make_config(account)
    with pytest.raises(LaunchError, match=words):
        make_launcher().fresh_url(config, config.shortcut("lab"))


@pytest.mark.slow
def test_hanging_endpoint_times_out_within_20_seconds(account: Emulator) -> None:
    account.inject("hang", ops="CreatePresignedDomainUrl")
    config = make_config(account)
    started = time.monotonic()
    with pytest.raises(LaunchError, match="timed out"):
        make_launcher().fresh_url(config, config.shortcut("lab"))
    assert time.monotonic() - started < 20


def test_no_endpoint_listening_is_cannot_reach(account: Emulator) -> None:
    config = make_config(account)
    dead = Emulator().start()
    dead_url = dead.url
    dead.stop()
    profile = Profile(name="prod", region="us-east-1", endpoint_url=dead_url)
    config = Config(
        config.path, config.settings, MappingProxyType({"prod": profile}), config.shortcuts
    )
    with pytest.raises(LaunchError, match="cannot reach 127.0.0.1"):
        make_launcher().fresh_url(config, config.shortcut("lab"))


@pytest.mark.parametrize(
    "base", ["javascript:alert(1)//", "http://studio.example.com", "file:///tmp", "ftp://127.0.0.1"]
)
def test_urls_that_are_not_https_are_refused(account: Emulator, base: str) -> None:
    account.auth_base = base
    config = make_config(account)
    opener = RecordingOpener()
    with pytest.raises(LaunchError, match="refused to open") as err:
        make_launcher(opener=opener).open(config, config.shortcut("lab"))
    assert opener.calls == []
    assert "token" not in str(err.value)


def test_missing_keys_say_profile_add(account: Emulator) -> None:
    config = make_config(account)
    launcher = Launcher(SessionProvider(MemoryKeyStore()))
    with pytest.raises(CredentialError, match="studio-tray profile add prod"):
        launcher.fresh_url(config, config.shortcut("lab"))


def test_unknown_profile_is_a_config_error(account: Emulator) -> None:
    config = make_config(account)
    stray = Shortcut("stray", "nope", DOMAIN, "alice")
    with pytest.raises(ConfigError, match="'nope'"):
        make_launcher().fresh_url(config, stray)


def test_aws_profile_source_uses_boto3_chain(
    account: Emulator, isolated_env: dict[str, Path]
) -> None:
    aws = isolated_env["home"] / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        f"[emu]\naws_access_key_id = {DEMO_ACCESS_KEY_ID}\n"
        f"aws_secret_access_key = {DEMO_SECRET_ACCESS_KEY}\n"
    )
    profile = Profile(name="dev", region="us-east-1", endpoint_url=account.url, aws_profile="emu")
    config = Config(
        Path("c.toml"),
        Settings(),
        MappingProxyType({"dev": profile}),
        (Shortcut("lab", "dev", DOMAIN, "alice", space="alice-lab"),),
    )
    url = Launcher(SessionProvider(MemoryKeyStore())).fresh_url(config, config.shortcut("lab"))
    assert account.redeem(url) == 200


def test_unknown_aws_profile_is_a_credential_error(account: Emulator) -> None:
    profile = Profile(name="dev", region="us-east-1", endpoint_url=account.url, aws_profile="ghost")
    config = Config(
        Path("c.toml"),
        Settings(),
        MappingProxyType({"dev": profile}),
        (Shortcut("lab", "dev", DOMAIN, "alice"),),
    )
    with pytest.raises(CredentialError, match="ghost"):
        Launcher(SessionProvider(MemoryKeyStore())).fresh_url(config, config.shortcut("lab"))


def test_no_url_or_token_in_logs_or_errors(
    account: Emulator, caplog: pytest.LogCaptureFixture, app_log: Path
) -> None:
    config = make_config(account)
    launcher = make_launcher()
    urls = [launcher.fresh_url(config, config.shortcut("lab")) for _ in range(2)]
    errors: list[StudioTrayError] = []
    for kind in ("throttle", "5xx", "drop", "malformed"):
        account.inject(kind, ops="CreatePresignedDomainUrl")
        try:
            urls.append(launcher.fresh_url(config, config.shortcut("lab")))
        except StudioTrayError as exc:
            errors.append(exc)
        account.clear_faults()
    account.auth_base = "http://studio.example.com"
    with pytest.raises(LaunchError) as refused:
        launcher.fresh_url(config, config.shortcut("lab"))
    errors.append(refused.value)
    tokens = [u.split("token=")[1] for u in urls] + [t for t in account.state.tokens]
    assert tokens and errors
    text = caplog.text + app_log.read_text() + "\n".join(str(e) for e in errors)
    for token in tokens:
        assert token not in text
    assert "shortcut 'lab'" in caplog.text  # the log does say what happened


def test_warm_up_builds_the_clients_without_a_request(account: Emulator) -> None:
    config = make_config(account)
    role = Profile(
        name="role",
        region="us-east-1",
        endpoint_url=account.url,
        role_arn="arn:aws:iam::123456789012:role/R",
        mfa_serial="arn:aws:iam::123456789012:mfa/a",
    )
    config = Config(
        config.path,
        config.settings,
        MappingProxyType({**config.profiles, "role": role}),
        (*config.shortcuts, Shortcut("with role", "role", DOMAIN, "alice")),
    )
    launcher = make_launcher()
    assert launcher.warm(config) == 1  # prod only: the role's session would need STS and MFA
    assert account.requests == []
    warmed = launcher.client(config.profiles["prod"])
    assert launcher.fresh_url(config, config.shortcuts[1]).startswith(account.url)
    assert launcher.client(config.profiles["prod"]) is warmed
    assert [r.op for r in account.requests] == ["CreatePresignedDomainUrl"]
