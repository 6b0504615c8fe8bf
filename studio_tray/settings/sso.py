"""The settings window's IAM Identity Center parts without a window: the add form, the sign-in
state a row shows, and ``Job``, the worker thread a sign-in (or a portal call) runs on.

Adding a profile takes ``profile add --sso-*``'s steps (``aws.profile_setup``): the fields are
checked by the config's rules before signing in, the sign-in is the same device flow
(``aws.sso.signin``), the account and role lists are the same portal calls, and the profile is
written by the same edit. A ``Job`` never touches a window: it puts what happens on a queue the
window drains with ``after``, so the Tk main loop never waits for AWS.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio_tray.errors import ConfigError, CredentialError, StudioTrayError, UsageError
from studio_tray.model import Config, Profile

if TYPE_CHECKING:
    from studio_tray.aws.sso.oidc import DeviceCode
    from studio_tray.aws.sso.portal import Account
    from studio_tray.aws.sso.signin import IdentityCenter
    from studio_tray.aws.sso.source import SsoSource
    from studio_tray.aws.sso.tokens import TokenState

log = logging.getLogger(__name__)

NOT_SIGNED_IN = "not signed in"
SIGN_IN_FIELDS = ("name", "start_url", "sso_region")  # what the sign-in needs
SIGN_IN_PART = (*SIGN_IN_FIELDS, "session")  # the fields above the Sign in button


@dataclass
class SsoForm:
    """What the add-Identity-Center form holds, in tab order; every field as typed (the
    account and role as chosen from the lists)."""

    name: str = ""
    start_url: str = ""
    sso_region: str = ""
    session: str = ""
    account_id: str = ""
    role_name: str = ""
    region: str = ""
    endpoint_url: str = ""

    @classmethod
    def field_names(cls) -> list[str]:
        """The fields in tab order."""
        return [f.name for f in fields(cls)]

    def profile(self) -> Profile:
        """The profile the form describes (empty fields left out)."""

        def value(text: str) -> str | None:
            return text.strip() or None

        return Profile(
            name=self.name.strip(),
            region=value(self.region),
            endpoint_url=value(self.endpoint_url),
            sso_start_url=value(self.start_url),
            sso_region=value(self.sso_region),
            sso_session=value(self.session),
            sso_account_id=value(self.account_id),
            sso_role_name=value(self.role_name),
        )


def check_sso_form(form: SsoForm, config: Config, *, chosen: bool) -> Profile:
    """The form's profile, checked as ``profile add --sso-*`` checks it; ``chosen``: the
    account and role must be there too (to save; not to sign in). One ``UsageError`` naming
    every problem otherwise."""
    from studio_tray.aws.profile_setup import check_sso_fields

    problems: list[str] = []
    labels = {"name": "name", "start_url": "SSO start URL", "sso_region": "SSO region"}
    problems += [f"{labels[n]}: required" for n in SIGN_IN_FIELDS if not getattr(form, n).strip()]
    if chosen:
        problems += [
            f"{what}: choose one (sign in first)"
            for what, value in (("account", form.account_id), ("role", form.role_name))
            if not value.strip()
        ]
    profile = form.profile()
    if not problems:
        try:
            check_sso_fields(config, profile)
        except ConfigError as err:
            problems += list(err.problems) or [str(err)]
    if problems:
        raise UsageError("\n".join(problems))
    return profile


def account_label(account: Account) -> str:
    """How the account list shows an account: ``111122223333  prod``, as ``profile add``."""
    from studio_tray.aws.profile_setup import account_label as label

    return label(account)


def state_text(state: TokenState) -> str:
    """What the Profiles list says of a sign-in: ``signed in until 14:05`` or not signed in."""
    from studio_tray.aws.sso import tokens

    if state.status == tokens.SIGNED_IN:
        return state.describe()
    return NOT_SIGNED_IN


def sign_in_state(profile: Profile, center: IdentityCenter | None = None) -> str | None:
    """The Profiles list's state of ``profile``'s sign-in; None when it does not use one."""
    from studio_tray.aws.sso.signin import token_state
    from studio_tray.aws.sso.source import from_profile

    try:
        source = from_profile(profile)
    except CredentialError:
        return None
    if source is None:
        return None
    return state_text(token_state(source, center=center))


def source_of(profile: Profile) -> SsoSource:
    """Where ``profile`` signs in; ``UsageError`` when it does not use Identity Center."""
    from studio_tray.aws.sso.source import from_profile

    source = from_profile(profile)
    if source is None:
        raise UsageError(f"profile {profile.name} does not sign in with IAM Identity Center")
    return source


Report = Callable[[str, Any], None]


class Job:
    """``work(report, cancelled)`` on a daemon thread. What it reports, then ``("done",
    result)`` or ``("error", message)``, arrive on ``events`` in order; ``cancel()`` makes
    ``cancelled()`` true (a sign-in then ends with ``SignInCancelled``)."""

    def __init__(self, name: str, work: Callable[[Report, Callable[[], bool]], Any]) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._cancel = threading.Event()
        self._work = work
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Job:
        """Start the thread; the job itself."""
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to give up."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether ``cancel`` was called."""
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            result = self._work(
                lambda kind, value: self.events.put((kind, value)), self._cancel.is_set
            )
        except StudioTrayError as err:
            self.events.put(("error", str(err)))
        except Exception as err:  # noqa: BLE001 - the window must hear of the end, whatever it was
            log.exception("%s failed", self._thread.name)
            self.events.put(("error", f"{self._thread.name} failed ({type(err).__name__})"))
        else:
            self.events.put(("done", result))


