"""What a profile can open in one region: domains, user profiles and spaces.

Pure core: ``discover(client, profile, region)`` takes a SageMaker client (the launcher's cached
one in the app, with standard retries, so throttling is retried there) and follows every
NextToken through botocore's paginators. A list call that is refused does not end the run: it
becomes a warning naming the missing permission, and what could be listed is still returned.
User profiles and spaces that are not InService, and spaces of an app type no browser opens,
are kept apart (``DomainFindings.skipped``, each with its reason) so they get no shortcut but
are still shown.
Turning findings into shortcuts lives in ``studio_tray.discovery.shortcuts``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from studio_tray.discovery.calls import Calls, Progress, Refused
from studio_tray.model import Profile

__all__ = [
    "Discovery",
    "Domain",
    "DomainFindings",
    "Progress",
    "Skipped",
    "Space",
    "UserProfile",
    "discover",
    "skipped_notes",
]

GONE = frozenset({"Deleting", "Delete_Failed"})
DOMAIN_NOT_READY = frozenset({"Pending", "Failed", "Deleting", "Delete_Failed"})
READY = "InService"  # the one UserProfileStatus and SpaceStatus that gets a shortcut
# The LandingUri that opens a space of each app type a browser can show (api_rules' forms).
LANDING_URIS = {
    "JupyterLab": "app:JupyterLab:",
    "CodeEditor": "app:CodeEditor:",
    "JupyterServer": "app:JupyterServer:",
    "RStudioServerPro": "app:RStudioServerPro:",
    "Canvas": "app:Canvas:",
}


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
    """A space: ``sharing_type`` Private (to ``owner`` only) or Shared (with the whole domain);
    ``display_name``: its SpaceDisplayName, where it has one."""

    domain_id: str
    name: str
    sharing_type: str
    owner: str | None
    app_type: str | None
    display_name: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A user profile or space that was listed but gets no shortcut, and why."""

    kind: str  # "user profile" or "space"
    name: str
    reason: str


@dataclass(frozen=True)
class DomainFindings:
    """One domain with what was listed in it; ``spaces_listed`` is False when ListSpaces failed.

    ``user_profiles`` and ``spaces`` are those a shortcut can open; ``skipped`` the others (not
    InService, or an app type no browser opens)."""

    domain: Domain
    user_profiles: tuple[UserProfile, ...] = ()
    spaces: tuple[Space, ...] = ()
    spaces_listed: bool = True
    skipped: tuple[Skipped, ...] = ()


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
        skipped: list[Skipped] = []
        profiles = self._user_profiles(domain, users, where, skipped)
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
            kept = tuple(skipped)
            return DomainFindings(domain, profiles or (), spaces_listed=False, skipped=kept)
        spaces: list[Space] = []
        for item in raw_spaces:
            space = _space(domain.id, item)
            reason = _not_openable(item.get("Status"), space.app_type)
            if not reason:
                spaces.append(space)
            elif users is None or space.sharing_type != "Private" or space.owner in users:
                skipped.append(Skipped("space", space.name, reason))  # (not others' private)
        if profiles is None:  # a private space's owner is a user profile of the domain
            owners = {s.owner for s in spaces if s.owner and (users is None or s.owner in users)}
            profiles = tuple(UserProfile(domain.id, owner) for owner in sorted(owners))
        return DomainFindings(domain, profiles, tuple(spaces), skipped=tuple(skipped))

    def _user_profiles(
        self, domain: Domain, users: Collection[str] | None, where: str, skipped: list[Skipped]
    ) -> tuple[UserProfile, ...] | None:
        """The domain's user profiles (only ``users`` when given), those not InService added
        to ``skipped``; None when refused."""
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
        found: list[UserProfile] = []
        for item in raw:
            name = str(item["UserProfileName"])
            if users is not None and name not in users:
                continue
            reason = _not_openable(item.get("Status"), None)
            if reason:
                skipped.append(Skipped("user profile", name, reason))
            else:
                found.append(UserProfile(domain.id, name))
        return tuple(found)


def _not_openable(status: Any, app_type: str | None) -> str:
    """Why a user profile or space gets no shortcut ("" when it gets one). No Status at all
    (an older answer) counts as InService; no AppType lets Studio pick."""
    if status is not None and status != READY:
        return f"status is {status}"
    if app_type is not None and app_type not in LANDING_URIS:
        return f"app type {app_type} does not open in a browser"
    return ""


def _space(domain_id: str, item: dict[str, Any]) -> Space:
    # Spaces made before private spaces existed carry no sharing settings: they were shared.
    sharing = item.get("SpaceSharingSettingsSummary", {}).get("SharingType") or "Shared"
    owner = item.get("OwnershipSettingsSummary", {}).get("OwnerUserProfileName")
    app_type = item.get("SpaceSettingsSummary", {}).get("AppType")
    display = str(item.get("SpaceDisplayName") or "").strip() or None
    return Space(domain_id, str(item["SpaceName"]), str(sharing), owner, app_type, display)


def skipped_notes(discoveries: Iterable[Discovery]) -> list[str]:
    """One line per user profile or space that got no shortcut: where, what and why."""
    return [
        f"{findings.domain.name} ({findings.domain.id}): {item.kind} {item.name} gets no "
        f"shortcut: {item.reason}"
        for found in discoveries
        for findings in found.domains
        for item in findings.skipped
    ]
