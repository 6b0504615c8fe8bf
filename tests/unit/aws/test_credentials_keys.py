"""Shape checks of access keys: typos are caught before anything is stored or sent."""

from __future__ import annotations

import pytest

from studio_tray.aws.keys import check_access_key_id, check_keys, check_secret
from studio_tray.errors import UsageError

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize(
    "key_id", ["AKIAIOSFODNN7EXAMPLE", "AKIDEMOEMULATOR00001", "A" * 16, "AKIA" + "7" * 124]
)
def test_good_key_ids(key_id: str) -> None:
    assert check_access_key_id(f" {key_id}\n") == key_id


@pytest.mark.parametrize(
    ("key_id", "reason"),
    [
        ("", "empty"),
        ("AKIA123", "16 to 128"),
        ("akiaiosfodnn7example", "16 to 128"),
        ("AKIA-OSFODNN7EXAMPLE", "16 to 128"),
        ("A" * 129, "16 to 128"),
        ("ASIAIOSFODNN7EXAMPLE", "temporary"),
    ],
)
def test_bad_key_ids(key_id: str, reason: str) -> None:
    with pytest.raises(UsageError, match=reason):
        check_access_key_id(key_id)


@pytest.mark.parametrize("secret", [SECRET, "x" * 30, "x" * 100, "a+b/c=" * 7])
def test_good_secrets(secret: str) -> None:
    assert check_secret(secret + "\n") == secret


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        ("", "empty"),
        ("x" * 29, "29 characters"),
        ("x" * 101, "101 characters"),
        ("wJalrXUtnFEMI K7MDENG/bPxRfiCYEXAMPLEKEY", "spaces"),
        ("wJalrXUtnFEMI\x07K7MDENG/bPxRfiCYEXAMPLEKEY", "non-printable"),
        ("wJalrXUtnFEMIéK7MDENG/bPxRfiCYEXAMPLEKEY", "non-printable"),
    ],
)
def test_bad_secrets_never_echo_the_secret(secret: str, reason: str) -> None:
    with pytest.raises(UsageError, match=reason) as err:
        check_secret(secret)
    if secret:
        assert secret.strip() not in str(err.value)


def test_check_keys_swapped_fields() -> None:
    with pytest.raises(UsageError, match="access key id"):
        check_keys(SECRET, "AKIAIOSFODNN7EXAMPLE")
