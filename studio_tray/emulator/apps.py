"""Studio apps in spaces: their life cycle on the emulator's clock and CreateApp, DescribeApp,
DeleteApp and ListApps.

Status follows SageMaker's AppStatus. Nothing runs in the background: an app's status is
worked out from its timestamps whenever it is looked at, so ``Emulator.advance`` moves apps
along exactly as waiting would.

- CreateApp: ``Pending``, then ``InService`` after ``AppDelays.start`` seconds, or ``Failed``
  with the space's ``fail_start`` reason. A space has one app: CreateApp while it has one that
  is Pending, InService or Deleting answers ResourceInUse; a Failed one is replaced.
- DeleteApp: InService or Failed -> ``Deleting`` -> ``Deleted`` after ``AppDelays.stop``.
  Pending or Deleting: ResourceInUse. Deleted or never created: ResourceNotFound.
- Idle shutdown: an InService app in a space with IdleTimeoutInMinutes (on a domain where idle
  shutdown is enabled) goes Deleting that many minutes after its last activity.
- A Deleted app stays in ListApps and DescribeApp for ``AppDelays.deleted_retention`` seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from studio_tray.emulator import lookup, paging, space_rules
from studio_tray.emulator.context import Call
from studio_tray.emulator.errors import ApiError
from studio_tray.emulator.state import App, Space, State

Params = Mapping[str, Any]
LIVE = ("Pending", "InService", "Deleting")


def app_arn(call: Call, app: App) -> str:
    """arn:aws:sagemaker:REGION:ACCOUNT:app/DOMAIN/SPACE-OR-USER/APPTYPE/APPNAME."""
    owner = app.space or app.user_profile
    return call.arn(f"app/{app.domain_id}/{owner}/{app.app_type.lower()}/{app.name}")


def _idle_deadline(state: State, app: App) -> float | None:
    if app.space is None or app.last_activity is None:
        return None
    space = state.spaces.get((app.domain_id, app.space))
    domain = state.domains.get(app.domain_id)
    if space is None or space.idle_timeout is None or domain is None:
        return None
    if not domain.idle_shutdown or space.app_type not in space_rules.IDLE_APP_TYPES:
        return None
    return app.last_activity + space.idle_timeout * 60


def settle(state: State, app: App, now: float) -> None:
    """Bring ``app``'s status up to ``now``. With ``state.lock`` held."""
    if app.status == "Pending" and now >= app.ready_at:
        if app.failure_reason:
            app.status = "Failed"
        else:
            app.status = "InService"
            app.last_activity = app.last_activity or app.ready_at
    if app.status == "InService":
        deadline = _idle_deadline(state, app)
        if deadline is not None and now >= deadline:
            app.status = "Deleting"
            app.gone_at = deadline + state.app_delays.stop
    if app.status == "Deleting" and app.gone_at is not None and now >= app.gone_at:
        app.status = "Deleted"


def settled(state: State, now: float) -> list[App]:
    """Every app still to be shown, statuses brought up to ``now``; long-Deleted ones are
    forgotten. With ``state.lock`` held."""
    keep: list[App] = []
    for app in state.apps:
        settle(state, app, now)
        gone = app.gone_at if app.gone_at is not None else now
        if app.status != "Deleted" or now < gone + state.app_delays.deleted_retention:
            keep.append(app)
    state.apps[:] = keep
    return keep


def new_app(
    state: State,
    space: Space,
    now: float,
    *,
    app_name: str = "default",
    instance_type: str | None = None,
    status: str = "Pending",
    failure_reason: str | None = None,
    created: float | None = None,
) -> App:
    """Add an app to ``space`` (replacing a Failed one of the same space). With the lock held."""
    state.apps[:] = [
        a
        for a in state.apps
        if (a.domain_id, a.space) != (space.domain_id, space.name) or a.status != "Failed"
    ]
    start = now if created is None else created
    app = App(
        domain_id=space.domain_id,
        space=space.name,
        user_profile=None,
        app_type=space.app_type,
        name=app_name,
        instance_type=instance_type or space.instance_type,
        created=start,
        status=status,
        ready_at=start + state.app_delays.start if status == "Pending" else start,
        failure_reason=failure_reason,
    )
    if status == "InService":
        app.last_activity = start
    if status == "Deleting":
        app.gone_at = now + state.app_delays.stop
    if status == "Deleted":
        app.gone_at = now
    state.apps.append(app)
    return app


