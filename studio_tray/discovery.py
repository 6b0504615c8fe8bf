"""What a profile can open in one region: domains, user profiles and spaces.

Pure core: ``discover(client, profile, region)`` takes a SageMaker client (the launcher's cached
one in the app, with standard retries, so throttling is retried there) and follows every
NextToken through botocore's paginators. A list call that is refused does not end the run: it
becomes a warning naming the missing permission, and what could be listed is still returned.
Turning findings into shortcuts lives in ``discovery_shortcuts``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from studio_tray import aws_errors
from studio_tray.model import Profile

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
PAGE_SIZE = 100  # the API's maximum MaxResults: fewest round trips
GONE = frozenset({"Deleting", "Delete_Failed"})
DOMAIN_NOT_READY = frozenset({"Pending", "Failed", "Deleting", "Delete_Failed"})


@dataclass(frozen=True)
class Domain:
    """A Studio domain; ``usable`` is False (with ``reason``) when it cannot give presigned URLs."""

    id: str
    name: str
    auth_mode: str
    usable: bool
    reason: str = ""


@dataclass(frozen=True)
class UserProfile:
    """A user profile of a domain."""

    domain_id: str
    name: str


@dataclass(frozen=True)
class Space:
    """A space: ``sharing_type`` Private (to ``owner`` only) or Shared (with the whole domain)."""

    domain_id: str
    name: str
    sharing_type: str
    owner: str | None
    app_type: str | None


@dataclass(frozen=True)
class DomainFindings:
    """One domain with what was listed in it; ``spaces_listed`` is False when ListSpaces failed."""

    domain: Domain
    user_profiles: tuple[UserProfile, ...] = ()
    spaces: tuple[Space, ...] = ()
    spaces_listed: bool = True


@dataclass(frozen=True)
class Discovery:
    """What one profile could list in one region; ``listed`` is False when ListDomains failed."""

    profile: str
    region: str
    domains: tuple[DomainFindings, ...]
    warnings: tuple[str, ...]
    listed: bool


class _Refused(Exception):
    """A list call failed; ``message`` says why in user-ready words."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def discover(
    client: Any,
    profile: Profile,
    region: str,
    *,
    users: Collection[str] | None = None,
    progress: Progress | None = None,
) -> Discovery:
    """List the domains, user profiles (only ``users`` when given) and spaces ``client`` sees."""
    lister = _Lister(client, profile, region, progress or (lambda _message: None))
    try:
        summaries = lister.items("list_domains", "Domains", {}, "ListDomains", "domains")
    except _Refused as refused:
        return Discovery(profile.name, region, (), (refused.message,), listed=False)
    found = []
    for summary in summaries:
        domain = lister.domain(summary)
        if domain is None:
            continue
        found.append(lister.domain_findings(domain, users))
    return Discovery(profile.name, region, tuple(found), tuple(lister.warnings), listed=True)


