"""Every AWS client the app makes shares one botocore configuration (3 attempts in all)."""

from __future__ import annotations

from studio_tray.aws import sts
from studio_tray.aws.clients import CONNECT_TIMEOUT, MAX_ATTEMPTS, READ_TIMEOUT
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.aws.session import Session
from studio_tray.model import Profile

PROFILE = Profile(name="p", region="us-east-1", endpoint_url="http://127.0.0.1:9")
KEYS = ("AKIDEXAMPLE000000001", "s" * 40)


def settings(client: object) -> tuple[object, object, object]:
    config = client.meta.config  # type: ignore[attr-defined]
    return config.retries, config.connect_timeout, config.read_timeout


def test_sts_and_sagemaker_clients_make_three_attempts_in_all() -> None:
    session = Session(
        aws_access_key_id=KEYS[0], aws_secret_access_key=KEYS[1], region_name="us-east-1"
    )
    expected = ({"mode": "standard", "total_max_attempts": 3}, 3, 5)
    assert (MAX_ATTEMPTS, CONNECT_TIMEOUT, READ_TIMEOUT) == (3, 3, 5)
    assert settings(sts.client(session, PROFILE)) == expected
    sagemaker = Launcher(SessionProvider(MemoryKeyStore({"p": KEYS}))).client(PROFILE)
    assert settings(sagemaker) == expected
