"""``aws.sso.source.read_aws_config``: ~/.aws/config as botocore reads it, without a session."""

from __future__ import annotations

from pathlib import Path

import botocore.session
import pytest

from studio_tray.aws.sso.source import read_aws_config
from studio_tray.errors import CredentialError

CONFIG = """\
[profile corp]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = DataScientist
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
"""


def test_it_reads_what_a_botocore_session_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config"
    path.write_text(CONFIG)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(path))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    found = read_aws_config()
    assert found["sso_sessions"]["corp"]["sso_start_url"] == "https://corp.awsapps.com/start"
    assert found == dict(botocore.session.Session().full_config)


def test_no_config_file_is_an_empty_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "absent"))
    assert read_aws_config() == {}


def test_a_broken_config_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config"
    path.write_text("[profile corp\nregion = x\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(path))
    with pytest.raises(CredentialError, match="cannot be read"):
        read_aws_config()
