"""SageMaker's JSON 1.1 operations: presigned Studio URLs and the discovery listings; the
table also holds the space operations (``spaces``) and the app operations (``apps``)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from studio_tray.emulator import apps, lookup, paging, spaces, validation
from studio_tray.emulator.context import Call
from studio_tray.emulator.errors import ApiError
from studio_tray.emulator.state import Domain, Space, UrlToken, UserProfile

Params = Mapping[str, Any]


def _domain(call: Call, domain_id: str) -> Domain:
    return lookup.domain(call.state, domain_id)


def create_presigned_domain_url(call: Call, params: Params) -> dict[str, Any]:
    """A single-use URL to the emulator's /auth page for the user profile (and space)."""
    validation.presigned_url_params(params)
    domain_id, user = params["DomainId"], params["UserProfileName"]
    space_name = params.get("SpaceName")
    with call.state.lock:
        domain = _domain(call, domain_id)
        if domain.auth_mode != "IAM":
            raise ApiError(
                "ValidationException",
                f"Domain {domain_id} uses {domain.auth_mode} authentication; presigned "
                "domain URLs are only supported for domains in IAM authentication mode.",
            )
        if (domain_id, user) not in call.state.users:
            raise ApiError(
                "ResourceNotFound", f"User profile {user} not found in domain {domain_id}."
            )
        if space_name is not None:
            space = call.state.spaces.get((domain_id, space_name))
            if space is None:
                raise ApiError(
                    "ResourceNotFound", f"Space {space_name} not found in domain {domain_id}."
                )
            if space.sharing == "Private" and space.owner != user:
                raise ApiError(
                    "ValidationException",
                    f"Space {space_name} is private to user profile {space.owner}; "
                    f"user profile {user} cannot open it.",
                )
    token = UrlToken(
        token=secrets.token_urlsafe(32),
        domain_id=domain_id,
        user_profile=user,
        space=space_name,
        landing_uri=params.get("LandingUri"),
        expires_at=call.now + int(params.get("ExpiresInSeconds") or 300),
        session_seconds=int(params.get("SessionExpirationDurationInSeconds") or 43200),
    )
    call.state.new_url_token(token)
    return {"AuthorizedUrl": f"{call.base_url}/auth?token={token.token}"}


def _domain_summary(call: Call, domain: Domain) -> dict[str, Any]:
    return {
        "DomainArn": call.arn(f"domain/{domain.domain_id}"),
        "DomainId": domain.domain_id,
        "DomainName": domain.name,
        "Status": domain.status,
        "CreationTime": domain.created,
        "LastModifiedTime": domain.created,
        "Url": f"https://{domain.domain_id}.studio.{call.region}.sagemaker.aws",
    }


def describe_domain(call: Call, params: Params) -> dict[str, Any]:
    """The domain's details, including its AuthMode."""
    domain_id = params.get("DomainId")
    if domain_id is None:
        validation.raise_if(
            ["Value null at 'domainId' failed to satisfy constraint: Member must not be null"]
        )
    validation.raise_if([validation.domain_id_problem("DomainId", domain_id)])
    with call.state.lock:
        domain = _domain(call, str(domain_id))
        answer = _domain_summary(call, domain)
    answer.update(AuthMode=domain.auth_mode, AppNetworkAccessType="PublicInternetOnly")
    answer["DefaultUserSettings"] = spaces.domain_user_settings(domain)
    if domain.auth_mode == "SSO":
        answer["SingleSignOnManagedApplicationInstanceId"] = f"ins-{domain.domain_id[2:]}"
    return answer


def _page(call: Call, op: str, params: Params, items: Sequence[Any], key: str) -> dict[str, Any]:
    """One page of ``items`` under ``key``, with a NextToken when more remain."""
    return paging.page(op, params, items, key, call.page_size)


_ordered = paging.ordered


