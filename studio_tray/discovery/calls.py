"""Paginated SageMaker calls of a discovery run; failures become user-ready warnings.

A refused call names the missing permission (``sagemaker:ListSpaces``...); every other failure
is put in words by ``studio_tray.aws.errors``. Nothing from the request or the raw response
is repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from studio_tray.aws import errors as aws_errors
from studio_tray.model import Profile

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
PAGE_SIZE = 100  # the API's maximum MaxResults: fewest round trips


class Refused(Exception):
    """A call failed; ``message`` says why in user-ready words."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class Calls:
    """Calls through one client for one profile and region, collecting warnings."""

    def __init__(self, client: Any, profile: Profile, region: str, progress: Progress) -> None:
        self.client = client
        self.profile = profile
        self.region = region
        self.progress = progress
        self.warnings: list[str] = []

    def items(
        self, method: str, key: str, params: dict[str, Any], op: str, what: str
    ) -> list[dict[str, Any]]:
        """Every item of a paginated listing; ``Refused`` when its first page fails.

        A failure after some pages keeps those pages and adds a warning.
        """
        collected: list[dict[str, Any]] = []
        pages = self.client.get_paginator(method).paginate(
            **params, PaginationConfig={"PageSize": PAGE_SIZE}
        )
        try:
            for page in pages:
                collected.extend(page.get(key, []))
                if len(collected) >= PAGE_SIZE:
                    self.progress(f"{self.profile.name} {self.region}: {len(collected)} {what}")
        except Exception as exc:
            message = self.explain(exc, op, what)
            if not collected:
                raise Refused(message) from None
            self.warnings.append(f"{message}; kept the first {len(collected)}")
        return collected

    def call(self, method: str, op: str, what: str, **params: Any) -> dict[str, Any]:
        """One plain call; ``Refused`` when it fails."""
        try:
            return dict(getattr(self.client, method)(**params))
        except Exception as exc:
            raise Refused(self.explain(exc, op, what)) from None

    def explain(self, exc: Exception, op: str, what: str) -> str:
        """Why calling ``op`` for ``what`` failed, with the fix, in one line."""
        permission = f"sagemaker:{op}"
        code = _error_code(exc)
        if code in aws_errors.ACCESS_DENIED_CODES:
            return (
                f"profile {self.profile.name} may not call {permission} in {self.region} for "
                f"{what}: ask your AWS administrator to allow {permission}"
            )
        action = aws_errors.Action(permission, what, self.profile)
        mapped = aws_errors.from_exception(exc, action, self.region)
        if mapped is None:
            log.debug("unexpected error in %s", op, exc_info=True)
            return f"{permission} failed for {what} ({type(exc).__name__})"
        return f"{self.region}: {mapped}"


def _error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code") or "")
    return ""
