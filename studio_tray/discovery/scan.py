"""What a profile can open in one region: domains, user profiles and spaces.

Pure core: ``discover(client, profile, region)`` takes a SageMaker client (the launcher's cached
one in the app, with standard retries, so throttling is retried there) and follows every
NextToken through botocore's paginators. A list call that is refused does not end the run: it
becomes a warning naming the missing permission, and what could be listed is still returned.
Turning findings into shortcuts lives in ``studio_tray.discovery.shortcuts``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from studio_tray.discovery.calls import Calls, Progress, Refused
from studio_tray.model import Profile

__all__ = ["Discovery", "Domain", "DomainFindings", "Progress", "Space", "UserProfile", "discover"]

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
    url: str = ""  # the domain's own Studio URL (ListDomains / DescribeDomain ``Url``)

    @property
    def opens_studio_url(self) -> bool:
        """An Identity Center (SSO auth mode) domain: its Studio URL, signed in by the browser."""
        return self.auth_mode == "SSO" and self.url.startswith("https://")


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
    except Refused as refused:
        return Discovery(profile.name, region, (), (refused.message,), listed=False)
    found = []
    for summary in summaries:
        domain = lister.domain(summary)
        if domain is None:
            continue
        found.append(lister.domain_findings(domain, users))
    return Discovery(profile.name, region, tuple(found), tuple(lister.warnings), listed=True)


class _Lister(Calls):
    """The list calls of one ``discover`` run, collecting warnings as it goes."""

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
            described = self.call("describe_domain", "DescribeDomain", where, DomainId=domain_id)
        except Refused as refused:
            self.warnings.append(f"{refused.message}; assuming IAM auth mode")
            return Domain(domain_id, name, "?", True)
        auth_mode = str(described.get("AuthMode") or "?")
        if auth_mode == "SSO":
            url = str(described.get("Url") or summary.get("Url") or "")
            return Domain(
                domain_id,
                name,
                auth_mode,
                False,
                "SSO auth mode has no presigned URLs: its shortcut opens the domain's Studio URL, "
                "where the browser signs in through IAM Identity Center",
                url,
            )
        return Domain(domain_id, name, auth_mode, True)

    def domain_findings(self, domain: Domain, users: Collection[str] | None) -> DomainFindings:
        """The user profiles and spaces of a usable domain (nothing is listed for the others)."""
        if not domain.usable:
            return DomainFindings(domain, spaces_listed=False)
        where = f"domain {domain.name} ({domain.id})"
        profiles = self._user_profiles(domain, users, where)
        try:
            raw_spaces = self.items(
                "list_spaces",
                "Spaces",
                {"DomainIdEquals": domain.id},
                "ListSpaces",
                f"spaces in {where}",
            )
        except Refused as refused:
            self.warnings.append(f"{refused.message}; its user profiles get Studio home shortcuts")
            return DomainFindings(domain, profiles or (), spaces_listed=False)
        spaces = tuple(_space(domain.id, s) for s in raw_spaces if s.get("Status") not in GONE)
        if profiles is None:  # a private space's owner is a user profile of the domain
            owners = {s.owner for s in spaces if s.owner and (users is None or s.owner in users)}
            profiles = tuple(UserProfile(domain.id, owner) for owner in sorted(owners))
        return DomainFindings(domain, profiles, spaces)

    def _user_profiles(
        self, domain: Domain, users: Collection[str] | None, where: str
    ) -> tuple[UserProfile, ...] | None:
        """The domain's user profiles (only ``users`` when given); None when refused."""
        params: dict[str, Any] = {"DomainIdEquals": domain.id}
        if users is not None and len(users) == 1:
            params["UserProfileNameContains"] = next(iter(users))
        try:
            raw = self.items(
                "list_user_profiles",
                "UserProfiles",
                params,
                "ListUserProfiles",
                f"user profiles in {where}",
            )
        except Refused as refused:
            self.warnings.append(f"{refused.message}; using the owners of private spaces")
            return None
        return tuple(
            UserProfile(domain.id, str(u["UserProfileName"]))
            for u in raw
            if u.get("Status") not in GONE and (users is None or u["UserProfileName"] in users)
        )


def _space(domain_id: str, item: dict[str, Any]) -> Space:
    # Spaces made before private spaces existed carry no sharing settings: they were shared.
    sharing = item.get("SpaceSharingSettingsSummary", {}).get("SharingType") or "Shared"
    owner = item.get("OwnershipSettingsSummary", {}).get("OwnerUserProfileName")
    app_type = item.get("SpaceSettingsSummary", {}).get("AppType")
    return Space(domain_id, str(item["SpaceName"]), str(sharing), owner, app_type)
