"""Item 2 of the security issue: no silent plain-http endpoint (config rule, flag, warnings)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from studio_tray import config
from studio_tray.doctor import aws as checks
from studio_tray.doctor.report import Context
from studio_tray.errors import ConfigError
from tests.fixtures.cli import Run

BASE = """
[profiles.prod]
region = "us-east-1"
endpoint_url = "{endpoint}"
{extra}
"""


def write(path: Path, endpoint: str, extra: str = "") -> Path:
    path.write_text(BASE.format(endpoint=endpoint, extra=extra))
    return path


def test_plain_http_to_another_computer_is_refused_naming_the_https_form(tmp_path: Path) -> None:
    """A non-loopback http:// endpoint is a config error that names the https form and the way
    out; before the fix it loaded silently."""
    with pytest.raises(ConfigError) as err:
        config.load(write(tmp_path / "c.toml", "http://proxy.example:8080/api"))
    text = str(err.value)
    assert 'profile "prod": endpoint_url' in text
    assert "'https://proxy.example:8080/api'" in text
    assert "allow_insecure_endpoint = true" in text


@pytest.mark.parametrize(
    "endpoint", ["http://127.0.0.1:8000", "http://localhost:1", "http://[::1]:9", "https://x.io"]
)
def test_loopback_http_and_https_stay_accepted(tmp_path: Path, endpoint: str) -> None:
    """The emulator (loopback http) and any https endpoint still load."""
    loaded = config.load(write(tmp_path / "c.toml", endpoint))
    assert loaded.profiles["prod"].endpoint_url == endpoint


def test_allow_insecure_endpoint_accepts_it_and_doctor_warns(tmp_path: Path) -> None:
    """With the key the profile loads; doctor's endpoint line is a FAIL naming plain http."""
    path = write(tmp_path / "c.toml", "http://proxy.example:8080", "allow_insecure_endpoint = true")
    loaded = config.load(path)
    assert loaded.profiles["prod"].allow_insecure_endpoint is True
    ctx = Context(path, loaded, connect=lambda address, timeout: open(__file__))  # noqa: SIM115
    (result,) = list(checks.check_endpoints(ctx))
    assert not result.ok and "plain http" in result.line()


def test_allow_insecure_endpoint_must_be_true_or_false(tmp_path: Path) -> None:
    """The new key is type-checked like every other."""
    path = write(tmp_path / "c.toml", "https://x.io", 'allow_insecure_endpoint = "yes"')
    with pytest.raises(ConfigError, match="must be true or false"):
        config.load(path)


def test_profile_add_flag_and_open_warning(
    run: Callable[..., Run], isolated_env: dict[str, Path]
) -> None:
    """``profile add --allow-insecure-endpoint`` writes the key (without it the add is refused),
    and ``open`` of a shortcut on that profile prints a warning line."""
    refused = run(
        "profile", "add", "lab", "--endpoint-url", "http://proxy.example:1", "--region",
        "us-east-1", "--aws-profile", "x", "--no-verify",
    )  # fmt: skip
    assert refused.code == 2 and "https://proxy.example:1" in refused.err
    added = run(
        "profile", "add", "lab", "--endpoint-url", "http://proxy.invalid:1", "--region",
        "us-east-1", "--aws-profile", "x", "--no-verify", "--allow-insecure-endpoint",
    )  # fmt: skip
    assert added.code == 0, added.err
    path = isolated_env["config"]
    assert "allow_insecure_endpoint = true" in path.read_text()
    with path.open("a") as out:
        out.write('\n[[shortcuts]]\nname = "s"\nprofile = "lab"\ndomain_id = "d-abc123def456"\n'
                  'user_profile = "u"\n')  # fmt: skip
    opened = run("open", "s", "--print")
    assert "warning: profile lab: endpoint_url is plain http" in opened.err
