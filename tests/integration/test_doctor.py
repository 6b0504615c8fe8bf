"""``studio-tray doctor``: the check registry, and the config, keyring, credentials and endpoint
lines against the real keyring and the emulator."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from studio_tray import doctor
from studio_tray.aws.keystore import KeyringStore
from studio_tray.doctor import aws as checks
from studio_tray.emulator import Emulator
from studio_tray.errors import CredentialError
from tests.fixtures.keyring import keyring_backend

AKID = "AKIATESTDOCTOR000001"
SECRET = "doctor-test-secret-0123456789abcdefghijkl"
ROLE = "arn:aws:iam::123456789012:role/DataScientist"
SERIAL = "arn:aws:iam::123456789012:mfa/alice"
OURS = [checks.check_config, checks.check_keyring, checks.check_credentials,
        checks.check_endpoints]  # fmt: skip


def test_result_lines() -> None:
    assert doctor.Result(True, "keyring", "SecretService Keyring").line() == (
        "ok   keyring: SecretService Keyring"
    )
    assert doctor.Result(False, "credentials prod", "keys rejected", "run x").line() == (
        "FAIL credentials prod: keys rejected  fix: run x"
    )


def test_registry_runs_checks_in_order_and_contains_failures() -> None:
    def check_fine(ctx: doctor.Context) -> list[doctor.Result]:
        return [doctor.Result(True, "fine", "yes")]

    def check_raises(ctx: doctor.Context) -> list[doctor.Result]:
        raise CredentialError("keyring said no", hint="unlock it")

    def check_crashes(ctx: doctor.Context) -> list[doctor.Result]:
        raise KeyError("boom")

    registered = [check_fine, check_raises, check_crashes]
    ctx = doctor.Context(Path("c.toml"), None)
    lines = [r.line() for r in doctor.run(ctx, registered)]
    assert lines == [
        "ok   fine: yes",
        "FAIL raises: keyring said no  fix: unlock it",
        "FAIL crashes: the check itself failed (KeyError)",
    ]


def test_all_checks_lists_each_part_once_in_report_order() -> None:
    names = [fn.__name__ for fn in doctor.all_checks()]
    assert names[:4] == [fn.__name__ for fn in OURS]
    assert names[4:] == [
        "check_sso_sign_ins",
        "check_tray_backend",
        "check_tray_running",
        "check_hotkeys",
        "check_autostart",
    ]


@pytest.fixture
def only_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    """This feature's checks only (tray and hotkey checks depend on the display)."""
    monkeypatch.setattr(doctor, "all_checks", lambda: list(OURS))


@pytest.mark.keyring
def test_all_pass(run: Any, emulator: Emulator, real_keyring: Any, only_ours: None,
                  isolated_env: dict[str, Path]) -> None:  # fmt: skip
    emulator.add_key(AKID, SECRET, "alice")
    run("profile", "add", "prod", "--region", "us-east-1", "--endpoint-url", emulator.url,
        "--stdin", stdin=f"{AKID}\n{SECRET}\n")  # fmt: skip
    result = run("doctor")
    code, lines = result.code, result.lines
    host = emulator.url.removeprefix("http://")
    assert lines == [
        f"ok   config: {isolated_env['config']} (1 profiles, 0 shortcuts)",
        "ok   keyring: SecretService Keyring",
        "ok   credentials prod: account 123456789012, arn:aws:iam::123456789012:user/alice",
        f"ok   endpoint prod: {host}",
    ]
    assert code == 0


