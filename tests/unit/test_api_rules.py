"""The API's exact rules (botocore's sagemaker model and STS's TokenCode), at and past each
limit."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import botocore
import pytest

from studio_tray import api_rules


def _shape(name: str) -> dict[str, Any]:
    folder = Path(botocore.__file__).parent / "data" / "sagemaker"
    (path,) = sorted(folder.glob("*/service-2.json*"))[-1:]
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    shape: dict[str, Any] = json.loads(raw)["shapes"][name]
    return shape


@pytest.mark.parametrize("shape", ["UserProfileName", "SpaceName"])
def test_name_rule_is_the_models(shape: str) -> None:
    model = _shape(shape)
    assert model["max"] == api_rules.NAME_MAX == 63
    assert model["pattern"] == api_rules.NAME_RE.pattern


def test_landing_uri_forms_are_the_documented_ones() -> None:
    request = _shape("CreatePresignedDomainUrlRequest")
    documented = request["members"]["LandingUri"]["documentation"]
    for form in api_rules.KNOWN_LANDING_URIS:
        assert f"<code>{form}relative/path</code>" in documented
    assert documented.count("relative/path</code>") == len(api_rules.KNOWN_LANDING_URIS)
    assert _shape("LandingUri")["max"] == api_rules.LANDING_URI_MAX


@pytest.mark.parametrize("name", ["a", "a" * 63, "a-b", "a" + "-" * 61 + "b", "0--9", "A1-b2"])
def test_names_at_the_limit_pass(name: str) -> None:
    assert api_rules.check_name(name) is None


@pytest.mark.parametrize(
    "name",
    ["", "a" * 64, "a" + "-" * 62 + "b", "a" + "-" * 5000 + "b", "-a", "a-", "a_b", "é", "a b"],
)
def test_names_past_the_limit_fail(name: str) -> None:
    assert api_rules.check_name(name) == (
        "must be 1-63 letters, digits and dashes, starting and ending with a letter or digit"
    )


@pytest.mark.parametrize(
    "uri",
    [
        "",
        "studio::",
        "studio::relative/path",
        "app:JupyterServer:",
        "app:JupyterLab:lab/tree/notebook.ipynb",
        "app:RStudioServerPro:",
        "app:CodeEditor:",
        "app:Canvas:",
        "studio::" + "p" * (1023 - len("studio::")),
    ],
)
def test_landing_uris_of_the_documented_forms_pass(uri: str) -> None:
    assert api_rules.check_landing_uri(uri) is None


FORMS = (
    "must be one of studio::, app:JupyterServer:, app:JupyterLab:, app:RStudioServerPro:, "
    "app:CodeEditor:, app:Canvas: (each may be followed by a relative path)"
)


@pytest.mark.parametrize(
    ("uri", "guess"),
    [
        ("jupyterlab", "app:JupyterLab:"),
        ("JupyterLab", "app:JupyterLab:"),
        ("app:jupyterlab:", "app:JupyterLab:"),
        ("app:JupyterLab", "app:JupyterLab:"),
        ("app:jupyterlab:lab/tree", "app:JupyterLab:lab/tree"),
        ("codeeditor", "app:CodeEditor:"),
        ("app:CodeEdtor:", "app:CodeEditor:"),
        ("studio", "studio::"),
        ("Studio::home", "studio::home"),
        ("rstudioserverpro", "app:RStudioServerPro:"),
    ],
)
def test_a_close_typo_gets_did_you_mean(uri: str, guess: str) -> None:
    assert api_rules.check_landing_uri(uri) == f"{FORMS}; did you mean {guess}?"


@pytest.mark.parametrize("uri", ["x", "https://example.com/lab", "app:Tensorboard:", "lab/tree"])
def test_other_landing_uris_name_the_valid_forms(uri: str) -> None:
    assert api_rules.check_landing_uri(uri) == FORMS


def test_landing_uri_past_the_length_limit() -> None:
    uri = "studio::" + "p" * (1024 - len("studio::"))
    assert api_rules.check_landing_uri(uri) == "must be at most 1023 characters"


@pytest.mark.parametrize("code", ["000000", "123456", "999999"])
def test_mfa_codes_of_six_ascii_digits_pass(code: str) -> None:
    assert api_rules.check_mfa_code(code) is None


@pytest.mark.parametrize(
    "code",
    [
        "12345",
        "1234567",
        "",
        "１２３４５６",  # full-width digits: str.isdigit() and \d say yes, STS says no
        "١٢٣٤٥٦",  # Arabic-Indic digits
        "12345\n",
        " 123456",
        "12a456",
    ],
)
def test_other_mfa_codes_fail(code: str) -> None:
    assert api_rules.check_mfa_code(code) == "must be exactly 6 digits (0-9)"
