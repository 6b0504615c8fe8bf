"""botocore's standard endpoint overrides reach every client the app makes, and the URL check
judges the returned URL against the endpoint actually used: a loopback endpoint from
AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL or a services section is as local as a loopback
endpoint_url, so the emulator's http://127.0.0.1 sign-in URL is accepted."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import MappingProxyType

import pytest

from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import (
    DEMO_ACCESS_KEY_ID,
    DEMO_DOMAIN_ID,
    DEMO_SECRET_ACCESS_KEY,
    DEMO_USER,
)
from studio_tray.errors import LaunchError
from studio_tray.model import Config, Profile, Shortcut

SHORTCUT = Shortcut("home", "keys", DEMO_DOMAIN_ID, DEMO_USER)


def _fresh_url(profile: Profile) -> str:
    config = Config(
        path=Path("c.toml"),
        profiles=MappingProxyType({"keys": profile}),
        shortcuts=(SHORTCUT,),
    )
    store = MemoryKeyStore({"keys": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    return Launcher(SessionProvider(store)).fresh_url(config, SHORTCUT)


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL"])
def test_an_environment_override_is_used_and_counts_as_local(
    emulator, monkeypatch, variable
) -> None:
    emulator.add_demo_data()
    monkeypatch.setenv(variable, emulator.url)
    url = _fresh_url(Profile("keys", region="us-east-1"))
    assert url.startswith(emulator.url + "/auth?token=")
    assert [r.op for r in emulator.requests] == ["CreatePresignedDomainUrl"]


def test_a_services_section_of_aws_config_is_used(emulator, isolated_env) -> None:
    emulator.add_demo_data()
    config = isolated_env["home"] / ".aws" / "config"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        textwrap.dedent(
            f"""
            [default]
            services = local

            [services local]
            sagemaker =
              endpoint_url = {emulator.url}
            """
        )
    )
    url = _fresh_url(Profile("keys", region="us-east-1"))
    assert url.startswith(emulator.url + "/auth?token=")


def test_plain_http_elsewhere_is_refused_whatever_the_endpoint(emulator, monkeypatch) -> None:
    """A loopback endpoint allows http to loopback only: an http URL to another host is not."""
    emulator.add_demo_data()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", emulator.url)
    emulator.auth_base = "http://example.com"
    with pytest.raises(LaunchError) as caught:
        _fresh_url(Profile("keys", region="us-east-1"))
    assert "only https is allowed" in str(caught.value)
    assert "example.com" not in str(caught.value)  # the URL is never repeated
