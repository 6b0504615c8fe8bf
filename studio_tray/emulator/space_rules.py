"""Request rules of the space and app operations (botocore's SageMaker shapes), answered in
the service's ValidationException wording."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from studio_tray.emulator import validation
from studio_tray.emulator.errors import ApiError

# The AppType enum of the SageMaker model.
APP_TYPES = (
    "JupyterServer",
    "KernelGateway",
    "DetailedProfiler",
    "TensorBoard",
    "CodeEditor",
    "JupyterLab",
    "RStudioServerPro",
    "RSessionGateway",
    "Canvas",
)
# Where SpaceSettings keeps an app type's settings (DefaultResourceSpec); the others have none.
SETTINGS_KEYS = {
    "JupyterLab": "JupyterLabAppSettings",
    "CodeEditor": "CodeEditorAppSettings",
    "JupyterServer": "JupyterServerAppSettings",
    "KernelGateway": "KernelGatewayAppSettings",
}
# The app types whose space settings have AppLifecycleManagement (idle shutdown).
IDLE_APP_TYPES = ("JupyterLab", "CodeEditor")
IDLE_RANGE = (60, 525600)  # IdleTimeoutInMinutes: min/max in the model
DEFAULT_INSTANCE_TYPES = {"JupyterServer": "system", "RStudioServerPro": "system"}
# AppInstanceType is an enum of ~200 values that grows every botocore release: the emulator
# accepts its spelling ("system" or ml.<family>.<size>) instead of a copy of the list.
INSTANCE_TYPE_RE = re.compile(r"system|ml\.[a-z0-9-]+\.[a-z0-9-]+")
SPACE_STATUSES = (
    "Deleting",
    "Failed",
    "InService",
    "Pending",
    "Updating",
    "Update_Failed",
    "Delete_Failed",
)
USER_PROFILE_STATUSES = SPACE_STATUSES
APP_STATUSES = ("Deleted", "Deleting", "Failed", "InService", "Pending")


def default_instance_type(app_type: str) -> str:
    """The instance type an app of ``app_type`` gets when nothing says otherwise."""
    return DEFAULT_INSTANCE_TYPES.get(app_type, "ml.t3.medium")


def _camel(path: str) -> str:
    """SpaceSettings.JupyterLabAppSettings -> spaceSettings.jupyterLabAppSettings."""
    return ".".join(part[:1].lower() + part[1:] for part in path.split("."))


def item(path: str, value: object, constraint: str) -> str:
    """One "Value 'x' at 'path' failed to satisfy constraint: ..." text."""
    shown = "null" if value is None else f"'{value}'"
    return f"Value {shown} at '{_camel(path)}' failed to satisfy constraint: {constraint}"


def required(params: Mapping[str, Any], names: Iterable[str]) -> list[str | None]:
    """A "must not be null" problem for each missing member."""
    return [item(n, None, "Member must not be null") for n in names if params.get(n) is None]


def enum_problem(path: str, value: object, allowed: Iterable[str]) -> str | None:
    """The violation text for a value outside an enum, or None."""
    if value is None:
        return None
    choices = list(allowed)
    if isinstance(value, str) and value in choices:
        return None
    return item(path, value, f"Member must satisfy enum value set: [{', '.join(choices)}]")


def name_problem(path: str, value: object) -> str | None:
    """A space, app or user profile name's violation text, or None."""
    return None if value is None else validation.name_problem(_camel(path), value)


def domain_problem(path: str, value: object) -> str | None:
    """A domain id's violation text, or None."""
    return None if value is None else validation.domain_id_problem(_camel(path), value)


def instance_type_problem(path: str, value: object) -> str | None:
    """An InstanceType's violation text, or None."""
    if value is None:
        return None
    if isinstance(value, str) and INSTANCE_TYPE_RE.fullmatch(value):
        return None
    return item(path, value, "Member must satisfy enum value set: [system, ml.t3.micro, ...]")


def range_problem(path: str, value: object, bounds: tuple[int, int]) -> str | None:
    """An integer's violation text (or SerializationException when it is no integer)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError("SerializationException", f"{path} must be a number")
    low, high = bounds
    if value < low:
        return item(path, value, f"Member must have value greater than or equal to {low}")
    if value > high:
        return item(path, value, f"Member must have value less than or equal to {high}")
    return None


def structure(params: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A nested structure member ({} when absent), or SerializationException."""
    value = params.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ApiError("SerializationException", f"{name} must be a structure")
    return value


def app_owner(op: str, params: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(SpaceName, UserProfileName) of an app operation: exactly one of them is given."""
    space, user = params.get("SpaceName"), params.get("UserProfileName")
    if space is None and user is None:
        raise ApiError(
            "ValidationException",
            f"Either UserProfileName or SpaceName must be passed for {op} operation.",
        )
    if space is not None and user is not None:
        raise ApiError(
            "ValidationException",
            f"Only one of UserProfileName or SpaceName can be passed for {op} operation.",
        )
    return space, user


def app_params(op: str, params: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """Check DomainId, AppType, AppName and SpaceName/UserProfileName of CreateApp,
    DescribeApp and DeleteApp; return (space, user profile)."""
    problems = required(params, ("DomainId", "AppType", "AppName"))
    problems += [
        domain_problem("DomainId", params.get("DomainId")),
        enum_problem("AppType", params.get("AppType"), APP_TYPES),
        name_problem("AppName", params.get("AppName")),
        name_problem("SpaceName", params.get("SpaceName")),
        name_problem("UserProfileName", params.get("UserProfileName")),
    ]
    validation.raise_if(problems)
    return app_owner(op, params)


def raise_if(problems: list[str | None]) -> None:
    """One ValidationException listing every problem, if there are any."""
    validation.raise_if(problems)
