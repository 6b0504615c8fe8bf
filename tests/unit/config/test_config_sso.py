"""Config rules of IAM Identity Center profiles and Identity Center domain shortcuts."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_tray.config import document
from studio_tray.config.read import parse
from studio_tray.errors import ConfigError
from studio_tray.model import Config, Shortcut
from studio_tray.tray import menu

PATH = Path("config.toml")
SSO = """
[profiles.dev]
sso_start_url = "https://d-1234567890.awsapps.com/start"
sso_region = "eu-west-1"
sso_account_id = "111122223333"
sso_role_name = "DataScientist"
sso_session = "corp"
region = "us-east-1"
"""
STUDIO = """
[[shortcuts]]
name = "Corp"
profile = "dev"
domain_id = "d-abcdefghijkl"
studio_url = "https://d-abcdefghijkl.studio.us-east-1.sagemaker.aws"
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse(text, PATH)
    return caught.value.problems


def test_an_sso_profile_and_a_studio_url_shortcut_load_and_round_trip() -> None:
    config = parse(SSO + STUDIO, PATH)
    dev = config.profiles["dev"]
    assert dev.is_sso and dev.sso_session == "corp" and dev.sso_account_id == "111122223333"
    corp = config.shortcut("Corp")
    assert corp is not None and corp.user_profile == "" and corp.studio_url
    again = parse(document.dumps(config), PATH)
    assert again.profiles == config.profiles and again.shortcuts == config.shortcuts
    assert "user_profile" not in document.dumps(config)


def test_an_sso_profile_needs_all_four_keys_and_no_aws_profile() -> None:
    (problem,) = _problems('[profiles.dev]\nsso_start_url = "https://x.awsapps.com/start"\n')
    assert problem == (
        'config.toml: profile "dev": an IAM Identity Center profile also needs sso_region, '
        "sso_account_id, sso_role_name (it has sso_start_url)"
    )
    problems = _problems(SSO + 'aws_profile = "other"\n')
    assert any("aws_profile cannot be combined with sso_ keys" in p for p in problems)


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ('sso_start_url = "http://x.awsapps.com/start"', "must be an https:// URL"),
        ('sso_account_id = "1234"', "must be a 12-digit AWS account id"),
        ('sso_role_name = "has space"', "must be a permission set name"),
        ('sso_region = "Europe"', "must look like us-east-1"),
    ],
)
def test_bad_sso_values_are_named(line: str, phrase: str) -> None:
    key = line.split(" = ")[0]
    text = "\n".join(line if raw.startswith(key + " ") else raw for raw in SSO.splitlines())
    (problem,) = _problems(text)
    assert problem.startswith(f'config.toml: profile "dev": {key} ') and phrase in problem


def test_profiles_sharing_a_session_must_agree() -> None:
    other = SSO.replace("[profiles.dev]", "[profiles.ops]").replace("eu-west-1", "us-west-2")
    (problem,) = _problems(SSO + other)
    assert 'sso_session "corp" is also used by profile "dev"' in problem


def test_a_studio_url_shortcut_takes_no_space_and_others_need_a_user_profile() -> None:
    problems = _problems(SSO + STUDIO + 'space = "lab"\n')
    assert any("space cannot be combined with studio_url" in p for p in problems)
    plain = STUDIO.replace(
        'studio_url = "https://d-abcdefghijkl.studio.us-east-1.sagemaker.aws"\n', ""
    )
    (problem,) = _problems(SSO + plain)
    assert problem == 'config.toml: shortcut "Corp": user_profile is missing'


def test_the_menu_marks_an_identity_center_shortcut() -> None:
    corp = Shortcut("Corp", "dev", "d-abcdefghijkl", "", studio_url="https://x.example")
    lab = Shortcut("Lab", "dev", "d-abcdefghijkl", "alice")
    built = menu.build(Config(PATH, shortcuts=(corp, lab)), menu.MenuState())
    items = {i.label: i.target for i in built.items() if i.action == menu.LAUNCH}
    assert items == {"Corp (Identity Center)": "Corp", "Lab": "Lab"}
