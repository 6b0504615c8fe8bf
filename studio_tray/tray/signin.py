"""The tray's IAM Identity Center sign-in: a click that needs one starts it by itself.

When a launch finds no usable sign-in (``SignInRequired``), ``SignInService.sign_in_for``
opens the verification page in the shortcut's browser and polls until the request is approved,
denied or expired; the click then carries on by itself. One sign-in per session is in flight:
every other click that needs the same sign-in waits for that one instead of starting another.
While one is waiting, ``waiting`` names it (the tooltip says "Waiting for sign-in to NAME").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from studio_tray.errors import CredentialError, SignInRequired, StudioTrayError

if TYPE_CHECKING:
    from studio_tray.aws.sso.oidc import DeviceCode
    from studio_tray.tray.protocols import TrayApp

log = logging.getLogger(__name__)

Opener = Callable[[str, str], None]


@dataclass
class _Flight:
    """One sign-in under way: who started it and how it ended."""

    label: str
    done: threading.Event = field(default_factory=threading.Event)
    error: StudioTrayError | None = None


def _default_opener(url: str, command: str) -> None:
    from studio_tray.system.browser import open_url

    open_url(url, command)


class SignInService:
    """Runs tray-started sign-ins (an ``app.add_service`` service); thread-safe."""

    def __init__(self, app: TrayApp, opener: Opener | None = None) -> None:
        self._app = app
        self._opener = opener or _default_opener
        self._flights: dict[str, _Flight] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    @property
    def waiting(self) -> tuple[str, ...]:
        """The sign-ins waiting for approval now, by profile name."""
        with self._lock:
            return tuple(sorted(f.label for f in self._flights.values()))

    def start(self) -> None:
        """Nothing to start: sign-ins begin with the clicks that need them."""

    def stop(self) -> None:
        """Give up the sign-ins under way (the tray is quitting)."""
        self._stopping.set()

    def sign_in_for(self, needed: SignInRequired, browser: str) -> None:
        """Block until profile ``needed.profile`` is signed in; raises why not (denied,
        expired, cancelled). Joins the sign-in of its session when one is under way."""
        from studio_tray.aws.sso.source import from_profile

        profile = self._app.configs.current.profiles.get(needed.profile)
        source = from_profile(profile) if profile is not None else None
        if source is None:
            raise needed
        with self._lock:
            flight = self._flights.get(source.cache_key)
            starter = flight is None
            if flight is None:
                flight = self._flights[source.cache_key] = _Flight(source.profile)
        if starter:
            log.info("signing in to IAM Identity Center for %s", source.profile)
            self._app.refresh()
            worker = threading.Thread(
                target=self._run, args=(source, flight, browser), name="sign-in", daemon=True
            )
            worker.start()
        else:
            log.info("waiting for the sign-in of %s already under way", flight.label)
        while not flight.done.wait(0.5):
            if self._stopping.is_set():
                raise CredentialError("the sign-in was given up: the tray is quitting")
        if flight.error is not None:
            raise flight.error

    def _run(self, source: object, flight: _Flight, browser: str) -> None:
        from studio_tray.aws.sso.source import SsoSource

        assert isinstance(source, SsoSource)

        def show(device: DeviceCode) -> None:
            self._app.notify(
                "Sign in to IAM Identity Center",
                f"Approve code {device.user_code} in the browser to sign in {source.profile}",
            )
            try:
                self._opener(device.verification_uri_complete, browser)
            except StudioTrayError as err:
                self._app.report("Sign-in", f"{err}; open {device.verification_uri} yourself")

        try:
            center = self._app.launcher.sessions.sso
            center.sign_in(source, show, self._stopping.is_set)
        except StudioTrayError as err:
            flight.error = err
        except Exception as exc:  # the tray must outlive any bug here
            log.exception("sign-in of %s failed", source.profile)
            flight.error = CredentialError(
                f"the sign-in failed ({type(exc).__name__}; see the log)"
            )
        finally:
            with self._lock:
                self._flights.pop(source.cache_key, None)
            flight.done.set()
            log.info("sign-in of %s %s", source.profile, "failed" if flight.error else "approved")
            self._app.refresh()