class _Lister:
    """The list calls of one ``discover`` run, collecting warnings as it goes."""

    def __init__(self, client: Any, profile: Profile, region: str, progress: Progress) -> None:
        self.client = client
        self.profile = profile
        self.region = region
        self.progress = progress
        self.warnings: list[str] = []

    def domain(self, summary: dict[str, Any]) -> Domain | None:
        """The domain of a ListDomains entry, with its auth mode from DescribeDomain."""
        domain_id, status = str(summary.get("DomainId", "")), str(summary.get("Status", ""))
        name = str(summary.get("DomainName") or domain_id)
        if not domain_id or status in GONE:
            return None
        if status in DOMAIN_NOT_READY:
            return Domain(domain_id, name, "?", False, f"domain status is {status}")
        where = f"domain {name} ({domain_id})"
        try:
            described = self._call("describe_domain", "DescribeDomain", where, DomainId=domain_id)
        except _Refused as refused:
            self.warnings.append(f"{refused.message}; assuming IAM auth mode")
            return Domain(domain_id, name, "?", True)
        auth_mode = str(described.get("AuthMode") or "?")
        if auth_mode == "SSO":
            return Domain(
                domain_id,
                name,
                auth_mode,
                False,
                "SSO auth mode has no presigned URLs: open it from the IAM Identity Center portal",
            )
        return Domain(domain_id, name, auth_mode, True)

    def domain_findings(self, domain: Domain, users: Collection[str] | None) -> DomainFindings:
        """The user profiles and spaces of a usable domain (nothing is listed for the others)."""
        if not domain.usable:
            return DomainFindings(domain, spaces_listed=False)
        where = f"domain {domain.name} ({domain.id})"
        params: dict[str, Any] = {"DomainIdEquals": domain.id}
        user_params = dict(params)
        if users is not None and len(users) == 1:
            user_params["UserProfileNameContains"] = next(iter(users))
        try:
            raw_users = self.items(
                "list_user_profiles",
                "UserProfiles",
                user_params,
                "ListUserProfiles",
                f"user profiles in {where}",
            )
        except _Refused as refused:
            self.warnings.append(refused.message)
            raw_users = []
        profiles = tuple(
            UserProfile(domain.id, str(u["UserProfileName"]))
            for u in raw_users
            if u.get("Status") not in GONE and (users is None or u["UserProfileName"] in users)
        )
        try:
            raw_spaces = self.items(
                "list_spaces", "Spaces", params, "ListSpaces", f"spaces in {where}"
            )
        except _Refused as refused:
            self.warnings.append(refused.message)
            return DomainFindings(domain, profiles, spaces_listed=False)
        spaces = tuple(_space(domain.id, s) for s in raw_spaces if s.get("Status") not in GONE)
        return DomainFindings(domain, profiles, spaces)

    def items(
        self, method: str, key: str, params: dict[str, Any], op: str, what: str
    ) -> list[dict[str, Any]]:
        """Every item of a paginated listing; ``_Refused`` when its first page fails.

        A failure after some pages keeps those pages and adds a warning.
        """
        collected: list[dict[str, Any]] = []
        pages = self.client.get_paginator(method).paginate(
            **params, PaginationConfig={"PageSize": PAGE_SIZE}
        )
        try:
            for page in pages:
                collected.extend(page.get(key, []))
                if len(collected) >= PAGE_SIZE:
                    self.progress(f"{self.profile.name} {self.region}: {len(collected)} {what}")
        except Exception as exc:
            message = self._explain(exc, op, what)
            if not collected:
                raise _Refused(message) from None
            self.warnings.append(f"{message}; kept the first {len(collected)}")
        return collected

    def _call(self, method: str, op: str, what: str, **params: Any) -> dict[str, Any]:
        try:
            return dict(getattr(self.client, method)(**params))
        except Exception as exc:
            raise _Refused(self._explain(exc, op, what)) from None

    def _explain(self, exc: Exception, op: str, what: str) -> str:
        permission = f"sagemaker:{op}"
        code = _error_code(exc)
        if code in aws_errors.ACCESS_DENIED_CODES:
            return (
                f"profile {self.profile.name} may not call {permission} in {self.region}, "
                f"so {what} are not listed: ask your AWS administrator to allow {permission}"
            )
        action = aws_errors.Action(permission, what, self.profile)
        mapped = aws_errors.from_exception(exc, action, self.region)
        if mapped is None:
            log.debug("unexpected error in %s", op, exc_info=True)
            return f"{permission} failed for {what} ({type(exc).__name__})"
        return f"{self.region}: {mapped}"


def _error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code") or "")
    return ""


def _space(domain_id: str, item: dict[str, Any]) -> Space:
    # Spaces made before private spaces existed carry no sharing settings: they were shared.
    sharing = item.get("SpaceSharingSettingsSummary", {}).get("SharingType") or "Shared"
    owner = item.get("OwnershipSettingsSummary", {}).get("OwnerUserProfileName")
    app_type = item.get("SpaceSettingsSummary", {}).get("AppType")
    return Space(domain_id, str(item["SpaceName"]), str(sharing), owner, app_type)
