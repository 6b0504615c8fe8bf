"""DescribeSpace, UpdateSpace (default instance type, idle shutdown, display name) and
DescribeUserProfile, in botocore's SageMaker shapes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from studio_tray.emulator import lookup, space_rules
from studio_tray.emulator.context import Call
from studio_tray.emulator.errors import ApiError
from studio_tray.emulator.state import Domain, Space, UserProfile

Params = Mapping[str, Any]
BUSY = ("Pending", "Updating", "Deleting")


def space_arn(call: Call, space: Space) -> str:
    """arn:aws:sagemaker:REGION:ACCOUNT:space/DOMAIN/SPACE."""
    return call.arn(f"space/{space.domain_id}/{space.name}")


def space_settings(space: Space) -> dict[str, Any]:
    """SpaceSettings: AppType and the app type's DefaultResourceSpec and idle settings."""
    settings: dict[str, Any] = {"AppType": space.app_type}
    key = space_rules.SETTINGS_KEYS.get(space.app_type)
    if key is not None:
        app_settings: dict[str, Any] = {
            "DefaultResourceSpec": {"InstanceType": space.instance_type}
        }
        if space.idle_timeout is not None and space.app_type in space_rules.IDLE_APP_TYPES:
            app_settings["AppLifecycleManagement"] = {
                "IdleSettings": {"IdleTimeoutInMinutes": space.idle_timeout}
            }
        settings[key] = app_settings
    settings["SpaceStorageSettings"] = {"EbsStorageSettings": {"EbsVolumeSizeInGb": 5}}
    return settings


def describe_space(call: Call, params: Params) -> dict[str, Any]:
    """A space's status, settings, sharing, owner, display name and URL."""
    _space_params(params)
    with call.state.lock:
        space = lookup.space(call.state, str(params["DomainId"]), str(params["SpaceName"]))
        answer: dict[str, Any] = {
            "DomainId": space.domain_id,
            "SpaceArn": space_arn(call, space),
            "SpaceName": space.name,
            "Status": space.status,
            "LastModifiedTime": space.modified or space.created,
            "CreationTime": space.created,
            "SpaceSettings": space_settings(space),
            "SpaceSharingSettings": {"SharingType": space.sharing},
            "Url": f"https://{space.domain_id}.studio.{call.region}.sagemaker.aws/"
            f"{space.app_type.lower()}/default",
        }
        if space.display_name:  # optional in CreateSpace; absent when none was given
            answer["SpaceDisplayName"] = space.display_name
        if space.failure_reason:
            answer["FailureReason"] = space.failure_reason
        if space.owner:
            answer["OwnershipSettings"] = {"OwnerUserProfileName": space.owner}
    return answer


def _space_params(params: Params) -> None:
    problems = space_rules.required(params, ("DomainId", "SpaceName"))
    problems += [
        space_rules.domain_problem("DomainId", params.get("DomainId")),
        space_rules.name_problem("SpaceName", params.get("SpaceName")),
    ]
    space_rules.raise_if(problems)


