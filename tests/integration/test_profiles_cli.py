"""``profile add/list/remove/test`` and ``credential-process`` in-process, with the real
Secret Service keyring and the emulator over HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import pytest

from studio_tray import config as config_file
from studio_tray.config import edits
from studio_tray.emulator import Emulator
from studio_tray.model import Shortcut

AKID = "AKIATESTPROFILES0001"
SECRET = "profiles-cli-secret-0123456789abcdefghijk"
OTHER = ("AKIATESTPROFILES0002", "profiles-cli-other-secret-0123456789abcde")
ROLE = "arn:aws:iam::123456789012:role/DataScientist"
DOMAIN = "d-abc123def456"

pytestmark = pytest.mark.keyring


@pytest.fixture
def emu(emulator: Emulator, real_keyring: Any) -> Emulator:
    emulator.add_key(AKID, SECRET, "alice")
    emulator.add_key(*OTHER, "bob")
    emulator.add_role(ROLE)
    emulator.add_domain(DOMAIN)
    emulator.add_user_profile(DOMAIN, "alice")
    return emulator


def add(run: Any, emu: Emulator, *extra: str, keys: tuple[str, str] = (AKID, SECRET)) -> Any:
    return run(
        "profile", "add", "prod", "--region", "us-east-1", "--endpoint-url", emu.url,
        "--stdin", *extra, stdin=f"{keys[0]}\n{keys[1]}\n",
    )  # fmt: skip


def stored(secret_service: Any) -> dict[str, dict[str, str]]:
    return {attrs["username"]: json.loads(secret) for attrs, secret in secret_service.items()}


def test_add_verifies_then_stores_then_writes(
    run: Any, emu: Emulator, secret_service: Any, isolated_env: dict[str, Path]
) -> None:
    result = add(run, emu)
    assert result.code == 0, result.err
    assert "verified: account 123456789012, arn:aws:iam::123456789012:user/alice" in result.out
    assert "stored keys of profile prod in the keyring (SecretService Keyring)" in result.out
    assert stored(secret_service) == {"prod": {"AccessKeyId": AKID, "SecretAccessKey": SECRET}}
    [call] = [r for r in emu.requests if r.op == "GetCallerIdentity"]
    assert call.access_key_id == AKID
    text = isolated_env["config"].read_text()
    assert SECRET not in text and AKID not in text
    profile = config_file.load(isolated_env["config"]).profiles["prod"]
    assert (profile.region, profile.endpoint_url, profile.aws_profile) == (
        "us-east-1", emu.url, None,
    )  # fmt: skip


def test_adding_the_same_keys_again_does_not_write(
    run: Any, emu: Emulator, secret_service: Any
) -> None:
    add(run, emu)
    again = add(run, emu, "--no-verify")
    assert again.code == 0 and "unchanged: keys of profile prod" in again.out
    assert "updated profile prod" in again.out


def test_changing_keys_replaces_them(run: Any, emu: Emulator, secret_service: Any) -> None:
    add(run, emu)
    assert add(run, emu, keys=OTHER).code == 0
    assert stored(secret_service)["prod"]["AccessKeyId"] == OTHER[0]
    result = run("profile", "test", "prod")
    assert result.out.strip() == (
        "profile prod: account 123456789012, arn:aws:iam::123456789012:user/bob"
    )


def test_rejected_keys_store_nothing(
    run: Any, emu: Emulator, secret_service: Any, isolated_env: dict[str, Path]
) -> None:
    result = add(run, emu, keys=("AKIAUNKNOWNKEY000001", SECRET))
    assert result.code == 1
    assert result.err.strip() == (
        "studio-tray: the keys of profile prod were rejected by AWS (InvalidClientTokenId): "
        "run `studio-tray profile add prod`"
    )
    assert secret_service.items() == []
    assert not isolated_env["config"].exists()


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (f"{AKID}\n", "--stdin expects 2 lines (access key id, secret access key), got 1"),
        (f"akid\n{SECRET}\n", "access key id must be 16 to 128 capital letters and digits"),
        (f"{AKID}\nshort\n", "secret access key has 5 characters"),
    ],
)
def test_malformed_keys_are_usage_errors(
    run: Any, emu: Emulator, secret_service: Any, stdin: str, message: str
) -> None:
    result = run("profile", "add", "prod", "--stdin", stdin=stdin)
    assert result.code == 2 and message in result.err
    assert secret_service.items() == [] and emu.requests == []


def test_every_problem_is_reported_at_once(run: Any, emu: Emulator, secret_service: Any) -> None:
    result = run(
        "profile", "add", "bad name", "--region", "nope", "--role-arn", "x", "--stdin",
        stdin="akid\nshort\n",
    )  # fmt: skip
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith('studio-tray: config.toml: profile "bad name": name must be 1-64')
    assert [line.split(": ")[2].split(" ")[0] for line in lines[1:3]] == ["region", "role_arn"]
    assert lines[3].startswith("access key id must be 16 to 128 capital letters and digits")
    assert (
        lines[4] == "secret access key has 5 characters; AWS secrets have 40 (accepted: 30 to 100)"
    )
    assert len(lines) == 5
    assert "short" not in result.err.replace("secret access key has", "")
    assert secret_service.items() == [] and emu.requests == []


def test_no_terminal_and_no_stdin_flag(run: Any, emu: Emulator) -> None:
    result = run("profile", "add", "prod")
    assert result.code == 2
    assert "no terminal to ask for the keys: pipe them in with --stdin" in result.err


def test_no_verify_makes_no_sts_call(run: Any, emu: Emulator, secret_service: Any) -> None:
    result = add(run, emu, "--no-verify", keys=("AKIAUNKNOWNKEY000001", SECRET))
    assert result.code == 0 and "verified" not in result.out
    assert emu.requests == []
    assert stored(secret_service)["prod"]["AccessKeyId"] == "AKIAUNKNOWNKEY000001"


def test_aws_profile_profiles_store_nothing(
    run: Any, emu: Emulator, secret_service: Any, isolated_env: dict[str, Path]
) -> None:
    add(run, emu)
    aws = isolated_env["home"] / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        f"[emu]\naws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\n"
    )
    result = run("profile", "add", "prod", "--aws-profile", "emu", "--region", "us-east-1",
                 "--endpoint-url", emu.url)  # fmt: skip
    assert result.code == 0, result.err
    assert "removed the old keyring item of profile prod" in result.out
    assert secret_service.items() == []
    assert config_file.load(isolated_env["config"]).profiles["prod"].aws_profile == "emu"


def test_list_shows_sources_never_secrets(run: Any, emu: Emulator) -> None:
    add(run, emu)
    run("profile", "add", "dev", "--aws-profile", "dev-sso", "--region", "eu-west-1",
        "--no-verify")  # fmt: skip
    result = run("profile", "list")
    lines = result.out.splitlines()
    assert lines[0].split() == ["NAME", "SOURCE", "REGION", "ROLE", "ENDPOINT"]
    assert lines[1].split() == ["prod", "keyring", "us-east-1", "-", emu.url]
    assert lines[2].split() == ["dev", "aws:dev-sso", "eu-west-1", "-", "-"]
    assert SECRET not in result.out and AKID not in result.out


def test_remove_refuses_while_shortcuts_use_it(
    run: Any, emu: Emulator, secret_service: Any, isolated_env: dict[str, Path]
) -> None:
    add(run, emu)
    edits.add_shortcut(isolated_env["config"], Shortcut("lab", "prod", DOMAIN, "alice"))
    refused = run("profile", "remove", "prod")
    assert refused.code == 2
    assert 'profile prod is used by shortcut "lab": remove those first, or add --force' in (
        refused.err
    )
    assert len(secret_service.items()) == 1
    forced = run("profile", "remove", "prod", "--force")
    assert forced.code == 0, forced.err
    assert 'removed shortcut "lab"' in forced.out
    assert "removed the keyring item of profile prod" in forced.out
    config = config_file.load(isolated_env["config"])
    assert not config.profiles and not config.shortcuts
    assert secret_service.items() == []
    unknown = run("profile", "remove", "prod")
    assert unknown.code == 2 and 'no profile "prod"' in unknown.err


def test_credential_process_prints_version_1_json(run: Any, emu: Emulator) -> None:
    add(run, emu)
    result = run("credential-process", "--profile", "prod")
    assert result.code == 0
    assert json.loads(result.out) == {"Version": 1, "AccessKeyId": AKID, "SecretAccessKey": SECRET}


def test_credential_process_with_a_role_has_token_and_expiration(run: Any, emu: Emulator) -> None:
    add(run, emu, "--role-arn", ROLE)
    data = json.loads(run("credential-process", "--profile", "prod").out)
    assert set(data) == {"Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}
    assert data["AccessKeyId"].startswith("ASIA") and data["SecretAccessKey"] != SECRET
    expires = datetime.strptime(data["Expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert 3000 < (expires - datetime.now(UTC)).total_seconds() <= 3600
    test = run("profile", "test", "prod")
    assert "assumed-role/DataScientist/studio-tray-prod" in test.out


def test_no_item_says_how_to_add_it(
    run: Any, emu: Emulator, secret_service: Any, isolated_env: dict[str, Path]
) -> None:
    add(run, emu)
    secret_service_items = secret_service.items()
    assert secret_service_items
    import keyring

    keyring.delete_password("studio-tray", "prod")
    edits.add_shortcut(isolated_env["config"], Shortcut("lab", "prod", DOMAIN, "alice"))
    for args in (("profile", "test", "prod"), ("credential-process", "--profile", "prod"),
                 ("open", "--print", "lab")):  # fmt: skip
        result = run(*args)
        assert result.code == 1
        assert result.err.strip() == (
            "studio-tray: no keys stored for profile prod: run `studio-tray profile add prod`"
        )


def test_locked_keyring_message(run: Any, emu: Emulator, secret_service: Any) -> None:
    add(run, emu)
    secret_service.lock()
    result = run("profile", "test", "prod")
    assert result.code == 1
    assert result.err.startswith("studio-tray: the keyring is locked (SecretService Keyring)")


def test_role_not_assumable_message(run: Any, emu: Emulator) -> None:
    add(run, emu, "--role-arn", ROLE + "Other")
    result = run("profile", "test", "prod")
    assert result.code == 1
    assert result.err.startswith(
        f"studio-tray: profile prod may not assume role {ROLE}Other (AccessDenied)"
    )


def test_unknown_profile(run: Any, emu: Emulator) -> None:
    result = run("profile", "test", "nope")
    assert result.code == 2
    assert "no profile nope in config.toml: run `studio-tray profile add nope`" in result.err


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The config write fails as on a full disk (the real atomic write's OS call)."""

    def no_space(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("studio_tray.config.document.write_atomic", no_space)


def test_a_failed_config_write_leaves_no_new_keys(
    run: Any, emu: Emulator, secret_service: Any, isolated_env: dict[str, Path], full_disk: None
) -> None:
    result = add(run, emu)
    assert result.code == 2
    assert "cannot write" in result.err and "No space left on device" in result.err
    assert stored(secret_service) == {}
    assert not isolated_env["config"].exists()


def test_a_failed_config_write_puts_the_old_keys_back(
    run: Any,
    emu: Emulator,
    secret_service: Any,
    isolated_env: dict[str, Path],
    request: pytest.FixtureRequest,
) -> None:
    assert add(run, emu, keys=OTHER).code == 0
    before = isolated_env["config"].read_bytes()
    request.getfixturevalue("full_disk")  # from here on, the config cannot be written
    result = add(run, emu, "--role-arn", ROLE)  # new keys and a changed profile
    assert result.code == 2 and "No space left on device" in result.err
    assert stored(secret_service) == {
        "prod": {"AccessKeyId": OTHER[0], "SecretAccessKey": OTHER[1]}
    }
    assert isolated_env["config"].read_bytes() == before


def test_two_configs_with_a_profile_of_the_same_name_keep_their_own_keys(
    run: Any, emu: Emulator, secret_service: Any, tmp_path: Path
) -> None:
    other = str(tmp_path / "elsewhere" / "config.toml")
    assert add(run, emu).code == 0  # the default config
    assert add(run, emu, "--config", other, keys=OTHER).code == 0
    items = stored(secret_service)
    [own] = [user for user in items if user.startswith("prod@")]
    assert items == {
        "prod": {"AccessKeyId": AKID, "SecretAccessKey": SECRET},
        own: {"AccessKeyId": OTHER[0], "SecretAccessKey": OTHER[1]},
    }
    default = json.loads(run("credential-process", "--profile", "prod").out)
    elsewhere = json.loads(run("--config", other, "credential-process", "--profile", "prod").out)
    assert (default["AccessKeyId"], elsewhere["AccessKeyId"]) == (AKID, OTHER[0])
    assert run("--config", other, "profile", "remove", "prod").code == 0
    assert stored(secret_service) == {"prod": {"AccessKeyId": AKID, "SecretAccessKey": SECRET}}


def test_an_item_from_before_is_copied_for_another_config_and_left_alone(
    run: Any, emu: Emulator, secret_service: Any, tmp_path: Path
) -> None:
    other = str(tmp_path / "elsewhere" / "config.toml")
    assert add(run, emu).code == 0  # the item under the plain name, as every config had it
    assert add(run, emu, "--config", other, "--no-verify", keys=OTHER).code == 0
    for user in [u for u in stored(secret_service) if u.startswith("prod@")]:
        keyring.delete_password("studio-tray", user)  # as stored by an older version: none
    process = run("--config", other, "credential-process", "--profile", "prod")
    assert json.loads(process.out)["AccessKeyId"] == AKID, "the old shared item still works"
    items = stored(secret_service)
    assert len(items) == 2 and all(v["AccessKeyId"] == AKID for v in items.values())
    assert run("--config", other, "profile", "remove", "prod").code == 0
    assert stored(secret_service) == {"prod": {"AccessKeyId": AKID, "SecretAccessKey": SECRET}}
