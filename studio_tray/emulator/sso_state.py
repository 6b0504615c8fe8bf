"""IAM Identity Center's side of the emulated account: OIDC client registrations, device
authorisations, sign-in sessions with their access and refresh tokens, and the signed-in user's
account/role assignments.

Protocol-free: ``sso.py`` turns HTTP requests into calls here. Every time is on the emulator's
clock (``now`` passed in), so tests move it with ``Emulator.advance`` instead of sleeping.
Tokens, refresh tokens, client secrets and device codes never appear in a ``repr``.
"""

from __future__ import annotations

import hashlib
import secrets
import string
import threading
from dataclasses import dataclass, field

from studio_tray.emulator.state import UPPER, Identity, random_id

ACCOUNT_ACCESS_SCOPE = "sso:account:access"
# Letters only, without vowels and look-alikes, so a user code reads as no word: "BCDF-GHJK".
USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"


@dataclass
class SsoSettings:
    """Lifetimes and behaviour; change them with ``Emulator.configure_sso``."""

    token_seconds: int = 3600  # an access token's expiresIn
    session_seconds: int = 8 * 3600  # a sign-in session (and its refresh tokens) lasts this long
    role_credentials_seconds: int = 3600  # GetRoleCredentials keys
    registration_seconds: int = 90 * 24 * 3600  # RegisterClient's clientSecretExpiresAt
    device_seconds: int = 600  # StartDeviceAuthorization's expiresIn
    interval: int = 1  # StartDeviceAuthorization's interval
    auto_approve_after_polls: int | None = None  # approve a pending device on that poll
    rotate_refresh_tokens: bool = True  # a refresh gives a new refresh token, the old one dies
    start_url: str | None = None  # None: any start URL is accepted
    user_name: str = "emulator-sso-user"


@dataclass
class Client:
    """A RegisterClient registration."""

    client_id: str
    secret: str = field(repr=False)
    name: str
    scopes: tuple[str, ...]
    issued_at: float
    expires_at: float


@dataclass
class Device:
    """A StartDeviceAuthorization: pending until approved or denied on the approval page."""

    device_code: str = field(repr=False)
    user_code: str
    client_id: str
    start_url: str
    expires_at: float
    interval: int
    status: str = "pending"  # pending, approved, denied, redeemed
    last_poll: float | None = None
    polls: int = 0


@dataclass
class Session:
    """One sign-in (an approved device): its tokens die with it."""

    session_id: str
    client_id: str
    scopes: tuple[str, ...]
    start_url: str
    expires_at: float
    revoked: bool = False


@dataclass
class AccessToken:
    """A bearer token for the portal API (sso), valid until ``expires_at``."""

    token: str = field(repr=False)
    session_id: str
    expires_at: float
    revoked: bool = False


@dataclass
class RefreshToken:
    """A refresh token (only for registrations with the ``sso:account:access`` scope)."""

    token: str = field(repr=False)
    session_id: str
    client_id: str
    revoked: bool = False


@dataclass
class Assignment:
    """One AWS account the signed-in user may use, and the roles (permission sets) in it."""

    account_id: str
    account_name: str
    email: str
    roles: list[str] = field(default_factory=list)


class OAuthProblem(Exception):
    """A device-flow or token failure: ``code`` is the service's exception name,
    ``error``/``description`` the OAuth members. Never carries a secret."""

    def __init__(self, code: str, error: str, description: str, status: int = 400) -> None:
        self.code = code
        self.error = error
        self.description = description
        self.status = status
        super().__init__(code)


def _invalid_client(description: str) -> OAuthProblem:
    return OAuthProblem("InvalidClientException", "invalid_client", description, 401)


def _invalid_grant(description: str) -> OAuthProblem:
    return OAuthProblem("InvalidGrantException", "invalid_grant", description)


def opaque(prefix: str, nbytes: int) -> str:
    """A random URL-safe token that starts with ``prefix`` or a letter, never with ``-``.

    AWS's tokens never start with a dash; a leading dash would make any command-line client
    (the AWS CLI included) read the value as an option."""
    body = secrets.token_urlsafe(nbytes)
    return prefix + body if prefix else secrets.choice(string.ascii_letters) + body


