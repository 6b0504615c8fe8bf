"""The click path: a fresh presigned Studio URL for a shortcut, checked and opened.

Clients are cached per (profile, region, endpoint) so their connections stay alive between
clicks. Each call is bounded: 3 attempts with standard retries, a 3 s connect timeout and a 5 s
read timeout, so even a hanging endpoint ends a click in under 20 s. The URL never leaves this
module except to the browser (or to the caller of ``fresh_url``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any
from urllib.parse import parse_qs, urlsplit

from studio_tray import api_rules, logs, paths
from studio_tray.aws import errors as aws_errors
from studio_tray.aws import service_model, urls
from studio_tray.aws.clients import MAX_POOL, client_config
from studio_tray.aws.credentials import SessionProvider
from studio_tray.errors import ConfigError, LaunchError, StudioTrayError
from studio_tray.model import Config, Profile, Shortcut
from studio_tray.spaces import lifecycle
from studio_tray.spaces.calls import AppNotFound, SpaceAccessDenied, SpaceCalls

log = logging.getLogger(__name__)

PERMISSION = "sagemaker:CreatePresignedDomainUrl"
# A space seen running this recently is taken as running: repeated clicks stay one request.
RUNNING_TTL = 60.0
INSECURE_WARNING = (
    "profile %s: endpoint_url is plain http (allow_insecure_endpoint): the signed request can "
    "be read and replayed on the way"
)

_MUST_READ = "must read"  # ``_known_without_reading``: the space's state takes a call

Opener = Callable[[str, str], None]
"""``opener(url, browser_command)``: opens ``url``; an empty command means the default browser.
The real one is ``system.browser.open_url``, passed in by the wiring (``runtime``, ``demo``)."""


def request_params(shortcut: Shortcut, config: Config) -> dict[str, Any]:
    """The ``create_presigned_domain_url`` arguments for ``shortcut``, checked against the API."""
    params: dict[str, Any] = {
        "DomainId": shortcut.domain_id,
        "UserProfileName": shortcut.user_profile,
        "ExpiresInSeconds": config.settings.expires_in,
        "SessionExpirationDurationInSeconds": config.settings.session_duration,
    }
    if shortcut.space:
        params["SpaceName"] = shortcut.space
    if shortcut.landing_uri:
        params["LandingUri"] = shortcut.landing_uri
    problems = [
        f"{field} {value!r} {problem}"
        for field, value, problem in (
            ("domain_id", shortcut.domain_id, api_rules.check_domain_id(shortcut.domain_id)),
            ("user_profile", shortcut.user_profile, api_rules.check_name(shortcut.user_profile)),
            ("space", shortcut.space, shortcut.space and api_rules.check_name(shortcut.space)),
            (
                "landing_uri",
                shortcut.landing_uri,
                shortcut.landing_uri and api_rules.check_landing_uri(shortcut.landing_uri),
            ),
            (
                "expires_in",
                config.settings.expires_in,
                api_rules.check_expires_in(config.settings.expires_in),
            ),
            (
                "session_duration",
                config.settings.session_duration,
                api_rules.check_session_duration(config.settings.session_duration),
            ),
        )
        if problem
    ]
    if problems:
        raise ConfigError([f"shortcut {shortcut.name!r}: {p}" for p in problems])
    return params


class Launcher:
    """Gets fresh URLs and opens them. Thread-safe: the tray calls it from worker threads."""

    def __init__(
        self,
        sessions: SessionProvider,
        opener: Opener | None = None,
        not_found_hint: str | None = None,
        max_pool: int = MAX_POOL,
    ) -> None:
        self._sessions = sessions
        self._max_pool = max_pool  # connections each client keeps (`spaces` wants more)
        self._opener = opener
        self._not_found_hint = not_found_hint  # replaces "run discover" (the demo has no config)
        self._clients: dict[tuple[str, str, str | None], tuple[Any, Any]] = {}
        self._running: dict[tuple[str, str, str], float] = {}  # (profile, domain, space) -> seen
        self._lock = threading.Lock()

    @property
    def sessions(self) -> SessionProvider:
        """The session provider this launcher uses."""
        return self._sessions

    def client(self, profile: Profile, region: str | None = None) -> Any:
        """The cached SageMaker client of ``profile`` (created on first use)."""
        session = self._sessions.session_for(profile)
        region = region or profile.region or session.region_name
        if not region:
            raise LaunchError(
                f"profile {profile.name} has no region",
                hint='add region = "us-east-1" (or yours) to the profile in the config',
            )
        key = (profile.name, region, profile.endpoint_url)
        with self._lock:
            cached = self._clients.get(key)
            # A new session (keys changed, role refreshed by the provider) needs a new client.
            if cached is not None and cached[0] is session:
                return cached[1]
            service_model.use_trimmed_model(session, paths.cache_dir())
            client = session.client(
                "sagemaker",
                region_name=region,
                endpoint_url=profile.endpoint_url or None,
                config=client_config(self._max_pool),
            )
            self._clients[key] = (session, client)
            return client

    def warm(self, config: Config) -> int:
        """Create the client of each profile the shortcuts use, so the first click is a warm one.

        Meant for a background thread after the tray starts. No request is sent; profiles whose
        session needs a role (an STS call, maybe an MFA prompt) are left for their first click,
        and any failure is left for the click to report. Returns how many clients it made.
        """
        made = 0
        for name in dict.fromkeys(s.profile for s in config.shortcuts):
            profile = config.profiles.get(name)
            if profile is None or profile.role_arn:
                continue
            try:
                # The presign's operation model is built on its first call: build it now too.
                self.client(profile).meta.service_model.operation_model("CreatePresignedDomainUrl")
                made += 1
            except Exception as exc:  # the click will say what is wrong, with its fix
                log.debug("warm-up of profile %s skipped (%s)", name, type(exc).__name__)
        return made

    def forget(self, profile_name: str | None = None) -> None:
        """Drop cached clients (of one profile, or all), e.g. after its keys changed."""
        with self._lock:
            for key in [k for k in self._clients if profile_name in (None, k[0])]:
                del self._clients[key]
            for seen in [k for k in self._running if profile_name in (None, k[0])]:
                del self._running[seen]
        self._sessions.invalidate(profile_name)

    def forget_running(self, profile_name: str, domain_id: str, space: str) -> None:
        """Stop taking this space as running (it was just stopped)."""
        with self._lock:
            self._running.pop((profile_name, domain_id, space), None)

    def saw_running(self, profile_name: str, domain_id: str, space: str) -> None:
        """Take this space as running for ``RUNNING_TTL`` seconds, as if a click had just read
        it: the tray's status read at start-up makes the first click one request."""
        with self._lock:
            self._running[(profile_name, domain_id, space)] = time.monotonic()

    def fresh_url(self, config: Config, shortcut: Shortcut) -> str:
        """A new presigned URL for ``shortcut``; raises ``StudioTrayError`` subclasses."""
        started = time.monotonic()
        try:
            return self._presign(config, shortcut)
        except StudioTrayError as err:
            log.info(
                "shortcut %r failed after %.2fs: %s", shortcut.name, time.monotonic() - started, err
            )
            raise

    def _presign(self, config: Config, shortcut: Shortcut) -> str:
        """``fresh_url`` without its failure log line: a presign sent ahead of a space check
        may be dropped, and its failure then says nothing about the click."""
        if shortcut.studio_url:
            # An Identity Center domain: its own Studio URL, never CreatePresignedDomainUrl.
            urls.check_url(shortcut.studio_url, None)
            return shortcut.studio_url
        profile = config.profiles.get(shortcut.profile)
        if profile is None:
            raise ConfigError(
                f"shortcut {shortcut.name!r}: profile {shortcut.profile!r} is not in the config"
            )
        params = request_params(shortcut, config)
        client = self.client(profile)
        region = client.meta.region_name
        target = f"domain {shortcut.domain_id}, user profile {shortcut.user_profile}" + (
            f", space {shortcut.space}" if shortcut.space else ""
        )
        action = aws_errors.Action(PERMISSION, target, profile, not_found_hint=self._not_found_hint)
        if urls.is_insecure_endpoint(profile.endpoint_url):
            log.warning(INSECURE_WARNING, profile.name)
        started = time.monotonic()
        try:
            response = client.create_presigned_domain_url(**params)
        except Exception as exc:
            mapped = aws_errors.from_exception(exc, action, region)
            if mapped is None:
                log.debug("unexpected error type %s", type(exc).__name__)
                mapped = LaunchError(f"unexpected error for {target} ({type(exc).__name__})")
            raise mapped from None
        url = response.get("AuthorizedUrl")
        if not isinstance(url, str) or not url:
            raise LaunchError(f"SageMaker's answer for {target} was malformed (no AuthorizedUrl)")
        # Judged against the endpoint actually used (endpoint_url, AWS_ENDPOINT_URL_SAGEMAKER...).
        urls.check_url(url, client.meta.endpoint_url)
        logs.mask_value(*(v for values in parse_qs(urlsplit(url).query).values() for v in values))
        log.info("shortcut %r: fresh URL in %.2fs", shortcut.name, time.monotonic() - started)
        return url

    def ensure_running(
        self, config: Config, shortcut: Shortcut, progress: lifecycle.Progress | None = None
    ) -> str | None:
        """Start the app of ``shortcut``'s space unless it is InService, and wait for it, so a
        URL's short expiry is never spent waiting. Returns the outcome (``lifecycle.STARTED``...)
        or None where nothing was checked: no space, an Identity Center domain, or a profile
        that may not call ListApps/DescribeSpace/CreateApp (logged in one line; the space
        opens as it is). A failed start raises ``lifecycle.StartFailed``. A space this
        launcher saw running in the last ``RUNNING_TTL`` seconds is not read again.
        """
        known = self._known_without_reading(config, shortcut)
        if known is not _MUST_READ:
            return known
        profile, space = config.profiles[shortcut.profile], shortcut.space or ""
        key = (profile.name, shortcut.domain_id, space)
        # After the client: an Identity Center sign-in (SignInRequired) comes before any call.
        client = self.client(profile)
        calls = SpaceCalls(client, profile, shortcut.domain_id, space)
        waiter = lifecycle.Waiter(calls, progress, config.settings.space_start_minutes * 60.0)
        try:
            outcome = lifecycle.start(calls, waiter=waiter)
        except AppNotFound:
            return None  # no such space: the presign says so, with its usual hint
        except lifecycle.NotStartable:
            log.info("shortcut %r: the space has no AppType; opening it as it is", shortcut.name)
            return None
        except SpaceAccessDenied as denied:
            log.info(
                "shortcut %r: %s denied; opening the space as it is",
                shortcut.name,
                denied.permission,
            )
            return None
        with self._lock:
            self._running[key] = time.monotonic()
        if outcome != lifecycle.ALREADY_RUNNING:
            log.info(
                "shortcut %r: space %s %s in %.1fs",
                shortcut.name,
                shortcut.space,
                outcome,
                waiter.elapsed(),
            )
        return outcome

    def _known_without_reading(self, config: Config, shortcut: Shortcut) -> str | None:
        """What ``ensure_running`` answers without a call (None: nothing to check, because
        there is no space, it is an Identity Center domain or the profile is missing, which the
        presign reports; ``ALREADY_RUNNING``: seen running lately), or ``_MUST_READ``."""
        if not shortcut.space or shortcut.studio_url:
            return None
        profile = config.profiles.get(shortcut.profile)
        if profile is None:
            return None
        request_params(shortcut, config)
        with self._lock:
            seen = self._running.get((profile.name, shortcut.domain_id, shortcut.space))
        if seen is not None and time.monotonic() - seen < RUNNING_TTL:
            return lifecycle.ALREADY_RUNNING
        return _MUST_READ

    def running_url(
        self, config: Config, shortcut: Shortcut, progress: lifecycle.Progress | None = None
    ) -> tuple[str | None, str]:
        """``ensure_running`` then ``fresh_url``: the outcome and a URL presigned once the
        space runs, in one round trip when it already does.

        Most clicks find their space running, and a read then a presign would cost two round
        trips. So the presign is sent alongside the read, and its URL is used only when the
        read answers that the space runs (or could not be read) and nothing was waited for.
        When the space had to be started, that early URL is dropped unseen (a presigned URL is
        unused until a browser redeems it) and a new one is presigned once it is InService, so
        its short expiry is never spent waiting; a failed start raises and opens nothing.
        """
        if self._known_without_reading(config, shortcut) is not _MUST_READ:
            outcome = self.ensure_running(config, shortcut, progress)
            return outcome, self.fresh_url(config, shortcut)
        # The client first, in this thread: a sign-in or an MFA prompt comes before any call.
        self.client(config.profiles[shortcut.profile])
        started = time.monotonic()
        early: Future[str] = Future()
        threading.Thread(
            target=_settle, args=(early, self._presign, config, shortcut), daemon=True
        ).start()
        outcome = self.ensure_running(config, shortcut, progress)
        if outcome not in (None, lifecycle.ALREADY_RUNNING):
            return outcome, self.fresh_url(config, shortcut)
        try:
            return outcome, early.result()
        except StudioTrayError as err:
            log.info(
                "shortcut %r failed after %.2fs: %s", shortcut.name, time.monotonic() - started, err
            )
            raise

    def open(
        self,
        config: Config,
        shortcut: Shortcut,
        *,
        start: bool = True,
        progress: lifecycle.Progress | None = None,
    ) -> str | None:
        """Get a fresh URL for ``shortcut`` and open it in its browser; with ``start`` (the
        default) its space is started first when it is not running (``ensure_running``).
        Returns ``ensure_running``'s outcome (``lifecycle.STARTED``, ``JOINED``...; None when
        nothing was checked)."""
        if self._opener is None:
            raise LaunchError("this launcher cannot open a browser (it was made without one)")
        if start:
            outcome, url = self.running_url(config, shortcut, progress)
        else:
            outcome, url = None, self.fresh_url(config, shortcut)
        command = shortcut.browser or config.settings.browser
        try:
            self._opener(url, command)
        except StudioTrayError:
            raise
        except Exception as exc:  # an opener must never leak the URL through its error
            raise LaunchError(f"opening the browser failed ({type(exc).__name__})") from None
        return outcome


def _settle(future: Future[str], work: Callable[[Config, Shortcut], str], *args: Any) -> None:
    """Run ``work(*args)`` and put its URL or its error in ``future`` (a worker thread's body)."""
    try:
        future.set_result(work(*args))
    except BaseException as exc:  # handed to the caller, who raises it or drops it
        future.set_exception(exc)