def _display_name_problem(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError("SerializationException", "SpaceDisplayName must be a string")
    if len(value) > 64:
        return space_rules.item(
            "SpaceDisplayName", value, "Member must have length less than or equal to 64"
        )
    if not value.strip():
        return space_rules.item(
            "SpaceDisplayName", value, "Member must satisfy regular expression pattern: (?!\\s*$).+"
        )
    return None


def _settings_changes(space: Space, domain: Domain, settings: Params) -> dict[str, Any]:
    """What UpdateSpace's SpaceSettings change: {"instance_type": ..., "idle_timeout": ...}."""
    app_type = settings.get("AppType")
    space_rules.raise_if(
        [space_rules.enum_problem("SpaceSettings.AppType", app_type, space_rules.APP_TYPES)]
    )
    if app_type is not None and app_type != space.app_type:
        raise ApiError(
            "ValidationException",
            f"The AppType of space {space.name} is {space.app_type}; it cannot be changed "
            f"to {app_type}.",
        )
    changes: dict[str, Any] = {}
    for other_type, key in space_rules.SETTINGS_KEYS.items():
        app_settings = space_rules.structure(settings, key)
        if not app_settings:
            continue
        if other_type != space.app_type:
            raise ApiError(
                "ValidationException",
                f"SpaceSettings.{key} does not apply to space {space.name}, whose AppType is "
                f"{space.app_type}.",
            )
        path = f"SpaceSettings.{key}"
        spec = space_rules.structure(app_settings, "DefaultResourceSpec")
        instance_type = spec.get("InstanceType")
        idle = space_rules.structure(
            space_rules.structure(app_settings, "AppLifecycleManagement"), "IdleSettings"
        )
        timeout = idle.get("IdleTimeoutInMinutes")
        space_rules.raise_if(
            [
                space_rules.instance_type_problem(
                    f"{path}.DefaultResourceSpec.InstanceType", instance_type
                ),
                space_rules.range_problem(
                    f"{path}.AppLifecycleManagement.IdleSettings.IdleTimeoutInMinutes",
                    timeout,
                    space_rules.IDLE_RANGE,
                ),
            ]
        )
        if timeout is not None and not domain.idle_shutdown:
            raise ApiError(
                "ValidationException",
                f"IdleTimeoutInMinutes cannot be set on space {space.name}: idle shutdown is "
                f"disabled on domain {domain.domain_id} (its AppLifecycleManagement.IdleSettings."
                "LifecycleManagement is DISABLED).",
            )
        if instance_type is not None:
            changes["instance_type"] = instance_type
        if timeout is not None:
            changes["idle_timeout"] = timeout
    return changes


def update_space(call: Call, params: Params) -> dict[str, Any]:
    """Change a space's default instance type, idle timeout or display name."""
    _space_params(params)
    display_name = params.get("SpaceDisplayName")
    space_rules.raise_if([_display_name_problem(display_name)])
    settings = space_rules.structure(params, "SpaceSettings")
    with call.state.lock:
        domain_id = str(params["DomainId"])
        space = lookup.space(call.state, domain_id, str(params["SpaceName"]))
        changes = _settings_changes(space, lookup.domain(call.state, domain_id), settings)
        if space.status in BUSY:
            raise ApiError(
                "ResourceInUse", f"Space {space.name} is {space.status} and cannot be updated."
            )
        space.instance_type = changes.get("instance_type", space.instance_type)
        space.idle_timeout = changes.get("idle_timeout", space.idle_timeout)
        if display_name is not None:
            space.display_name = str(display_name)
        space.modified = call.now
        return {"SpaceArn": space_arn(call, space)}


def user_profile_arn(call: Call, user: UserProfile) -> str:
    """arn:aws:sagemaker:REGION:ACCOUNT:user-profile/DOMAIN/NAME."""
    return call.arn(f"user-profile/{user.domain_id}/{user.name}")


def describe_user_profile(call: Call, params: Params) -> dict[str, Any]:
    """A user profile's status (and FailureReason when it has one)."""
    problems = space_rules.required(params, ("DomainId", "UserProfileName"))
    problems += [
        space_rules.domain_problem("DomainId", params.get("DomainId")),
        space_rules.name_problem("UserProfileName", params.get("UserProfileName")),
    ]
    space_rules.raise_if(problems)
    with call.state.lock:
        user = lookup.user_profile(
            call.state, str(params["DomainId"]), str(params["UserProfileName"])
        )
        answer: dict[str, Any] = {
            "DomainId": user.domain_id,
            "UserProfileArn": user_profile_arn(call, user),
            "UserProfileName": user.name,
            "Status": user.status,
            "LastModifiedTime": user.created,
            "CreationTime": user.created,
        }
        if user.failure_reason:
            answer["FailureReason"] = user.failure_reason
    return answer


def domain_user_settings(domain: Domain) -> dict[str, Any]:
    """DescribeDomain's DefaultUserSettings: whether idle shutdown is enabled for the apps."""
    idle = {
        "AppLifecycleManagement": {
            "IdleSettings": {
                "LifecycleManagement": "ENABLED" if domain.idle_shutdown else "DISABLED"
            }
        }
    }
    return {"JupyterLabAppSettings": idle, "CodeEditorAppSettings": idle}


OPERATIONS: dict[str, Callable[[Call, Params], dict[str, Any]]] = {
    "DescribeSpace": describe_space,
    "UpdateSpace": update_space,
    "DescribeUserProfile": describe_user_profile,
}


def resource_arn(call: Call, op: str, params: Params) -> str:
    """The resource an AccessDenied message names for ``op``."""
    domain = params.get("DomainId") or "*"
    if op == "DescribeUserProfile":
        return call.arn(f"user-profile/{domain}/{params.get('UserProfileName') or '*'}")
    return call.arn(f"space/{domain}/{params.get('SpaceName') or '*'}")