def new_user_code() -> str:
    """Eight letters in two groups: "BCDF-GHJK"."""
    return random_id(USER_CODE_ALPHABET, 4) + "-" + random_id(USER_CODE_ALPHABET, 4)


def normalise_user_code(text: str) -> str:
    """What a user typed ("bcdfghjk", " bcdf-ghjk ") as the canonical "BCDF-GHJK"."""
    bare = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{bare[:4]}-{bare[4:]}" if len(bare) == 8 else text.strip().upper()


def role_arn_name(account_id: str, role_name: str) -> str:
    """The IAM role Identity Center provisions for a permission set: AWSReservedSSO_<name>_<hex>."""
    digest = hashlib.sha256(f"{account_id}/{role_name}".encode()).hexdigest()[:16]
    return f"AWSReservedSSO_{role_name}_{digest}"


class SsoState:
    """Registrations, devices, sessions, tokens and assignments, guarded by one lock."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self.settings = SsoSettings()
        self.lock = threading.RLock()
        self.clients: dict[str, Client] = {}
        self.devices: dict[str, Device] = {}  # by device code
        self.user_codes: dict[str, str] = {}  # user code -> device code
        self.sessions: dict[str, Session] = {}
        self.access_tokens: dict[str, AccessToken] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.assignments: dict[str, Assignment] = {}
        self.start_urls: list[str] = []  # every start URL a StartDeviceAuthorization sent

    # -- sso-oidc ---------------------------------------------------------------------------
    def register_client(self, name: str, scopes: tuple[str, ...], now: float) -> Client:
        """A new public client registration."""
        client = Client(
            client_id=random_id(string.ascii_letters + string.digits, 22),
            secret=opaque("eyJ", 96),
            name=name,
            scopes=scopes,
            issued_at=now,
            expires_at=now + self.settings.registration_seconds,
        )
        with self.lock:
            self.clients[client.client_id] = client
        return client

    def check_client(self, client_id: str, secret: str, now: float) -> Client:
        """The registration, or InvalidClientException (unknown, wrong secret, expired)."""
        with self.lock:
            client = self.clients.get(client_id)
        if client is None or not secrets.compare_digest(client.secret, secret):
            raise _invalid_client("Invalid client provided")
        if now >= client.expires_at:
            raise _invalid_client("Client registration has expired")
        return client

    def start_device(self, client: Client, start_url: str, now: float) -> Device:
        """A pending device authorisation for ``client``."""
        wanted = self.settings.start_url
        if wanted is not None and start_url.rstrip("/#") != wanted.rstrip("/#"):
            raise OAuthProblem(
                "InvalidRequestException", "invalid_request", "Invalid start URL provided"
            )
        with self.lock:
            self.start_urls.append(start_url)
            user_code = new_user_code()
            while user_code in self.user_codes:
                user_code = new_user_code()
            device = Device(
                device_code=opaque("", 64),
                user_code=user_code,
                client_id=client.client_id,
                start_url=start_url,
                expires_at=now + self.settings.device_seconds,
                interval=self.settings.interval,
            )
            self.devices[device.device_code] = device
            self.user_codes[user_code] = device.device_code
        return device

    def device_by_user_code(self, user_code: str) -> Device | None:
        """The device a user code belongs to, if any."""
        with self.lock:
            code = self.user_codes.get(normalise_user_code(user_code))
            return self.devices.get(code) if code else None

    def decide(self, user_code: str, approve: bool, now: float) -> Device:
        """Approve or deny a pending device; ValueError saying why not."""
        with self.lock:
            device = self.device_by_user_code(user_code)
            if device is None:
                raise ValueError("unknown")
            if now >= device.expires_at and device.status == "pending":
                raise ValueError("expired")
            if device.status == "pending":
                device.status = "approved" if approve else "denied"
                return device
            if approve and device.status in ("approved", "redeemed"):
                return device  # approving twice is harmless
            if not approve and device.status == "denied":
                return device
            raise ValueError(device.status)

    def poll(self, client: Client, device_code: str, now: float) -> Session:
        """CreateToken with the device_code grant: the new session, or the OAuth error."""
        with self.lock:
            device = self.devices.get(device_code)
            if device is None or device.client_id != client.client_id:
                raise _invalid_grant("Invalid grant provided")
            if device.status == "redeemed":
                raise _invalid_grant("Invalid grant provided")
            if now >= device.expires_at:
                raise OAuthProblem("ExpiredTokenException", "expired_token", "Token is expired")
            if device.status == "denied":
                raise OAuthProblem(
                    "AccessDeniedException", "access_denied", "Authorization was denied"
                )
            too_soon = device.last_poll is not None and now - device.last_poll < device.interval
            device.last_poll = now
            if too_soon:
                device.interval += 5  # RFC 8628 3.5: for this and all later requests
                raise OAuthProblem("SlowDownException", "slow_down", "Client is polling too fast")
            device.polls += 1
            auto = self.settings.auto_approve_after_polls
            if device.status == "pending" and auto is not None and device.polls > auto:
                device.status = "approved"
            if device.status == "pending":
                raise OAuthProblem(
                    "AuthorizationPendingException",
                    "authorization_pending",
                    "Authorization is still pending",
                )
            device.status = "redeemed"
            return self.new_session(client, device.start_url, now)

    def new_session(self, client: Client, start_url: str, now: float) -> Session:
        """A signed-in session for ``client``."""
        session = Session(
            session_id=secrets.token_hex(8),
            client_id=client.client_id,
            scopes=client.scopes,
            start_url=start_url,
            expires_at=now + self.settings.session_seconds,
        )
        with self.lock:
            self.sessions[session.session_id] = session
        return session

    def issue_tokens(self, session: Session, now: float) -> tuple[AccessToken, RefreshToken | None]:
        """An access token (and a refresh token when the scopes allow one) for ``session``."""
        access = AccessToken(
            token=opaque("aoa", 96),
            session_id=session.session_id,
            expires_at=min(now + self.settings.token_seconds, session.expires_at),
        )
        refresh = None
        if ACCOUNT_ACCESS_SCOPE in session.scopes:
            refresh = RefreshToken(opaque("aor", 96), session.session_id, session.client_id)
        with self.lock:
            self.access_tokens[access.token] = access
            if refresh is not None:
                self.refresh_tokens[refresh.token] = refresh
        return access, refresh

    def refresh(self, client: Client, refresh_token: str, now: float) -> Session:
        """CreateToken with the refresh_token grant: the session to issue new tokens in."""
        with self.lock:
            found = self.refresh_tokens.get(refresh_token)
            if found is None or found.revoked or found.client_id != client.client_id:
                raise _invalid_grant("Invalid refresh token provided")
            session = self.sessions[found.session_id]
            if session.revoked or now >= session.expires_at:
                raise _invalid_grant("Refresh token has expired")
            if self.settings.rotate_refresh_tokens:
                found.revoked = True
            return session

    # -- sso (the portal) -------------------------------------------------------------------
    def session_for(self, access_token: str | None, now: float) -> Session | None:
        """The live session of a bearer token, or None (unknown, expired, logged out)."""
        if not access_token:
            return None
        with self.lock:
            found = self.access_tokens.get(access_token)
            if found is None or found.revoked or now >= found.expires_at:
                return None
            session = self.sessions[found.session_id]
            if session.revoked or now >= session.expires_at:
                return None
            return session

    def end_session(self, session_id: str) -> None:
        """Log out: the session and every token of it stop working."""
        with self.lock:
            self.sessions[session_id].revoked = True
            for access in self.access_tokens.values():
                if access.session_id == session_id:
                    access.revoked = True
            for refresh in self.refresh_tokens.values():
                if refresh.session_id == session_id:
                    refresh.revoked = True

    def role_identity(self, account_id: str, role_name: str, now: float) -> Identity:
        """Temporary keys for an assigned role, as the emulator's SigV4 check knows them."""
        role = role_arn_name(account_id, role_name)
        user = self.settings.user_name
        return Identity(
            access_key_id="ASIA" + random_id(UPPER, 16),
            secret=random_id(string.ascii_letters + string.digits, 40),
            arn=f"arn:aws:sts::{account_id}:assumed-role/{role}/{user}",
            user_id=f"AROA{random_id(UPPER, 17)}:{user}",
            session_token=opaque("IQo", 96),
            expires_at=now + self.settings.role_credentials_seconds,
        )
