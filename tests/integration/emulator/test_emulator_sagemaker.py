"""SageMaker operations over real HTTP with boto3: presigned URLs, /auth, errors, listings."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from studio_tray.emulator import (
    DEMO_ACCESS_KEY_ID,
    DEMO_DOMAIN_ID,
    DEMO_SECRET_ACCESS_KEY,
    DEMO_SPACE,
    DEMO_USER,
    Emulator,
)
from tests.fixtures.emulator import client_for


@pytest.fixture
def sagemaker(emulator: Emulator):
    emulator.add_demo_data()
    return client_for(emulator, "sagemaker")


def _error(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    err = excinfo.value.response
    return err["Error"]["Code"], err["Error"]["Message"], err["ResponseMetadata"]["HTTPStatusCode"]


def test_presigned_url_request_carries_exactly_the_parameters(emulator, sagemaker) -> None:
    sent = {
        "DomainId": DEMO_DOMAIN_ID,
        "UserProfileName": DEMO_USER,
        "SpaceName": DEMO_SPACE,
        "LandingUri": "app:JupyterLab:",
        "ExpiresInSeconds": 30,
        "SessionExpirationDurationInSeconds": 1800,
    }
    url = sagemaker.create_presigned_domain_url(**sent)["AuthorizedUrl"]
    assert url.startswith(f"{emulator.url}/auth?token=")
    (record,) = emulator.requests
    assert (record.service, record.op, record.params) == (
        "sagemaker",
        "CreatePresignedDomainUrl",
        sent,
    )
    assert record.access_key_id == DEMO_ACCESS_KEY_ID
    assert record.session_token is False and record.error is None


def test_two_calls_give_two_urls_each_working_once(emulator, sagemaker) -> None:
    args = {"DomainId": DEMO_DOMAIN_ID, "UserProfileName": DEMO_USER, "SpaceName": DEMO_SPACE}
    first = sagemaker.create_presigned_domain_url(**args)["AuthorizedUrl"]
    second = sagemaker.create_presigned_domain_url(**args)["AuthorizedUrl"]
    assert first != second
    with urllib.request.urlopen(first, timeout=3) as page:
        html = page.read().decode()
    assert page.status == 200
    assert "Signed in to SageMaker Studio" in html
    assert DEMO_DOMAIN_ID in html and DEMO_USER in html and DEMO_SPACE in html
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(first, timeout=3)
    assert refused.value.code == 403 and "already been used" in refused.value.read().decode()
    assert emulator.redeem(second) == 200
    assert emulator.redeem(second) == 403
    assert emulator.redeem(f"{emulator.url}/auth?token=made-up") == 403


def test_url_expires_after_expires_in_seconds(emulator, sagemaker) -> None:
    args = {"DomainId": DEMO_DOMAIN_ID, "UserProfileName": DEMO_USER, "ExpiresInSeconds": 5}
    fresh = sagemaker.create_presigned_domain_url(**args)["AuthorizedUrl"]
    stale = sagemaker.create_presigned_domain_url(**args)["AuthorizedUrl"]
    emulator.advance(4)
    assert emulator.redeem(fresh) == 200
    emulator.advance(2)
    assert emulator.redeem(stale) == 403


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"DomainId": "d-missing1", "UserProfileName": DEMO_USER}, "d-missing1"),
        ({"DomainId": DEMO_DOMAIN_ID, "UserProfileName": "nobody"}, "nobody"),
        (
            {"DomainId": DEMO_DOMAIN_ID, "UserProfileName": DEMO_USER, "SpaceName": "nospace"},
            "nospace",
        ),
    ],
)
def test_unknown_resources_are_resource_not_found(sagemaker, args, named) -> None:
    with pytest.raises(ClientError) as err:
        sagemaker.create_presigned_domain_url(**args)
    code, message, status = _error(err)
    assert (code, status) == ("ResourceNotFound", 400)
    assert named in message
    assert isinstance(err.value, sagemaker.exceptions.ResourceNotFound)


def test_validation_lists_every_problem_in_the_service_wording(emulator) -> None:
    emulator.add_demo_data()
    raw = client_for(emulator, "sagemaker", parameter_validation=False)
    with pytest.raises(ClientError) as err:
        raw.create_presigned_domain_url(
            DomainId="D-1",
            UserProfileName="-bad",
            ExpiresInSeconds=301,
            SessionExpirationDurationInSeconds=1000,
            LandingUri="x" * 1024,
        )
    code, message, _ = _error(err)
    assert code == "ValidationException"
    assert message.startswith("5 validation errors detected: ")
    assert (
        "Value 'D-1' at 'domainId' failed to satisfy constraint: Member must satisfy "
        "regular expression pattern: d-(-*[a-z0-9]){1,61}" in message
    )
    assert "at 'userProfileName'" in message
    assert (
        "Value '301' at 'expiresInSeconds' failed to satisfy constraint: Member must have "
        "value less than or equal to 300" in message
    )
    assert "Value '1000' at 'sessionExpirationDurationInSeconds'" in message
    assert "greater than or equal to 1800" in message
    assert "at 'landingUri'" in message
    assert emulator.requests[-1].error == "ValidationException"


def test_sso_domains_and_other_users_private_spaces_are_refused(emulator, sagemaker) -> None:
    sso = emulator.add_domain("d-sso000000001", "corp", auth_mode="SSO")
    emulator.add_user_profile(sso, "alice")
    with pytest.raises(ClientError) as err:
        sagemaker.create_presigned_domain_url(DomainId=sso, UserProfileName="alice")
    assert _error(err)[0] == "ValidationException" and "SSO" in _error(err)[1]
    emulator.add_user_profile(DEMO_DOMAIN_ID, "bob")
    with pytest.raises(ClientError) as err:
        sagemaker.create_presigned_domain_url(
            DomainId=DEMO_DOMAIN_ID, UserProfileName="bob", SpaceName=DEMO_SPACE
        )
    assert _error(err)[0] == "ValidationException" and "private" in _error(err)[1]
    shared = sagemaker.create_presigned_domain_url(
        DomainId=DEMO_DOMAIN_ID, UserProfileName="bob", SpaceName="demo-shared"
    )
    assert "AuthorizedUrl" in shared


def test_user_profiles_are_paginated_and_filtered_by_domain(emulator, sagemaker) -> None:
    big = emulator.add_domain(name="big")
    names = {f"user-{i:02d}" for i in range(25)}
    for name in sorted(names):
        emulator.add_user_profile(big, name)
    first = sagemaker.list_user_profiles(DomainIdEquals=big)
    assert len(first["UserProfiles"]) == 10 and "NextToken" in first
    pages = sagemaker.get_paginator("list_user_profiles").paginate(DomainIdEquals=big)
    seen = [u["UserProfileName"] for page in pages for u in page["UserProfiles"]]
    assert sorted(seen) == sorted(names)
    assert len(emulator.requests) == 1 + 3
    small = sagemaker.list_user_profiles(DomainIdEquals=big, MaxResults=7)
    assert len(small["UserProfiles"]) == 7
    everyone = sagemaker.get_paginator("list_user_profiles").paginate().build_full_result()
    assert len(everyone["UserProfiles"]) == 26
    with pytest.raises(ClientError) as err:
        sagemaker.list_user_profiles(NextToken="garbage")
    assert _error(err)[:2] == ("ValidationException", "Invalid pagination token.")


def test_domains_and_spaces_carry_the_discovery_fields(emulator, sagemaker) -> None:
    emulator.add_domain("d-sso000000001", "corp", auth_mode="SSO")
    domains = sagemaker.list_domains()["Domains"]
    assert [d["DomainId"] for d in domains] == [DEMO_DOMAIN_ID, "d-sso000000001"]
    assert domains[0]["DomainName"] == "demo" and domains[0]["Status"] == "InService"
    assert sagemaker.describe_domain(DomainId="d-sso000000001")["AuthMode"] == "SSO"
    assert sagemaker.describe_domain(DomainId=DEMO_DOMAIN_ID)["AuthMode"] == "IAM"
    spaces = {
        s["SpaceName"]: s for s in sagemaker.list_spaces(DomainIdEquals=DEMO_DOMAIN_ID)["Spaces"]
    }
    lab, shared = spaces[DEMO_SPACE], spaces["demo-shared"]
    assert lab["SpaceSettingsSummary"]["AppType"] == "JupyterLab"
    assert lab["SpaceSharingSettingsSummary"]["SharingType"] == "Private"
    assert lab["OwnershipSettingsSummary"]["OwnerUserProfileName"] == DEMO_USER
    assert shared["SpaceSharingSettingsSummary"]["SharingType"] == "Shared"
    assert shared["SpaceSettingsSummary"]["AppType"] == "CodeEditor"
    with pytest.raises(ClientError) as err:
        sagemaker.describe_domain(DomainId="d-nothere")
    assert _error(err)[0] == "ResourceNotFound"


def test_denied_operation_names_the_permission(emulator, sagemaker) -> None:
    emulator.deny("ListSpaces")
    assert sagemaker.list_domains()["Domains"]
    with pytest.raises(ClientError) as err:
        sagemaker.list_spaces(DomainIdEquals=DEMO_DOMAIN_ID)
    code, message, _ = _error(err)
    assert code == "AccessDeniedException"
    assert message.startswith(
        "User: arn:aws:iam::123456789012:user/emulator-user is not authorized to perform: "
        "sagemaker:ListSpaces on resource: arn:aws:sagemaker:us-east-1:123456789012:space/"
    )
    emulator.allow("ListSpaces")
    assert sagemaker.list_spaces()["Spaces"]


def test_bad_keys_and_stale_signatures_are_rejected(emulator, sagemaker) -> None:
    stranger = client_for(emulator, "sagemaker", access_key_id="AKIDUNKNOWNKEY000001")
    with pytest.raises(ClientError) as err:
        stranger.list_domains()
    assert _error(err)[:2] == (
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    )
    wrong = client_for(emulator, "sagemaker", secret="not-the-secret")
    with pytest.raises(ClientError) as err:
        wrong.list_domains()
    assert _error(err)[0] == "InvalidSignatureException"
    assert _error(err)[1].startswith("The request signature we calculated does not match")
    emulator.advance(16 * 60)
    with pytest.raises(ClientError) as err:
        sagemaker.list_domains()
    assert _error(err)[0] == "InvalidSignatureException" and "Signature expired" in _error(err)[1]


def test_keep_alive_counters_and_reset(emulator, sagemaker) -> None:
    for _ in range(3):
        sagemaker.list_domains()
    assert (emulator.requests_total, emulator.connections_total) == (3, 1)
    other = client_for(emulator, "sagemaker")
    other.list_domains()
    assert (emulator.requests_total, emulator.connections_total) == (4, 2)
    emulator.reset()
    assert (emulator.requests_total, emulator.connections_total, emulator.requests) == (0, 0, [])


def test_nothing_secret_is_logged_or_printed(emulator, sagemaker, caplog, capfd) -> None:
    caplog.set_level("DEBUG", logger="studio_tray")
    url = sagemaker.create_presigned_domain_url(DomainId=DEMO_DOMAIN_ID, UserProfileName=DEMO_USER)[
        "AuthorizedUrl"
    ]
    for _ in range(2):
        try:
            urllib.request.urlopen(url, timeout=3).read()
        except urllib.error.HTTPError as err:
            err.read()
    with pytest.raises(ClientError):
        client_for(emulator, "sagemaker", secret="wrong").list_domains()
    token = url.split("token=")[1]
    out, err = capfd.readouterr()
    for text in (caplog.text, out, err):
        assert token not in text and DEMO_SECRET_ACCESS_KEY not in text


def test_set_up_mistakes_fail_loudly(emulator) -> None:
    with pytest.raises(ValueError):
        emulator.add_user_profile("d-missing1", "alice")
    domain = emulator.add_domain()
    with pytest.raises(ValueError):
        emulator.add_space(domain, "lab", owner="nobody")
    with pytest.raises(ValueError):
        emulator.add_domain("D-UPPER")
    with pytest.raises(ValueError):
        emulator.deny("ListSpace")


def test_warm_keep_alive_answers_are_fast(emulator, sagemaker) -> None:
    # Guards against Nagle + delayed ACK stalls (~40 ms per answer) on keep-alive connections.
    sagemaker.list_domains()
    times = []
    for _ in range(9):
        started = time.perf_counter()
        sagemaker.list_domains()
        times.append(time.perf_counter() - started)
    assert sorted(times)[4] < 0.025
    assert emulator.connections_total == 1


def test_index_page_and_identities_hide_secrets(emulator) -> None:
    with urllib.request.urlopen(emulator.url + "/", timeout=3) as page:
        assert "studio-tray emulator" in page.read().decode()
    identity = emulator.state.identities[DEMO_ACCESS_KEY_ID]
    assert DEMO_SECRET_ACCESS_KEY not in repr(identity)
