"""Signing in to IAM Identity Center and using the sign-in: ``IdentityCenter`` and the plain
functions the commands, the tray and the settings window call.

- ``sign_in(source, show_code=..., should_cancel=...)`` blocks through the device flow:
  RegisterClient (reused from the cache until the registration expires),
  StartDeviceAuthorization, ``show_code(device)`` (print it, open the browser), CreateToken
  polling; the token is written to the AWS CLI v2 cache. Raises ``SignInDenied``,
  ``SignInExpired``, ``SignInCancelled`` or another ``CredentialError``.
- ``sign_out(source)``: sso Logout and the cache file removed.
- ``token_state(source)``: signed in until when, refreshable, expired, never signed in.
- ``IdentityCenter.role_keys(source)``: the role's temporary keys (refreshing the token with
  its refresh token when it is close to expiry); ``SignInRequired`` when there is no usable
  sign-in.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from studio_tray.aws.sso import oidc, portal, tokens
from studio_tray.aws.sso.cache import CachedToken, Registration, TokenCache, registration_key
from studio_tray.aws.sso.clients import SsoClients
from studio_tray.aws.sso.oidc import DeviceCode
from studio_tray.aws.sso.source import SsoSource
from studio_tray.errors import CredentialError, SignInRequired

log = logging.getLogger(__name__)

ShowCode = Callable[[DeviceCode], None]
"""Shows the user code and opens (or prints) the verification URL."""
REGISTRATION_MARGIN = 3600  # register anew when the cached registration ends within an hour


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/#") == b.rstrip("/#")


class IdentityCenter:
    """Identity Center's collaborators: the clients, the token cache and the clock."""

    def __init__(
        self,
        clients: SsoClients | None = None,
        cache: TokenCache | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.clients = clients or SsoClients()
        self.cache = cache or TokenCache()
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}

    def _key_lock(self, source: SsoSource) -> threading.Lock:
        with self._lock:
            return self._key_locks.setdefault(source.cache_key, threading.Lock())

    # -- state ------------------------------------------------------------------------------
    def cached(self, source: SsoSource) -> CachedToken | None:
        """The cached token of ``source``'s sign-in, if its file is for the same start URL."""
        token = self.cache.load(source.cache_key)
        if token is None or (token.start_url and not _same_url(token.start_url, source.start_url)):
            return None
        return token

    def token_state(self, source: SsoSource) -> tokens.TokenState:
        """The sign-in's state and the cache file it uses (nothing is refreshed)."""
        path = self.cache.path(source.cache_key)
        return tokens.state(self.cached(source), path, self._clock())

    def token(self, source: SsoSource) -> CachedToken:
        """A usable token, refreshed first when it is close to expiry and can be.

        ``SignInRequired`` when there is none (never signed in, expired, not refreshable)."""
        with self._key_lock(source):
            token = self.cached(source)
            if token is None:
                raise SignInRequired(source.profile)
            now = self._clock()
            if tokens.needs_refresh(token, now) and tokens.can_refresh(token, now):
                try:
                    token = self._refresh(source, token, now)
                except CredentialError as err:
                    log.info("refreshing the sign-in of %s failed: %s", source.profile, err.message)
            if not tokens.usable(token, self._clock()):
                raise SignInRequired(source.profile, "has expired")
            return token

    def _refresh(self, source: SsoSource, token: CachedToken, now: float) -> CachedToken:
        assert token.client_id and token.client_secret and token.refresh_token
        registration = Registration(
            token.client_id, token.client_secret, token.registration_expires_at or 0.0
        )
        client = self.clients.oidc(source.region)
        fresh = oidc.refresh(client, registration, token.refresh_token, source.profile, now)
        renewed = token.with_tokens(fresh.access_token, fresh.expires_at, fresh.refresh_token)
        self.cache.save(source.cache_key, renewed)
        log.info("refreshed the sign-in of %s", source.profile)
        return renewed

    # -- credentials ------------------------------------------------------------------------
    def role_keys(self, source: SsoSource) -> portal.RoleKeys:
        """The temporary keys of the source's account and role (sso GetRoleCredentials)."""
        if not source.account_id or not source.role_name:
            raise CredentialError(
                f"profile {source.profile} has no sso_account_id or sso_role_name",
                hint="add both to the profile (or to its ~/.aws/config profile)",
            )
        token = self.token(source)
        client = self.clients.portal(source.region)
        return portal.role_credentials(
            client, token.access_token, source.account_id, source.role_name, source.profile
        )

    def accounts(self, source: SsoSource) -> list[portal.Account]:
        """The accounts the signed-in user may use."""
        token = self.token(source)
        return portal.accounts(
            self.clients.portal(source.region), token.access_token, source.profile
        )

    def roles(self, source: SsoSource, account_id: str) -> list[str]:
        """The roles the signed-in user may use in ``account_id``."""
        token = self.token(source)
        client = self.clients.portal(source.region)
        return portal.roles(client, token.access_token, account_id, source.profile)

    # -- sign in and out --------------------------------------------------------------------
    def sign_in(
        self,
        source: SsoSource,
        show_code: ShowCode,
        should_cancel: Callable[[], bool] = lambda: False,
    ) -> CachedToken:
        """The device flow from start to a cached token (see the module docstring)."""
        client = self.clients.oidc(source.region)
        registration = self._registration(source, client, fresh=False)
        try:
            device = oidc.start(
                client, registration, source.start_url, source.profile, self._clock()
            )
        except CredentialError:
            # A registration the service no longer knows (revoked, another region): once more.
            registration = self._registration(source, client, fresh=True)
            device = oidc.start(
                client, registration, source.start_url, source.profile, self._clock()
            )
        show_code(device)
        got = oidc.poll(
            client,
            registration,
            device,
            source.profile,
            clock=self._clock,
            sleep=self._sleep,
            should_cancel=should_cancel,
        )
        token = CachedToken(
            start_url=source.start_url,
            region=source.region,
            access_token=got.access_token,
            expires_at=got.expires_at,
        )
        if source.session_name:
            token = CachedToken(
                source.start_url, source.region, got.access_token, got.expires_at,
                registration.client_id, registration.client_secret, registration.expires_at,
                got.refresh_token,
            )  # fmt: skip
        with self._key_lock(source):
            old = self.cache.load(source.cache_key)
            if old is not None:  # keep fields another tool wrote
                token = CachedToken(**{**token.__dict__, "extra": old.extra})
            self.cache.save(source.cache_key, token)
        log.info("signed in: profile %s", source.profile)
        return token

    def _registration(self, source: SsoSource, client: Any, *, fresh: bool) -> Registration:
        now = self._clock()
        key = registration_key(source.start_url, source.region, source.scopes, source.session_name)
        if not fresh:
            token = self.cached(source)
            if token is not None and token.client_id and token.client_secret:
                expires = token.registration_expires_at or 0.0
                if expires - now > REGISTRATION_MARGIN:
                    return Registration(token.client_id, token.client_secret, expires)
            found = self.cache.load_registration(key)
            if found is not None and found.expires_at - now > REGISTRATION_MARGIN:
                return found
        name = "studio-tray" + (f"-{source.session_name}" if source.session_name else "")
        registration = oidc.register(client, name[:100], source.scopes, source.profile)
        self.cache.save_registration(key, registration, source.scopes)
        return registration

    def sign_out(self, source: SsoSource) -> bool:
        """End the session (sso Logout) and remove its cache file; True when there was one."""
        with self._key_lock(source):
            token = self.cached(source)
            if token is None:
                return self.cache.remove(source.cache_key)
            try:
                portal.logout(
                    self.clients.portal(source.region), token.access_token, source.profile
                )
            except CredentialError as err:
                # Signed out here either way: the token file goes even when AWS is unreachable.
                log.info("sso Logout for %s failed: %s", source.profile, err.message)
            return self.cache.remove(source.cache_key)


_default: IdentityCenter | None = None
_default_lock = threading.Lock()


def default_center() -> IdentityCenter:
    """The process's IdentityCenter: ~/.aws/sso/cache and botocore's endpoints."""
    global _default
    with _default_lock:
        if _default is None:
            _default = IdentityCenter()
        return _default


def sign_in(
    source: SsoSource,
    *,
    show_code: ShowCode,
    should_cancel: Callable[[], bool] = lambda: False,
    center: IdentityCenter | None = None,
) -> CachedToken:
    """Sign in to IAM Identity Center for ``source`` (blocking; see the module docstring)."""
    return (center or default_center()).sign_in(source, show_code, should_cancel)


def sign_out(source: SsoSource, *, center: IdentityCenter | None = None) -> bool:
    """Sign out of ``source``'s session; True when a cached sign-in was removed."""
    return (center or default_center()).sign_out(source)


def token_state(source: SsoSource, *, center: IdentityCenter | None = None) -> tokens.TokenState:
    """The state of ``source``'s sign-in (signed in until, refreshable, expired, never)."""
    return (center or default_center()).token_state(source)
