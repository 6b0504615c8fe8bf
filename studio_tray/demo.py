"""The demo: the embedded emulator, in-memory demo keys and a few shortcuts.

It touches neither the user's config file nor the keyring, and needs no AWS account. The
"Demo SSO" shortcut signs in through the emulator's IAM Identity Center (approve the request
in the browser, then Studio opens); its token cache is in the demo's temporary folder, never
~/.aws/sso/cache.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qs, urlsplit

from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.aws.sso.cache import TokenCache
from studio_tray.aws.sso.clients import SsoClients
from studio_tray.aws.sso.signin import IdentityCenter
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.model import Config, Profile, Settings, Shortcut
from studio_tray.system.browser import open_url

DEMO_PROFILE = "demo"
DEMO_DOMAIN = "d-demo00000001"
DEMO_REGION = "us-east-1"
NOT_FOUND_HINT = (
    "this demo shortcut fails on purpose (its space does not exist); the other demo shortcuts "
    'open, e.g. `studio-tray demo --print "Demo - alice - lab"`'
)
DEMO_SSO_PROFILE = "demo-sso"
DEMO_SSO_SHORTCUT = "Demo SSO"
DEMO_SSO_ROLE = "DemoStudio"
DEMO_SSO_START_URL = "https://d-emulator00.awsapps.com/start"


def demo_shortcuts() -> tuple[Shortcut, ...]:
    """The demo's shortcuts; the last one fails on purpose, to show how errors look."""
    common = {"profile": DEMO_PROFILE, "domain_id": DEMO_DOMAIN, "user_profile": "alice"}
    return (
        Shortcut(
            name="Demo - alice - lab", space="alice-lab", landing_uri="app:JupyterLab:", **common
        ),
        Shortcut(name="Demo - alice - Studio home", landing_uri="studio::", **common),
        Shortcut(
            name="Demo - team - code",
            space="team-code",
            landing_uri="app:CodeEditor:",
            group="Team",
            **common,
        ),
        Shortcut(
            name="Demo - broken (no such space)", space="no-such-space", group="Team", **common
        ),
        Shortcut(
            name=DEMO_SSO_SHORTCUT,
            profile=DEMO_SSO_PROFILE,
            domain_id=DEMO_DOMAIN,
            user_profile="alice",
            space="alice-lab",
            landing_uri="app:JupyterLab:",
        ),
    )


def seed(emulator: Emulator) -> None:
    """Put the demo account into ``emulator``: one domain, alice, a private space that is
    stopped (a click starts it in a few seconds) and a shared one that runs (to stop)."""
    emulator.add_domain(DEMO_DOMAIN, "demo")
    emulator.add_user_profile(DEMO_DOMAIN, "alice")
    emulator.add_space(DEMO_DOMAIN, "alice-lab", owner="alice", app_type="JupyterLab")
    emulator.add_space(DEMO_DOMAIN, "team-code", sharing="Shared", app_type="CodeEditor")
    emulator.add_app(DEMO_DOMAIN, "team-code")
    emulator.add_sso_assignment(emulator.state.account_id, DEMO_SSO_ROLE, account_name="demo")


@dataclass
class DemoEnv:
    """A running demo: its emulator, config, sessions and launcher. ``close()`` stops it."""

    emulator: Emulator
    config: Config
    sessions: SessionProvider
    launcher: Launcher
    workdir: tempfile.TemporaryDirectory[str] = field(repr=False)

    def close(self) -> None:
        """Stop the emulator and remove the demo's temporary folder."""
        self.emulator.stop()
        self.workdir.cleanup()


def start_demo(port: int = 0, browser: str = "") -> DemoEnv:
    """Start the embedded emulator with the demo account and return the demo's parts."""
    emulator = Emulator({DEMO_ACCESS_KEY_ID: DEMO_SECRET_ACCESS_KEY}, port=port).start()
    seed(emulator)
    workdir = tempfile.TemporaryDirectory(prefix="studio-tray-demo-")
    profile = Profile(name=DEMO_PROFILE, region=DEMO_REGION, endpoint_url=emulator.url)
    sso_profile = Profile(
        name=DEMO_SSO_PROFILE,
        region=DEMO_REGION,
        endpoint_url=emulator.url,
        sso_start_url=DEMO_SSO_START_URL,
        sso_region=DEMO_REGION,
        sso_account_id=emulator.state.account_id,
        sso_role_name=DEMO_SSO_ROLE,
        sso_session="demo",
    )
    config = Config(
        path=Path(workdir.name) / "demo-config.toml",
        settings=Settings(browser=browser, picker_hotkey=""),
        profiles=MappingProxyType({DEMO_PROFILE: profile, DEMO_SSO_PROFILE: sso_profile}),
        shortcuts=demo_shortcuts(),
    )
    store = MemoryKeyStore({DEMO_PROFILE: (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    sso = IdentityCenter(SsoClients(emulator.url), TokenCache(Path(workdir.name) / "sso-cache"))
    sessions = SessionProvider(store, sso=sso)
    return DemoEnv(
        emulator, config, sessions, Launcher(sessions, open_url, NOT_FOUND_HINT), workdir
    )


def wait_until_used(emulator: Emulator, url: str, poll: float = 0.2) -> bool:
    """Block until the URL's sign-in page was opened (True) or the URL expired (False)."""
    token = (parse_qs(urlsplit(url).query).get("token") or [""])[0]
    while True:
        with emulator.state.lock:
            found = emulator.state.tokens.get(token)
            used = found is not None and found.used
            expired = found is None or emulator.now() > found.expires_at
        if used:
            return True
        if expired:
            return False
        time.sleep(poll)
