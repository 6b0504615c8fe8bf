"""Setting up the emulated account: keys, domains, user profiles, spaces, roles, denials."""

from __future__ import annotations

from studio_tray import api_rules
from studio_tray.emulator import sagemaker, space_rules, sts
from studio_tray.emulator.space_setup import SpaceSetup
from studio_tray.emulator.state import LOWER, Domain, Role, Space, State, UserProfile, random_id

DEMO_DOMAIN_ID = "d-demo00000001"
DEMO_USER = "demo-user"
DEMO_SPACE = "demo-lab"
DEMO_STOPPED_SPACE = "demo-stopped"  # no app: CreateApp starts it (InService after 3 s)
DEMO_RUNNING_SPACE = "demo-running"  # an InService app to stop
APP_TYPES = (
    "JupyterLab",
    "CodeEditor",
    "JupyterServer",
    "KernelGateway",
    "RStudioServerPro",
    "RSessionGateway",
    "Canvas",
)
OPERATIONS = frozenset(sagemaker.OPERATIONS) | frozenset(sts.OPERATIONS)


def _require(ok: bool, problem: str) -> None:
    """Set-up mistakes in a test fail loudly instead of silently doing nothing."""
    if not ok:
        raise ValueError(problem)


class AccountSetup(SpaceSetup):
    """Helpers on ``self.state`` for tests, the demo and the benchmark (apps, statuses and
    delays come from ``SpaceSetup``)."""

    state: State

    def now(self) -> float:
        """The emulator's clock (the Emulator overrides it)."""
        raise NotImplementedError

    def add_key(self, access_key_id: str, secret: str, user_name: str = "emulator-user") -> None:
        """Accept another pair of long-term keys (an IAM user called ``user_name``)."""
        self.state.add_key(access_key_id, secret, user_name)

    def add_domain(
        self,
        domain_id: str | None = None,
        name: str = "studio",
        auth_mode: str = "IAM",
        status: str = "InService",
        *,
        idle_shutdown: bool = True,
    ) -> str:
        """Add a domain (IAM or SSO auth mode); return its id. ``idle_shutdown=False``: its
        apps' LifecycleManagement is DISABLED, so spaces cannot set IdleTimeoutInMinutes."""
        domain_id = domain_id or "d-" + random_id(LOWER, 12)
        _require(api_rules.check_domain_id(domain_id) is None, f"bad domain id {domain_id!r}")
        _require(api_rules.check_name(name) is None, f"bad domain name {name!r}")
        _require(auth_mode in ("IAM", "SSO"), "auth_mode must be IAM or SSO")
        with self.state.lock:
            self.state.domains[domain_id] = Domain(
                domain_id, name, auth_mode, status, self.now(), idle_shutdown
            )
        return domain_id

    def add_user_profile(
        self,
        domain_id: str,
        name: str,
        *,
        status: str = "InService",
        failure_reason: str | None = None,
    ) -> None:
        """Add a user profile to a domain (``status``: a UserProfileStatus)."""
        _require(api_rules.check_name(name) is None, f"bad user profile name {name!r}")
        _require(status in space_rules.USER_PROFILE_STATUSES, f"bad status {status!r}")
        with self.state.lock:
            _require(domain_id in self.state.domains, f"no domain {domain_id}")
            self.state.users[(domain_id, name)] = UserProfile(
                domain_id, name, self.now(), status, failure_reason
            )

    def add_space(
        self,
        domain_id: str,
        name: str,
        owner: str | None = None,
        sharing: str | None = None,
        app_type: str = "JupyterLab",
        *,
        instance_type: str | None = None,
        display_name: str | None = None,
        status: str = "InService",
        failure_reason: str | None = None,
        fail_start: str | None = None,
        idle_timeout: int | None = None,
    ) -> None:
        """Add a space: ``Private`` to ``owner`` by default, ``Shared`` when there is none.

        ``instance_type``: its DefaultResourceSpec (ml.t3.medium, "system" for JupyterServer
        and RStudioServerPro); ``status``: a SpaceStatus; ``fail_start``: apps started in it
        end Failed with this FailureReason; ``idle_timeout``: IdleTimeoutInMinutes. It has no
        app (it is stopped) until CreateApp or ``add_app``."""
        sharing = sharing or ("Private" if owner else "Shared")
        _require(api_rules.check_name(name) is None, f"bad space name {name!r}")
        _require(sharing in ("Private", "Shared"), "sharing must be Private or Shared")
        _require(sharing == "Shared" or owner is not None, "a private space needs an owner")
        _require(app_type in APP_TYPES, f"app_type must be one of {', '.join(APP_TYPES)}")
        instance_type = instance_type or space_rules.default_instance_type(app_type)
        _require(
            space_rules.INSTANCE_TYPE_RE.fullmatch(instance_type) is not None,
            f"bad instance type {instance_type!r}",
        )
        _require(status in space_rules.SPACE_STATUSES, f"bad status {status!r}")
        _require(
            idle_timeout is None
            or space_rules.IDLE_RANGE[0] <= idle_timeout <= space_rules.IDLE_RANGE[1],
            "idle_timeout must be 60..525600 minutes",
        )
        with self.state.lock:
            _require(domain_id in self.state.domains, f"no domain {domain_id}")
            _require(
                owner is None or (domain_id, owner) in self.state.users,
                f"no user profile {owner} in {domain_id}",
            )
            self.state.spaces[(domain_id, name)] = Space(
                domain_id,
                name,
                owner,
                sharing,
                app_type,
                self.now(),
                instance_type=instance_type,
                display_name=display_name,
                status=status,
                failure_reason=failure_reason,
                fail_start=fail_start,
                idle_timeout=idle_timeout,
            )

    def add_demo_data(self) -> str:
        """The demo account: one IAM domain, ``demo-user`` with a private lab, a shared space
        (both running), a stopped lab that starts in a few seconds and a running code space."""
        domain = self.add_domain(DEMO_DOMAIN_ID, "demo")
        self.add_user_profile(domain, DEMO_USER)
        self.add_space(domain, DEMO_SPACE, owner=DEMO_USER, app_type="JupyterLab")
        self.add_space(domain, "demo-shared", sharing="Shared", app_type="CodeEditor")
        self.add_space(
            domain,
            DEMO_STOPPED_SPACE,
            owner=DEMO_USER,
            app_type="JupyterLab",
            display_name="Demo lab (stopped)",
            instance_type="ml.t3.medium",
        )
        self.add_space(
            domain,
            DEMO_RUNNING_SPACE,
            sharing="Shared",
            app_type="CodeEditor",
            display_name="Demo code (running)",
            instance_type="ml.m5.large",
        )
        for space in (DEMO_SPACE, "demo-shared", DEMO_RUNNING_SPACE):
            self.add_app(domain, space)
        return domain

    def add_role(
        self, arn: str, mfa_serial: str | None = None, max_session_seconds: int = 3600
    ) -> None:
        """Make ``arn`` assumable (by any caller), demanding MFA when ``mfa_serial`` is given."""
        with self.state.lock:
            self.state.roles[arn] = Role(arn, mfa_serial, max_session_seconds)

    def set_mfa_code(self, serial: str, code: str) -> None:
        """The one-time code the MFA device ``serial`` currently shows."""
        with self.state.lock:
            self.state.mfa_codes[serial] = code

    def deny(self, *ops: str) -> None:
        """Answer these operations (e.g. "ListSpaces", "AssumeRole") with access denied."""
        unknown = set(ops) - OPERATIONS
        _require(not unknown, f"unknown operations {sorted(unknown)}")
        with self.state.lock:
            self.state.denied.update(ops)

    def allow(self, *ops: str) -> None:
        """Undo ``deny`` for these operations (all of them when none are named)."""
        with self.state.lock:
            if ops:
                self.state.denied.difference_update(ops)
            else:
                self.state.denied.clear()

    def denied_ops(self) -> frozenset[str]:
        """The operations currently denied."""
        with self.state.lock:
            return frozenset(self.state.denied)
