"""Discovery against the emulator: a generated account, real HTTP, real SigV4, real paginators."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.discovery.scan import Discovery, discover, skipped_notes
from studio_tray.discovery.shortcuts import candidates, new_shortcuts
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.model import Profile

USERS = [f"user-{i:03d}" for i in range(250)]
PRIVATE = {  # space -> (owner, app type)
    "lab-000": ("user-000", "JupyterLab"),
    "code-001": ("user-001", "CodeEditor"),
    "rstudio-002": ("user-002", "RStudioServerPro"),
    "lab-249": ("user-249", "JupyterLab"),
}
SHARED = {"team": "CodeEditor", "classic": "JupyterServer", "canvas": "Canvas"}


@dataclass
class Account:
    """The generated account's ids and the pieces that talk to it."""

    emu: Emulator
    prod: str
    corp: str
    dev: str
    profile: Profile
    launcher: Launcher

    def discover(self, **kwargs: object) -> Discovery:
        client = self.launcher.client(self.profile)
        return discover(client, self.profile, "us-east-1", **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def account(emulator: Emulator) -> Account:
    """3 domains: Prod (IAM, 250 user profiles, private and shared spaces of several app types),
    Corp (SSO) and Dev (IAM, one user with no space)."""
    prod = emulator.add_domain(name="Prod")
    for user in USERS:
        emulator.add_user_profile(prod, user)
    for space, (owner, app_type) in PRIVATE.items():
        emulator.add_space(prod, space, owner=owner, app_type=app_type)
    for space, app_type in SHARED.items():
        emulator.add_space(prod, space, sharing="Shared", app_type=app_type)
    corp = emulator.add_domain(name="Corp", auth_mode="SSO")
    emulator.add_user_profile(corp, "sso-user")
    emulator.add_space(corp, "sso-lab", owner="sso-user")
    dev = emulator.add_domain(name="Dev")
    emulator.add_user_profile(dev, "bob")
    profile = Profile("P", region="us-east-1", endpoint_url=emulator.url)
    store = MemoryKeyStore({"P": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    return Account(emulator, prod, corp, dev, profile, Launcher(SessionProvider(store)))


def test_every_user_profile_and_space_is_found_across_pages(account: Account) -> None:
    started = time.monotonic()
    found = account.discover()
    elapsed = time.monotonic() - started
    assert found.listed and found.warnings == ()
    by_id = {f.domain.id: f for f in found.domains}
    assert set(by_id) == {account.prod, account.corp, account.dev}
    prod = by_id[account.prod]
    assert sorted(u.name for u in prod.user_profiles) == USERS
    assert {s.name for s in prod.spaces} == set(PRIVATE) | set(SHARED)
    owners = {s.name: (s.owner, s.app_type) for s in prod.spaces if s.sharing_type == "Private"}
    assert owners == PRIVATE
    pages = [
        r
        for r in account.emu.requests
        if r.op == "ListUserProfiles" and r.params.get("DomainIdEquals") == account.prod
    ]
    assert len(pages) >= 3, "250 user profiles must take several pages"
    assert elapsed < 10, f"discovery took {elapsed:.1f}s"


def test_sso_domain_gets_one_shortcut_to_its_studio_url(account: Account) -> None:
    found = account.discover()
    corp = next(f for f in found.domains if f.domain.id == account.corp)
    assert corp.domain.auth_mode == "SSO"
    assert not corp.domain.usable and "SSO" in corp.domain.reason
    assert corp.domain.url == f"https://{account.corp}.studio.us-east-1.sagemaker.aws"
    (shortcut,) = [s for s in candidates([found]) if s.domain_id == account.corp]
    assert (shortcut.name, shortcut.studio_url, shortcut.user_profile, shortcut.space) == (
        "Corp",
        corp.domain.url,
        "",
        None,
    )
    listed = {r.params.get("DomainIdEquals") for r in account.emu.requests}
    assert account.corp not in listed, "nothing is listed inside an Identity Center domain"


def test_private_spaces_pair_only_with_their_owner(account: Account) -> None:
    shortcuts = candidates([account.discover()])
    pairs = {(s.user_profile, s.space) for s in shortcuts if s.domain_id == account.prod}
    for space, (owner, _) in PRIVATE.items():
        assert {u for u, sp in pairs if sp == space} == {owner}
    for space in SHARED:
        assert {u for u, sp in pairs if sp == space} == set(USERS)
    assert {sp for u, sp in pairs if u == "user-100"} == set(SHARED)
    assert len(pairs) == len(PRIVATE) + len(SHARED) * len(USERS)


def test_landing_uri_follows_the_app_type(account: Account) -> None:
    shortcuts = candidates([account.discover()])
    uris = {s.space: s.landing_uri for s in shortcuts if s.user_profile in ("user-000", "user-001")}
    assert uris == {
        "lab-000": "app:JupyterLab:",
        "code-001": "app:CodeEditor:",
        "team": "app:CodeEditor:",
        "classic": "app:JupyterServer:",
        "canvas": "app:Canvas:",
    }
    rstudio = next(s for s in shortcuts if s.space == "rstudio-002")
    assert rstudio.landing_uri == "app:RStudioServerPro:"


def test_entries_not_in_service_get_no_shortcut_and_are_listed_with_why(account: Account) -> None:
    emu = account.emu
    odd = emu.add_domain(name="Odd")
    emu.add_user_profile(odd, "ann")
    emu.add_user_profile(odd, "new-user", status="Pending")
    emu.add_user_profile(odd, "broken-user", status="Failed", failure_reason="no role")
    emu.add_space(odd, "good", owner="ann")
    emu.add_space(odd, "making", owner="ann", status="Pending")
    emu.add_space(odd, "stuck", sharing="Shared", status="Update_Failed")
    emu.add_space(odd, "leaving", sharing="Shared", status="Deleting")
    emu.add_space(odd, "gateway", sharing="Shared", app_type="KernelGateway")
    found = account.discover()
    (findings,) = [f for f in found.domains if f.domain.id == odd]
    assert [u.name for u in findings.user_profiles] == ["ann"]
    assert [s.name for s in findings.spaces] == ["good"]
    assert {(s.kind, s.name, s.reason) for s in findings.skipped} == {
        ("user profile", "new-user", "status is Pending"),
        ("user profile", "broken-user", "status is Failed"),
        ("space", "making", "status is Pending"),
        ("space", "stuck", "status is Update_Failed"),
        ("space", "leaving", "status is Deleting"),
        ("space", "gateway", "app type KernelGateway does not open in a browser"),
    }
    odd_shortcuts = [s for s in candidates([found]) if s.domain_id == odd]
    assert [(s.user_profile, s.space) for s in odd_shortcuts] == [("ann", "good")]
    notes = skipped_notes([found])
    assert f"Odd ({odd}): space making gets no shortcut: status is Pending" in notes
    assert len(notes) == 6
    # Asked about ann alone: others' user profiles and private spaces are not listed at all.
    emu.add_user_profile(odd, "zed")
    emu.add_space(odd, "zed-new", owner="zed", status="Pending")
    (mine,) = [f for f in account.discover(users={"ann"}).domains if f.domain.id == odd]
    assert {s.name for s in mine.skipped} == {"making", "stuck", "leaving", "gateway"}


def test_a_space_is_named_by_its_display_name_made_valid(account: Account) -> None:
    emu = account.emu
    named = emu.add_domain(name="Named")
    emu.add_user_profile(named, "ann")
    emu.add_space(named, "lab-1", owner="ann", display_name="Ann's  big\tlab")
    emu.add_space(named, "lab-2", owner="ann")  # no display name: its SpaceName
    emu.add_space(named, "lab-3", owner="ann", display_name="x" * 64)
    fresh = new_shortcuts(candidates([account.discover()]), [])
    names = {s.space: s.name for s in fresh if s.domain_id == named}
    assert names["lab-1"] == "Named - ann - Ann's big lab"
    assert names["lab-2"] == "Named - ann - lab-2"
    assert names["lab-3"] == "Named - ann - " + "x" * 64
    from studio_tray.config.fields import check_label

    for name in names.values():
        assert check_label(name) == name


def test_user_profile_without_space_gets_studio_home(account: Account) -> None:
    shortcuts = candidates([account.discover()])
    dev = [s for s in shortcuts if s.domain_id == account.dev]
    assert len(dev) == 1
    assert (dev[0].name, dev[0].user_profile, dev[0].space, dev[0].landing_uri) == (
        "Dev - bob",
        "bob",
        None,
        None,
    )
    assert dev[0].group == "Dev"


def test_names_follow_domain_user_space_and_are_unique(account: Account) -> None:
    shortcuts = new_shortcuts(candidates([account.discover()]), [])
    names = [s.name for s in shortcuts]
    assert len(set(names)) == len(names)
    assert "Prod - user-000 - lab-000" in names
    assert "Prod - user-249 - team" in names
    assert {s.group for s in shortcuts} == {"Prod", "Dev", "Corp"}
    grouped = candidates([account.discover()], group="Mine")
    assert {s.group for s in grouped} == {"Mine"}


def test_user_filter_lists_only_that_user(account: Account) -> None:
    found = account.discover(users={"user-002"})
    prod = next(f for f in found.domains if f.domain.id == account.prod)
    assert [u.name for u in prod.user_profiles] == ["user-002"]
    shortcuts = candidates([found], users={"user-002"})
    assert {s.space for s in shortcuts} == {"rstudio-002", *SHARED}


def test_access_denied_on_list_spaces_keeps_domains_and_user_profiles(account: Account) -> None:
    account.emu.deny("ListSpaces")
    found = account.discover()
    assert found.listed
    prod = next(f for f in found.domains if f.domain.id == account.prod)
    assert len(prod.user_profiles) == 250
    assert prod.spaces == () and not prod.spaces_listed
    assert found.warnings and all("sagemaker:ListSpaces" in w for w in found.warnings)
    assert "Prod" in " ".join(found.warnings)
    shortcuts = [s for s in candidates([found]) if s.domain_id == account.prod]
    assert len(shortcuts) == 250 and {s.space for s in shortcuts} == {None}


def test_access_denied_on_list_domains_lists_nothing(account: Account) -> None:
    account.emu.deny("ListDomains")
    found = account.discover()
    assert not found.listed and found.domains == ()
    assert "sagemaker:ListDomains" in found.warnings[0]


def test_access_denied_on_describe_domain_assumes_iam(account: Account) -> None:
    account.emu.deny("DescribeDomain")
    found = account.discover()
    assert all(f.domain.usable and f.domain.auth_mode == "?" for f in found.domains)
    assert "sagemaker:DescribeDomain" in found.warnings[0]


def test_throttling_is_retried(account: Account) -> None:
    account.emu.inject("throttle", count=1, ops="ListUserProfiles")
    account.emu.inject("throttle", count=1, ops="ListSpaces")
    found = account.discover()
    assert found.warnings == ()
    prod = next(f for f in found.domains if f.domain.id == account.prod)
    assert len(prod.user_profiles) == 250 and len(prod.spaces) == len(PRIVATE) + len(SHARED)
    throttled = [r for r in account.emu.requests if r.fault == "throttle"]
    assert len(throttled) == 2


def test_failure_after_the_first_page_keeps_what_was_listed(account: Account) -> None:
    messages: list[str] = []

    def progress(message: str) -> None:
        messages.append(message)
        if len(messages) == 1:  # after the first page of user profiles: every retry fails
            account.emu.inject("5xx", count=10, ops="ListUserProfiles")

    found = account.discover(progress=progress)
    prod = next(f for f in found.domains if f.domain.id == account.prod)
    assert len(prod.user_profiles) == 100
    assert any("kept the first 100" in w for w in found.warnings)
    assert "user profiles" in messages[0]


def test_access_denied_on_list_user_profiles_falls_back_to_space_owners(account: Account) -> None:
    account.emu.deny("ListUserProfiles")
    found = account.discover()
    prod = next(f for f in found.domains if f.domain.id == account.prod)
    assert sorted(u.name for u in prod.user_profiles) == sorted(o for o, _ in PRIVATE.values())
    assert any("sagemaker:ListUserProfiles" in w for w in found.warnings)
    pairs = {(s.user_profile, s.space) for s in candidates([found])}
    assert ("user-000", "lab-000") in pairs and ("user-000", "team") in pairs
    assert ("user-001", "lab-000") not in pairs


def test_rejected_keys_list_nothing_and_say_how_to_fix(account: Account) -> None:
    store = MemoryKeyStore({"P": (DEMO_ACCESS_KEY_ID, "not-the-secret")})
    client = Launcher(SessionProvider(store)).client(account.profile)
    found = discover(client, account.profile, "us-east-1")
    assert not found.listed
    assert "rejected" in found.warnings[0] and "studio-tray profile add P" in found.warnings[0]
    assert "not-the-secret" not in found.warnings[0]
