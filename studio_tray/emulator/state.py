"""What the emulated account holds: domains, user profiles, spaces, keys, roles, URL tokens."""

from __future__ import annotations

import secrets
import string
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Domain:
    """A Studio domain; only ``IAM`` auth mode domains give presigned URLs."""

    domain_id: str
    name: str
    auth_mode: str = "IAM"
    status: str = "InService"
    created: float = field(default_factory=time.time)
    # Idle shutdown (DefaultUserSettings...AppLifecycleManagement.IdleSettings.LifecycleManagement)
    idle_shutdown: bool = True


@dataclass
class UserProfile:
    """A user profile inside a domain."""

    domain_id: str
    name: str
    created: float = field(default_factory=time.time)
    status: str = "InService"
    failure_reason: str | None = None


@dataclass
class Space:
    """A space: ``Private`` to its owner or ``Shared`` with the domain."""

    domain_id: str
    name: str
    owner: str | None = None
    sharing: str = "Private"
    app_type: str = "JupyterLab"
    created: float = field(default_factory=time.time)
    instance_type: str = "ml.t3.medium"
    display_name: str | None = None
    status: str = "InService"
    failure_reason: str | None = None
    fail_start: str | None = None  # an app started here ends Failed with this FailureReason
    idle_timeout: int | None = None  # IdleTimeoutInMinutes, None when not set
    modified: float | None = None


@dataclass
class App:
    """A Studio app in a space (or a user profile's, Studio Classic style); see ``apps``."""

    domain_id: str
    space: str | None
    user_profile: str | None
    app_type: str
    name: str
    instance_type: str
    created: float
    status: str = "Pending"
    ready_at: float = 0.0  # Pending until then, InService (or Failed) after
    failure_reason: str | None = None
    gone_at: float | None = None  # while Deleting: Deleted from then on
    last_activity: float | None = None


@dataclass
class AppDelays:
    """Seconds on the emulator's clock: Pending to InService/Failed, Deleting to Deleted, and
    how long a Deleted app stays listed."""

    start: float = 3.0
    stop: float = 2.0
    deleted_retention: float = 3600.0


@dataclass
class UrlToken:
    """One presigned URL's token: single use, until ``expires_at``."""

    token: str
    domain_id: str
    user_profile: str
    space: str | None
    landing_uri: str | None
    expires_at: float
    session_seconds: int
    used: bool = False


@dataclass(frozen=True)
class Identity:
    """Who signed a request."""

    access_key_id: str
    secret: str = field(repr=False)
    arn: str
    user_id: str
    session_token: str | None = field(default=None, repr=False)
    expires_at: float | None = None


@dataclass(frozen=True)
class Role:
    """An assumable role, optionally demanding MFA."""

    arn: str
    mfa_serial: str | None = None
    max_session_seconds: int = 3600


@dataclass(frozen=True)
class RequestRecord:
    """One API request as received (the secret is never recorded)."""

    service: str
    op: str
    params: dict[str, object]
    access_key_id: str | None
    session_token: bool
    time: float
    fault: str | None = None
    error: str | None = None
    status: str | None = None  # the answer's Status (DescribeApp, DescribeSpace...), if any


def random_id(alphabet: str, length: int) -> str:
    """``length`` random characters from ``alphabet``."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


UPPER = string.ascii_uppercase + string.digits
LOWER = string.ascii_lowercase + string.digits


class State:
    """The account's resources and credentials, guarded by one lock."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self.lock = threading.RLock()
        self.domains: dict[str, Domain] = {}
        self.users: dict[tuple[str, str], UserProfile] = {}
        self.spaces: dict[tuple[str, str], Space] = {}
        self.tokens: dict[str, UrlToken] = {}
        self.identities: dict[str, Identity] = {}
        self.roles: dict[str, Role] = {}
        self.mfa_codes: dict[str, str] = {}
        self.denied: set[str] = set()
        self.apps: list[App] = []
        self.app_delays = AppDelays()

    def add_key(self, access_key_id: str, secret: str, user_name: str = "emulator-user") -> None:
        """Accept ``access_key_id``/``secret`` as an IAM user's long-term keys."""
        arn = f"arn:aws:iam::{self.account_id}:user/{user_name}"
        user_id = "AIDA" + random_id(UPPER, 17)
        with self.lock:
            self.identities[access_key_id] = Identity(access_key_id, secret, arn, user_id)

    def issue_session(self, role: Role, session_name: str, seconds: int, now: float) -> Identity:
        """New temporary credentials for ``role`` (ASIA key id, secret, session token)."""
        role_name = role.arn.rsplit("/", 1)[-1]
        identity = Identity(
            access_key_id="ASIA" + random_id(UPPER, 16),
            secret=random_id(string.ascii_letters + string.digits, 40),
            arn=f"arn:aws:sts::{self.account_id}:assumed-role/{role_name}/{session_name}",
            user_id=f"AROA{random_id(UPPER, 17)}:{session_name}",
            session_token="IQo" + secrets.token_urlsafe(96),
            expires_at=now + seconds,
        )
        with self.lock:
            self.identities[identity.access_key_id] = identity
        return identity

    def new_url_token(self, token: UrlToken) -> None:
        """Remember a presigned URL's token."""
        with self.lock:
            self.tokens[token.token] = token

    def redeem(self, token: str, now: float) -> tuple[UrlToken | None, str]:
        """Use ``token`` once: (the token, "ok") or (None/token, why it is refused)."""
        with self.lock:
            found = self.tokens.get(token)
            if found is None:
                return None, "unknown"
            if found.used:
                return found, "used"
            if now > found.expires_at:
                return found, "expired"
            found.used = True
            return found, "ok"
