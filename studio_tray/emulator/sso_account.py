"""Setting up IAM Identity Center in the emulated account (a mixin of ``Emulator``)::

emu.add_sso_assignment("123456789012", "DataScientist", account_name="prod")
emu.configure_sso(token_seconds=900, role_credentials_seconds=3600, interval=1,
                  auto_approve_after_polls=2, start_url="https://d-1234.awsapps.com/start")
emu.approve_device("BCDF-GHJK"); emu.deny_device("BCDF-GHJK")
entry = emu.issue_sso_token()          # a botocore ~/.aws/sso/cache/<sha1>.json document
emu.expire_sso_token(entry["accessToken"])     # the refresh token still works
emu.revoke_sso_session(entry["refreshToken"])  # like Logout: everything of it dies
emu.expire_sso_registration(entry["clientId"])
emu.sso_start_urls                      # start URLs StartDeviceAuthorization received
"""

from __future__ import annotations

import threading
from dataclasses import fields
from datetime import UTC, datetime

from studio_tray.emulator.sso_state import ACCOUNT_ACCESS_SCOPE, Assignment, SsoState
from studio_tray.emulator.state import State

_CREATE_LOCK = threading.Lock()
DEFAULT_START_URL = "https://d-emulator00.awsapps.com/start"


def cache_time(epoch: float) -> str:
    """A time as botocore writes it into the SSO token cache: 2026-01-02T03:04:05Z."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SsoSetup:
    """Identity Center helpers for tests, the demo and the recording browser."""

    state: State
    _sso_state: SsoState | None = None

    def now(self) -> float:
        """The emulator's clock (the Emulator overrides it)."""
        raise NotImplementedError

    @property
    def sso(self) -> SsoState:
        """Identity Center's registrations, devices, sessions, tokens and assignments."""
        found = self._sso_state
        if found is None:
            with _CREATE_LOCK:
                if self._sso_state is None:
                    self._sso_state = SsoState(self.state.account_id)
                found = self._sso_state
        return found

    def configure_sso(self, **settings: object) -> None:
        """Change ``SsoSettings``: token_seconds, session_seconds, role_credentials_seconds,
        registration_seconds, device_seconds, interval, auto_approve_after_polls (None: never;
        N: the device is approved on its N+1-th poll), rotate_refresh_tokens, start_url (None:
        accept any), user_name (the role session name in the keys' ARN)."""
        known = {f.name for f in fields(self.sso.settings)}
        unknown = set(settings) - known
        if unknown:
            raise ValueError(f"unknown SSO settings {sorted(unknown)}")
        with self.sso.lock:
            for name, value in settings.items():
                setattr(self.sso.settings, name, value)

    def add_sso_assignment(
        self,
        account_id: str,
        role_name: str,
        *,
        account_name: str | None = None,
        email: str | None = None,
    ) -> None:
        """Let the signed-in user use ``role_name`` (a permission set) in ``account_id``."""
        if not (account_id.isdigit() and len(account_id) == 12):
            raise ValueError(f"bad account id {account_id!r}")
        if not role_name or len(role_name) > 32:
            raise ValueError(f"bad permission set name {role_name!r}")
        with self.sso.lock:
            found = self.sso.assignments.get(account_id)
            if found is None:
                name = account_name or f"account-{account_id}"
                found = Assignment(account_id, name, email or f"aws+{account_id}@example.com")
                self.sso.assignments[account_id] = found
            elif account_name:
                found.account_name = account_name
            if email:
                found.email = email
            if role_name not in found.roles:
                found.roles.append(role_name)

    def approve_device(self, user_code: str) -> None:
        """Approve a pending device authorisation, as the approval page's button does."""
        self.sso.decide(user_code, True, self.now())

    def deny_device(self, user_code: str) -> None:
        """Deny a pending device authorisation."""
        self.sso.decide(user_code, False, self.now())

    def issue_sso_token(
        self,
        *,
        start_url: str = DEFAULT_START_URL,
        region: str = "us-east-1",
        scopes: tuple[str, ...] = (ACCOUNT_ACCESS_SCOPE,),
        client_name: str = "botocore-client-studio-tray",
    ) -> dict[str, str]:
        """Sign in without the device flow: a new registration, session and tokens, as the
        document botocore keeps in ``~/.aws/sso/cache/<sha1(session name)>.json`` (times on the
        emulator's clock; no refreshToken without the ``sso:account:access`` scope)."""
        now = self.now()
        client = self.sso.register_client(client_name, scopes, now)
        session = self.sso.new_session(client, start_url, now)
        access, refresh = self.sso.issue_tokens(session, now)
        entry = {
            "startUrl": start_url,
            "region": region,
            "accessToken": access.token,
            "expiresAt": cache_time(access.expires_at),
            "clientId": client.client_id,
            "clientSecret": client.secret,
            "registrationExpiresAt": cache_time(client.expires_at),
        }
        if refresh is not None:
            entry["refreshToken"] = refresh.token
        return entry

    def expire_sso_token(self, access_token: str) -> None:
        """Make an access token expired now (its session and refresh token live on)."""
        with self.sso.lock:
            found = self.sso.access_tokens.get(access_token)
            if found is None:
                raise ValueError("no such access token")
            found.expires_at = min(found.expires_at, self.now())

    def revoke_sso_session(self, token: str) -> None:
        """End the session of an access or refresh token, as Logout does."""
        with self.sso.lock:
            access = self.sso.access_tokens.get(token)
            refresh = self.sso.refresh_tokens.get(token)
            found = access or refresh
            if found is None:
                raise ValueError("no such access or refresh token")
            self.sso.end_session(found.session_id)

    def expire_sso_registration(self, client_id: str) -> None:
        """Make a client registration expired now (InvalidClientException from then on)."""
        with self.sso.lock:
            client = self.sso.clients.get(client_id)
            if client is None:
                raise ValueError(f"no client {client_id}")
            client.expires_at = min(client.expires_at, self.now())

    @property
    def sso_start_urls(self) -> list[str]:
        """The start URLs StartDeviceAuthorization received, oldest first."""
        with self.sso.lock:
            return list(self.sso.start_urls)
