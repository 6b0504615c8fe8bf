"""Item 2 of the security issue: an AuthorizedUrl on a foreign host is refused."""

from __future__ import annotations

import pytest

from studio_tray.aws import urls
from studio_tray.errors import LaunchError

TOKEN = "canary-url-token-77Q"


@pytest.mark.parametrize(
    ("host", "endpoint"),
    [
        ("d-abc.studio.us-east-1.sagemaker.aws", None),
        ("d-abc.studio.eu-west-1.sagemaker.aws", "https://vpce-1.api.sagemaker.eu-west-1.vpce.x"),
        ("console.aws.amazon.com", None),
        ("vpce-1.sagemaker.internal.corp", "https://vpce-1.sagemaker.internal.corp"),
        ("studio.vpce-1.sagemaker.internal.corp", "https://vpce-1.sagemaker.internal.corp"),
        ("127.0.0.1", "http://localhost:8000"),
    ],
)
def test_studio_hosts_are_accepted(host: str, endpoint: str | None) -> None:
    """Studio domains, the endpoint's own host (and below it), loopback for a loopback endpoint."""
    urls.check_url(f"https://{host}/auth?token={TOKEN}", endpoint)


@pytest.mark.parametrize(
    ("host", "endpoint"),
    [
        ("evil.example", None),
        ("sagemaker.aws.evil.example", None),
        ("evilsagemaker.aws", None),
        ("evil.example", "https://vpce-1.sagemaker.internal.corp"),
        ("127.0.0.1", "https://vpce-1.sagemaker.internal.corp"),
        ("127.0.0.1", None),
    ],
)
def test_foreign_hosts_are_refused_naming_the_host_not_the_url(
    host: str, endpoint: str | None
) -> None:
    """Before the fix any https host was opened: a hostile endpoint could send the browser
    anywhere. Now the message names the host and never the token."""
    with pytest.raises(LaunchError) as err:
        urls.check_url(f"https://{host}/auth?token={TOKEN}", endpoint)
    assert host in str(err.value) and "not a SageMaker Studio domain" in str(err.value)
    assert TOKEN not in str(err.value)
