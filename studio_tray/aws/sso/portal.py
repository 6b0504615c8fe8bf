"""The sso portal API with a bearer token: GetRoleCredentials, ListAccounts, ListAccountRoles
and Logout. Role credentials stay in memory (the ``SessionProvider`` caches them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from studio_tray.aws.sso.oidc import error_code, failure
from studio_tray.errors import CredentialError, SignInRequired


@dataclass(frozen=True)
class RoleKeys:
    """GetRoleCredentials' temporary keys. ``repr`` leaves the secret and token out."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expiration: datetime


@dataclass(frozen=True)
class Account:
    """An account the signed-in user has an assignment in."""

    account_id: str
    name: str
    email: str = ""


def role_credentials(
    client: Any, access_token: str, account_id: str, role_name: str, profile: str
) -> RoleKeys:
    """Temporary keys of ``role_name`` in ``account_id``; ``SignInRequired`` when the token is
    no longer accepted, ``CredentialError`` when the role is not assigned."""
    try:
        answer = client.get_role_credentials(
            roleName=role_name, accountId=account_id, accessToken=access_token
        )
    except Exception as exc:
        code = error_code(exc)
        if code == "UnauthorizedException":
            raise SignInRequired(profile, "is no longer valid") from None
        if code == "ForbiddenException":
            raise CredentialError(
                f"profile {profile} may not use role {role_name} in account {account_id}",
                hint="check sso_account_id and sso_role_name (`studio-tray profile add "
                f"{profile} --sso-start-url ... --sso-region ...` lists what you may use)",
            ) from None
        raise failure(exc, client, profile, "sso:GetRoleCredentials") from None
    creds = answer["roleCredentials"]
    expiration = datetime.fromtimestamp(int(creds["expiration"]) / 1000, UTC)
    return RoleKeys(
        str(creds["accessKeyId"]), str(creds["secretAccessKey"]), str(creds["sessionToken"]),
        expiration,
    )  # fmt: skip


def _pages(client: Any, method: str, key: str, profile: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    try:
        for page in client.get_paginator(method).paginate(**params):
            items.extend(page.get(key, []))
    except Exception as exc:
        if error_code(exc) == "UnauthorizedException":
            raise SignInRequired(profile, "is no longer valid") from None
        raise failure(exc, client, profile, f"sso:{method}") from None
    return items


def accounts(client: Any, access_token: str, profile: str) -> list[Account]:
    """Every account the user may use, by name."""
    found = _pages(client, "list_accounts", "accountList", profile, accessToken=access_token)
    listed = [
        Account(
            str(a["accountId"]), str(a.get("accountName") or ""), str(a.get("emailAddress") or "")
        )
        for a in found
    ]
    return sorted(listed, key=lambda a: (a.name.lower(), a.account_id))


def roles(client: Any, access_token: str, account_id: str, profile: str) -> list[str]:
    """The roles (permission sets) the user may use in ``account_id``."""
    found = _pages(
        client,
        "list_account_roles",
        "roleList",
        profile,
        accessToken=access_token,
        accountId=account_id,
    )
    return sorted(str(r["roleName"]) for r in found)


def logout(client: Any, access_token: str, profile: str) -> bool:
    """End the session at Identity Center; False when it had already ended."""
    try:
        client.logout(accessToken=access_token)
    except Exception as exc:
        if error_code(exc) == "UnauthorizedException":
            return False
        raise failure(exc, client, profile, "sso:Logout") from None
    return True