def list_domains(call: Call, params: Params) -> dict[str, Any]:
    """Every domain, paginated."""
    with call.state.lock:
        domains = sorted(call.state.domains.values(), key=lambda d: d.created)
        items = [_domain_summary(call, d) for d in domains]
    return _page(call, "ListDomains", params, items, "Domains")


def _filter_problems(params: Params, contains: str) -> None:
    problems: list[str | None] = []
    if params.get("DomainIdEquals") is not None:
        problems.append(validation.domain_id_problem("DomainIdEquals", params["DomainIdEquals"]))
    if params.get(contains) is not None:
        problems.append(validation.name_problem(contains, params[contains]))
    validation.raise_if(problems)


def _user_item(user: UserProfile) -> dict[str, Any]:
    return {
        "DomainId": user.domain_id,
        "UserProfileName": user.name,
        "Status": user.status,
        "CreationTime": user.created,
        "LastModifiedTime": user.created,
    }


def list_user_profiles(call: Call, params: Params) -> dict[str, Any]:
    """User profiles, optionally of one domain (DomainIdEquals), paginated."""
    _filter_problems(params, "UserProfileNameContains")
    domain, part = params.get("DomainIdEquals"), params.get("UserProfileNameContains") or ""
    with call.state.lock:
        users = [
            u
            for u in call.state.users.values()
            if (domain is None or u.domain_id == domain) and part in u.name
        ]
    items = [_user_item(u) for u in _ordered(params, users)]
    return _page(call, "ListUserProfiles", params, items, "UserProfiles")


def _space_item(space: Space) -> dict[str, Any]:
    item: dict[str, Any] = {
        "DomainId": space.domain_id,
        "SpaceName": space.name,
        "Status": space.status,
        "CreationTime": space.created,
        "LastModifiedTime": space.modified or space.created,
        "SpaceSettingsSummary": {"AppType": space.app_type},
        "SpaceSharingSettingsSummary": {"SharingType": space.sharing},
    }
    if space.display_name:  # optional in CreateSpace; absent when none was given
        item["SpaceDisplayName"] = space.display_name
    if space.owner:
        item["OwnershipSettingsSummary"] = {"OwnerUserProfileName": space.owner}
    return item


def list_spaces(call: Call, params: Params) -> dict[str, Any]:
    """Spaces with app type, sharing type and owner, optionally of one domain, paginated."""
    _filter_problems(params, "SpaceNameContains")
    domain, part = params.get("DomainIdEquals"), params.get("SpaceNameContains") or ""
    with call.state.lock:
        spaces = [
            s
            for s in call.state.spaces.values()
            if (domain is None or s.domain_id == domain) and part in s.name
        ]
    items = [_space_item(s) for s in _ordered(params, spaces)]
    return _page(call, "ListSpaces", params, items, "Spaces")


OPERATIONS: dict[str, Callable[[Call, Params], dict[str, Any]]] = {
    "CreatePresignedDomainUrl": create_presigned_domain_url,
    "ListDomains": list_domains,
    "DescribeDomain": describe_domain,
    "ListUserProfiles": list_user_profiles,
    "ListSpaces": list_spaces,
    **spaces.OPERATIONS,
    **apps.OPERATIONS,
}


def resource_arn(call: Call, op: str, params: Params) -> str:
    """The resource an AccessDenied message names for ``op``."""
    if op in apps.OPERATIONS:
        return apps.resource_arn(call, op, params)
    if op in spaces.OPERATIONS:
        return spaces.resource_arn(call, op, params)
    domain = params.get("DomainId") or params.get("DomainIdEquals") or "*"
    if op == "CreatePresignedDomainUrl":
        return call.arn(f"user-profile/{domain}/{params.get('UserProfileName', '*')}")
    if op == "ListSpaces":
        return call.arn(f"space/{domain}/*")
    if op == "ListUserProfiles":
        return call.arn(f"user-profile/{domain}/*")
    return call.arn(f"domain/{domain}")