def _find(call: Call, params: Params, space: str | None, user: str | None) -> App | None:
    """The newest app matching the request's domain, owner, AppType and AppName."""
    matches = [
        a
        for a in settled(call.state, call.now)
        if (a.domain_id, a.space, a.user_profile, a.app_type, a.name)
        == (params["DomainId"], space, user, params["AppType"], params["AppName"])
    ]
    return max(matches, key=lambda a: a.created) if matches else None


def _requested_arn(call: Call, params: Params, space: str | None, user: str | None) -> str:
    return call.arn(
        f"app/{params['DomainId']}/{space or user}/{str(params['AppType']).lower()}/"
        f"{params['AppName']}"
    )


def _not_found(call: Call, params: Params, space: str | None, user: str | None) -> ApiError:
    return ApiError(
        "ResourceNotFound", f"App {_requested_arn(call, params, space, user)} does not exist."
    )


def create_app(call: Call, params: Params) -> dict[str, Any]:
    """Start the space's app (Pending); ResourceInUse while the space already has one."""
    space_name, user = space_rules.app_params("CreateApp", params)
    spec = space_rules.structure(params, "ResourceSpec")
    space_rules.raise_if(
        [space_rules.instance_type_problem("ResourceSpec.InstanceType", spec.get("InstanceType"))]
    )
    app_type, app_name = str(params["AppType"]), str(params["AppName"])
    with call.state.lock:
        if space_name is None:
            assert user is not None
            return _create_user_app(call, params, user, spec.get("InstanceType"))
        space = lookup.space(call.state, str(params["DomainId"]), space_name)
        if app_type != space.app_type:
            raise ApiError(
                "ValidationException",
                f"AppType {app_type} does not match the AppType {space.app_type} of space "
                f"{space_name}.",
            )
        if space.status not in ("InService", "Update_Failed"):
            raise ApiError(
                "ValidationException",
                f"Space {space_name} is {space.status}; apps start only in an InService space.",
            )
        live = [
            a
            for a in settled(call.state, call.now)
            if (a.domain_id, a.space) == (space.domain_id, space.name) and a.status in LIVE
        ]
        if live:
            raise ApiError(
                "ResourceInUse",
                f"App {app_arn(call, live[0])} already exists in space {space_name} and is "
                f"{live[0].status}.",
            )
        app = new_app(
            call.state,
            space,
            call.now,
            app_name=app_name,
            instance_type=spec.get("InstanceType"),
            failure_reason=space.fail_start,
        )
        settle(call.state, app, call.now)
        return {"AppArn": app_arn(call, app)}


def _create_user_app(
    call: Call, params: Params, user: str, instance_type: str | None
) -> dict[str, Any]:
    """A user profile's app (Studio Classic): one per AppType and AppName."""
    domain_id = str(params["DomainId"])
    lookup.user_profile(call.state, domain_id, user)
    existing = _find(call, params, None, user)
    if existing is not None and existing.status in LIVE:
        raise ApiError(
            "ResourceInUse",
            f"App {app_arn(call, existing)} already exists and is {existing.status}.",
        )
    app_type = str(params["AppType"])
    app = App(
        domain_id=domain_id,
        space=None,
        user_profile=user,
        app_type=app_type,
        name=str(params["AppName"]),
        instance_type=instance_type or space_rules.default_instance_type(app_type),
        created=call.now,
        ready_at=call.now + call.state.app_delays.start,
    )
    call.state.apps.append(app)
    settle(call.state, app, call.now)
    return {"AppArn": app_arn(call, app)}


