"""The SageMaker calls on one space, with the app's error mapping (``aws.errors``).

Each method makes one call over a client the caller owns (the launcher's cached one). Two
answers are not failures for the callers and get their own exceptions: AccessDenied
(``SpaceAccessDenied``: the profile may not manage apps; opening still works) and ResourceInUse
on CreateApp (``AppInUse``: someone else is starting or stopping it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studio_tray.aws import errors as aws_errors
from studio_tray.errors import LaunchError
from studio_tray.model import Profile

APP_NAME = "default"
# SpaceSettings' member holding each app type's DefaultResourceSpec and AppLifecycleManagement.
SETTINGS_KEYS = {
    "JupyterLab": "JupyterLabAppSettings",
    "CodeEditor": "CodeEditorAppSettings",
    "JupyterServer": "JupyterServerAppSettings",
    "KernelGateway": "KernelGatewayAppSettings",
}
IDLE_APP_TYPES = ("JupyterLab", "CodeEditor")
IDLE_RANGE = (60, 525600)  # IdleTimeoutInMinutes in botocore's model


class SpaceAccessDenied(LaunchError):
    """The profile may not make this call (AccessDenied); ``permission`` names it."""

    def __init__(self, message: str, permission: str, *, hint: str | None = None) -> None:
        self.permission = permission
        super().__init__(message, hint=hint)


class AppInUse(LaunchError):
    """CreateApp or DeleteApp answered ResourceInUse: the app is busy (someone else's call)."""


class AppNotFound(LaunchError):
    """ResourceNotFound: the app (or space) does not exist (a Deleted app is forgotten)."""


@dataclass(frozen=True)
class SpaceInfo:
    """DescribeSpace's answer, as far as starting an app needs it."""

    app_type: str | None
    instance_type: str | None
    display_name: str | None
    status: str | None
    idle_timeout: int | None = None


def error_code(exc: BaseException) -> str:
    """The service's error code of a botocore ClientError ("" for anything else)."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code") or "")
    return ""


class SpaceCalls:
    """DescribeSpace, ListApps, DescribeApp, CreateApp, DeleteApp and UpdateSpace on one space."""

    def __init__(self, client: Any, profile: Profile, domain_id: str, space: str) -> None:
        self.client = client
        self.profile = profile
        self.domain_id = domain_id
        self.space = space
        self.target = f"space {space} of domain {domain_id}"

    def _call(self, operation: str, method: str, **params: Any) -> dict[str, Any]:
        permission = f"sagemaker:{operation}"
        try:
            answer: dict[str, Any] = getattr(self.client, method)(**params)
            return answer
        except Exception as exc:
            code = error_code(exc)
            action = aws_errors.Action(permission, self.target, self.profile)
            mapped = aws_errors.from_exception(exc, action, self.client.meta.region_name)
            if mapped is None:
                kind = type(exc).__name__
                mapped = LaunchError(f"{permission} failed for {self.target} ({kind})")
            if code in aws_errors.ACCESS_DENIED_CODES:
                raise SpaceAccessDenied(mapped.message, permission, hint=mapped.hint) from None
            if code.startswith("ResourceNotFound"):
                raise AppNotFound(mapped.message, hint=mapped.hint) from None
            if code == "ResourceInUse":
                raise AppInUse(f"the app of {self.target} is busy (ResourceInUse)") from None
            raise mapped from None

    def describe(self) -> SpaceInfo:
        """DescribeSpace: the space's AppType, default instance type, display name, status."""
        answer = self._call(
            "DescribeSpace", "describe_space", DomainId=self.domain_id, SpaceName=self.space
        )
        settings = answer.get("SpaceSettings") or {}
        app_type = settings.get("AppType")
        app_settings = settings.get(SETTINGS_KEYS.get(str(app_type), ""), {}) or {}
        idle = (app_settings.get("AppLifecycleManagement") or {}).get("IdleSettings") or {}
        return SpaceInfo(
            app_type=app_type,
            instance_type=(app_settings.get("DefaultResourceSpec") or {}).get("InstanceType"),
            display_name=answer.get("SpaceDisplayName"),
            status=answer.get("Status"),
            idle_timeout=idle.get("IdleTimeoutInMinutes"),
        )

    def list_apps(self) -> list[dict[str, Any]]:
        """ListApps of this space (every page)."""
        apps: list[dict[str, Any]] = []
        params: dict[str, Any] = {"DomainIdEquals": self.domain_id, "SpaceNameEquals": self.space}
        for _ in range(100):  # bounded: a space has a handful of app records
            answer = self._call("ListApps", "list_apps", **params)
            apps += answer.get("Apps") or []
            token = answer.get("NextToken")
            if not token:
                break
            params["NextToken"] = token
        return apps

    def describe_app(self, app_type: str, app_name: str) -> dict[str, Any]:
        """DescribeApp: Status, FailureReason, ResourceSpec, CreationTime."""
        return self._call(
            "DescribeApp",
            "describe_app",
            DomainId=self.domain_id,
            SpaceName=self.space,
            AppType=app_type,
            AppName=app_name,
        )

    def create_app(self, app_type: str, instance_type: str | None = None) -> None:
        """CreateApp "default" of ``app_type``, on ``instance_type`` when given."""
        params: dict[str, Any] = {
            "DomainId": self.domain_id,
            "SpaceName": self.space,
            "AppType": app_type,
            "AppName": APP_NAME,
        }
        if instance_type:
            params["ResourceSpec"] = {"InstanceType": instance_type}
        self._call("CreateApp", "create_app", **params)

    def delete_app(self, app_type: str, app_name: str) -> None:
        """DeleteApp of the app ListApps named."""
        self._call(
            "DeleteApp",
            "delete_app",
            DomainId=self.domain_id,
            SpaceName=self.space,
            AppType=app_type,
            AppName=app_name,
        )

    def update(
        self, app_type: str, *, idle_timeout: int | None = None, instance_type: str | None = None
    ) -> None:
        """UpdateSpace: the idle timeout and/or the default instance type of ``app_type``."""
        key = SETTINGS_KEYS.get(app_type)
        if key is None:
            raise LaunchError(f"{self.target}: app type {app_type} has no settings to change")
        app_settings: dict[str, Any] = {}
        if instance_type:
            app_settings["DefaultResourceSpec"] = {"InstanceType": instance_type}
        if idle_timeout is not None:
            if app_type not in IDLE_APP_TYPES:
                raise LaunchError(f"{self.target}: {app_type} spaces have no idle shutdown")
            app_settings["AppLifecycleManagement"] = {
                "IdleSettings": {"IdleTimeoutInMinutes": idle_timeout}
            }
        self._call(
            "UpdateSpace",
            "update_space",
            DomainId=self.domain_id,
            SpaceName=self.space,
            SpaceSettings={key: app_settings},
        )