def shower(report: Report, browser: str | None) -> Callable[[DeviceCode], None]:
    """The device flow's ``show_code``: report the code and the verification URL (without its
    query), then open the verification page with the configured browser command, through
    ``system.browser`` as every other page the app opens."""
    from studio_tray.system.browser import open_url

    def show(device: DeviceCode) -> None:
        report("code", (device.user_code, device.verification_uri))
        if browser is None:
            return
        try:
            open_url(device.verification_uri_complete, browser)
        except StudioTrayError as err:
            report("browser", f"the browser could not be opened ({err}); open the URL yourself")
        else:
            report("browser", "the browser was opened; approve the code there")

    return show


def sign_in_job(
    source: SsoSource,
    browser: str | None,
    *,
    then: Callable[[IdentityCenter], Any] | None = None,
    reuse: bool = False,
    center: IdentityCenter | None = None,
) -> Job:
    """A job signing ``source`` in (the device flow, the token to the AWS CLI's cache), then
    ``then(center)``'s result (None without). ``reuse``: a usable sign-in is kept, as
    ``profile add`` keeps it, instead of signing in again."""
    from studio_tray.aws.sso.signin import default_center
    from studio_tray.errors import SignInRequired

    def work(report: Report, cancelled: Callable[[], bool]) -> Any:
        here = center or default_center()
        signed = False
        if reuse:
            try:
                here.token(source)
                signed = True
            except SignInRequired:
                pass
        if not signed:
            here.sign_in(source, shower(report, browser), cancelled)
        report("signed-in", state_text(here.token_state(source)))
        return then(here) if then is not None else None

    return Job("sign-in", work)


def accounts_then(source: SsoSource) -> Callable[[IdentityCenter], list[Account]]:
    """After the sign-in: the accounts to choose from (``profile add``'s list)."""
    from studio_tray.aws.profile_setup import sso_accounts

    return lambda center: sso_accounts(center, source)


def roles_job(source: SsoSource, account_id: str, *, center: IdentityCenter | None = None) -> Job:
    """A job listing the roles of ``account_id`` (``profile add``'s role list)."""
    from studio_tray.aws.profile_setup import sso_roles
    from studio_tray.aws.sso.signin import default_center

    return Job(
        "roles",
        lambda _report, _cancelled: sso_roles(center or default_center(), source, account_id),
    )


def save_sso_profile(path: Path, form: SsoForm) -> tuple[Profile, bool]:
    """Write the form's profile (account and role chosen) as ``profile add --sso-*`` writes
    it; the profile and whether one of that name was replaced. ``UsageError`` with every
    problem, nothing written, otherwise."""
    from studio_tray import config as config_file
    from studio_tray.config import edits
    from studio_tray.settings.actions import tell_tray

    profile = check_sso_form(form, config_file.load(path), chosen=True)
    replaced = edits.add_profile(path, profile)
    tell_tray(path)
    return profile, replaced