def _details(app: App) -> dict[str, Any]:
    item: dict[str, Any] = {"DomainId": app.domain_id}
    if app.space is not None:
        item["SpaceName"] = app.space
    else:
        item["UserProfileName"] = app.user_profile
    item.update(
        AppType=app.app_type,
        AppName=app.name,
        Status=app.status,
        CreationTime=app.created,
        ResourceSpec={"InstanceType": app.instance_type},
    )
    return item


def describe_app(call: Call, params: Params) -> dict[str, Any]:
    """The app's status (Deleted ones too, for a while), FailureReason and ResourceSpec."""
    space, user = space_rules.app_params("DescribeApp", params)
    with call.state.lock:
        app = _find(call, params, space, user)
        if app is None:
            raise _not_found(call, params, space, user)
        answer = {"AppArn": app_arn(call, app), **_details(app)}
        if app.failure_reason and app.status == "Failed":
            answer["FailureReason"] = app.failure_reason
        if app.last_activity is not None:
            answer["LastUserActivityTimestamp"] = app.last_activity
        if app.status == "InService":
            answer["LastHealthCheckTimestamp"] = call.now
    return answer


def delete_app(call: Call, params: Params) -> dict[str, Any]:
    """Stop the app: InService or Failed -> Deleting -> Deleted."""
    space, user = space_rules.app_params("DeleteApp", params)
    with call.state.lock:
        app = _find(call, params, space, user)
        if app is None or app.status == "Deleted":
            raise _not_found(call, params, space, user)
        if app.status == "Pending":
            raise ApiError(
                "ResourceInUse",
                f"App {app_arn(call, app)} is Pending; it can be deleted once it is InService "
                "or Failed.",
            )
        if app.status == "Deleting":
            raise ApiError("ResourceInUse", f"App {app_arn(call, app)} is already being deleted.")
        app.status = "Deleting"
        app.gone_at = call.now + call.state.app_delays.stop
        settle(call.state, app, call.now)
    return {}


def list_apps(call: Call, params: Params) -> dict[str, Any]:
    """Apps (Deleted ones for a while), filtered by domain and space or user profile."""
    domain = params.get("DomainIdEquals")
    space, user = params.get("SpaceNameEquals"), params.get("UserProfileNameEquals")
    space_rules.raise_if(
        [
            space_rules.domain_problem("DomainIdEquals", domain),
            space_rules.name_problem("SpaceNameEquals", space),
            space_rules.name_problem("UserProfileNameEquals", user),
            space_rules.enum_problem(
                "SortOrder", params.get("SortOrder"), ("Ascending", "Descending")
            ),
            space_rules.enum_problem("SortBy", params.get("SortBy"), ("CreationTime",)),
        ]
    )
    if space is not None and user is not None:
        raise ApiError(
            "ValidationException",
            "Only one of UserProfileNameEquals or SpaceNameEquals can be passed.",
        )
    with call.state.lock:
        apps = [
            a
            for a in settled(call.state, call.now)
            if (domain is None or a.domain_id == domain)
            and (space is None or a.space == space)
            and (user is None or a.user_profile == user)
        ]
        items = [_details(a) for a in paging.ordered(params, apps)]
    return paging.page("ListApps", params, items, "Apps", call.page_size)


OPERATIONS: dict[str, Callable[[Call, Params], dict[str, Any]]] = {
    "CreateApp": create_app,
    "DescribeApp": describe_app,
    "DeleteApp": delete_app,
    "ListApps": list_apps,
}


def resource_arn(call: Call, op: str, params: Params) -> str:
    """The app an AccessDenied message names for ``op`` (``*`` for what is not given)."""
    if op == "ListApps":
        return call.arn(f"app/{params.get('DomainIdEquals') or '*'}/*")
    owner = params.get("SpaceName") or params.get("UserProfileName") or "*"
    app_type = str(params.get("AppType") or "*").lower()
    return call.arn(
        f"app/{params.get('DomainId') or '*'}/{owner}/{app_type}/{params.get('AppName') or '*'}"
    )