@pytest.mark.keyring
def test_failures_each_with_a_fix(run: Any, emulator: Emulator, real_keyring: Any,
                                  only_ours: None) -> None:  # fmt: skip
    emulator.add_key(AKID, SECRET, "alice")
    emulator.add_role(ROLE, mfa_serial=SERIAL)
    base = ["--region", "us-east-1", "--stdin", "--no-verify"]
    keys = f"{AKID}\n{SECRET}\n"
    run("profile", "add", "nokeys", *base, "--endpoint-url", emulator.url, stdin=keys)
    real_keyring.delete_password("studio-tray", "nokeys")
    run("profile", "add", "wrong", *base, "--endpoint-url", emulator.url,
        stdin=f"AKIAUNKNOWNKEY000001\n{SECRET}\n")  # fmt: skip
    run("profile", "add", "mfa", *base, "--endpoint-url", emulator.url, "--role-arn", ROLE,
        "--mfa-serial", SERIAL, stdin=keys)  # fmt: skip
    run("profile", "add", "down", *base, "--endpoint-url", "http://127.0.0.1:9", stdin=keys)
    result = run("doctor")
    code, lines = result.code, result.lines
    assert code == 1
    assert (
        "FAIL credentials nokeys: no keys stored for profile nokeys  "
        "fix: run `studio-tray profile add nokeys`"
    ) in lines
    assert (
        "FAIL credentials wrong: the keys of profile wrong were rejected by AWS "
        "(InvalidClientTokenId)  fix: run `studio-tray profile add wrong`"
    ) in lines
    assert (
        "ok   credentials mfa: account 123456789012, arn:aws:iam::123456789012:user/alice "
        "(role needs MFA: try `studio-tray profile test mfa`)"
    ) in lines
    assert (
        "FAIL endpoint down: 127.0.0.1:9: cannot connect (ConnectionRefusedError)  "
        "fix: check your network, VPN or proxy, and endpoint_url"
    ) in lines
    assert not [r for r in emulator.requests if r.op == "AssumeRole"]  # never prompts


def test_broken_config(run: Any, only_ours: None, isolated_env: dict[str, Path]) -> None:
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text('[profiles.prod]\nregion = "nowhere"\n')
    with keyring_backend(fail.Keyring()):
        result = run("doctor")
    code, lines = result.code, result.lines
    assert code == 1
    assert lines[0] == (
        f'FAIL config: {path}: config.toml: profile "prod": region "nowhere" must look like '
        f"us-east-1  fix: edit {path}"
    )


def test_keyring_fail_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    ctx = doctor.Context(Path("c.toml"), None, store=KeyringStore(fail.Keyring()))
    [result] = checks.check_keyring(ctx)
    assert result.line().startswith(
        "FAIL keyring: no usable backend (fail Keyring)  fix: install gnome-keyring or KWallet"
    )


def test_endpoint_region_from_aws_config(isolated_env: dict[str, Path]) -> None:
    from studio_tray.model import Config, Profile

    aws = isolated_env["home"] / ".aws"
    aws.mkdir()
    (aws / "config").write_text("[profile sso]\nregion = eu-west-1\n")
    profiles = {
        "dev": Profile("dev", aws_profile="sso"),
        "bare": Profile("bare"),
    }
    dialled: list[tuple[str, int]] = []

    def connect(address: tuple[str, int], timeout: float) -> contextlib.nullcontext[None]:
        dialled.append(address)
        return contextlib.nullcontext()

    ctx = doctor.Context(Path("c.toml"), Config(Path("c.toml"), profiles=profiles), connect=connect)
    lines = [r.line() for r in checks.check_endpoints(ctx)]
    assert dialled == [("sagemaker.eu-west-1.amazonaws.com", 443)]  # the region ~/.aws/config gives
    assert lines == [
        "ok   endpoint dev: sagemaker.eu-west-1.amazonaws.com",
        'FAIL endpoint bare: no region  fix: add region = "us-east-1" (or yours)',
    ]


def test_endpoint_that_refuses_names_host_and_fix() -> None:
    from studio_tray.model import Config, Profile

    def refuse(address: tuple[str, int], timeout: float) -> None:
        raise ConnectionRefusedError(111, "refused")

    profiles = {"prod": Profile("prod", region="ap-south-1")}
    ctx = doctor.Context(Path("c.toml"), Config(Path("c.toml"), profiles=profiles), connect=refuse)
    assert [r.line() for r in checks.check_endpoints(ctx)] == [
        "FAIL endpoint prod: sagemaker.ap-south-1.amazonaws.com: cannot connect "
        "(ConnectionRefusedError)  fix: check your network, VPN or proxy, and endpoint_url"
    ]


def test_the_readme_quotes_what_doctor_says_without_a_secret_service(tmp_path: Path) -> None:
    import os

    from tests.fixtures.cli import studio_tray
    from tests.fixtures.env import REPO

    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/no-bus",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    env.pop("PYTHON_KEYRING_BACKEND", None)
    out = studio_tray("doctor", env=env).stdout
    (line,) = [x for x in out.splitlines() if x.startswith("FAIL keyring:")]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### No Secret Service", 1)[1].split("\n### ", 1)[0]
    assert f"\n    {line}\n" in section
