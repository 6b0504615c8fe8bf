"""The discover dialog's pure parts: the counts line and which shortcuts it offers."""

from __future__ import annotations

from pathlib import Path

from studio_tray.discovery.scan import Discovery, Domain, DomainFindings, Space, UserProfile
from studio_tray.model import Config, Profile, Shortcut
from studio_tray.settings.model import Counts, count_findings, discovery_choices

DOMAIN = "d-abc123def456"


def findings() -> list[Discovery]:
    domain = Domain(DOMAIN, "Prod", "IAM", True)
    users = tuple(UserProfile(DOMAIN, name) for name in ("alice", "bob"))
    spaces = (Space(DOMAIN, "team", "Shared", None, "JupyterLab"),)
    other = Domain("d-000000000000", "Old", "?", False, "domain status is Failed")
    return [
        Discovery("lab", "us-east-1", (DomainFindings(domain, users, spaces),), (), True),
        Discovery("lab", "eu-west-1", (DomainFindings(other, spaces_listed=False),), (), True),
    ]


def test_counts_add_up_domains_user_profiles_and_spaces() -> None:
    counts = count_findings(findings())
    assert counts == Counts(2, 2, 1)
    assert counts.line() == "2 domains, 2 user profiles, 1 space"
    assert Counts().line() == "0 domains, 0 user profiles, 0 spaces"


def test_choices_grey_what_the_config_has_whatever_its_name() -> None:
    mine = Shortcut("My lab", "lab", DOMAIN, "alice", space="team")
    config = Config(path=Path("config.toml"), profiles={"lab": Profile("lab")}, shortcuts=(mine,))
    choices = discovery_choices(findings(), config)
    assert [(c.shortcut.user_profile, c.added) for c in choices] == [
        ("alice", True),
        ("bob", False),
    ]
    assert choices[0].shortcut.name == "My lab"  # the config's own name, not discovery's
    assert choices[1].shortcut.name == "Prod - bob - team"


def test_a_new_choice_gets_a_name_the_config_does_not_use() -> None:
    taken = Shortcut("Prod - bob - team", "lab", DOMAIN, "carol")
    config = Config(path=Path("config.toml"), profiles={"lab": Profile("lab")}, shortcuts=(taken,))
    names = [c.shortcut.name for c in discovery_choices(findings(), config) if not c.added]
    assert names == ["Prod - alice - team", "Prod - bob - team (lab)"]


def test_the_dialog_notes_warnings_then_what_got_no_shortcut_and_why() -> None:
    from studio_tray.discovery.scan import Skipped
    from studio_tray.settings.model import discovery_notes

    domain = Domain(DOMAIN, "Prod", "IAM", True)
    skipped = (Skipped("space", "new-lab", "status is Pending"),)
    found = [
        Discovery(
            "lab",
            "us-east-1",
            (DomainFindings(domain, skipped=skipped),),
            ("may not call sagemaker:ListUserProfiles",),
            True,
        )
    ]
    assert discovery_notes(found) == [
        "may not call sagemaker:ListUserProfiles",
        f"Prod ({DOMAIN}): space new-lab gets no shortcut: status is Pending",
    ]
    assert count_findings(found) == Counts(1, 0, 0), "skipped ones are not counted as found"
