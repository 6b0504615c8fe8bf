"""Paginated, sorted listings shared by the SageMaker List* operations."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from typing import Any

from studio_tray.emulator import validation
from studio_tray.emulator.errors import ApiError


def page(
    op: str, params: Mapping[str, Any], items: Sequence[Any], key: str, page_size: int
) -> dict[str, Any]:
    """One page of ``items`` under ``key``, with a NextToken when more remain."""
    validation.raise_if([validation.max_results(params)])
    size = int(params.get("MaxResults") or page_size)
    start = 0
    token = params.get("NextToken")
    if token:
        try:
            decoded = json.loads(base64.urlsafe_b64decode(str(token).encode()))
            start = int(decoded["offset"]) if decoded["op"] == op else -1
        except (ValueError, KeyError, TypeError, binascii.Error):
            start = -1
        if start < 0:
            raise ApiError("ValidationException", "Invalid pagination token.")
    answer: dict[str, Any] = {key: list(items[start : start + size])}
    if start + size < len(items):
        raw = json.dumps({"op": op, "offset": start + size}).encode()
        answer["NextToken"] = base64.urlsafe_b64encode(raw).decode()
    return answer


def ordered(params: Mapping[str, Any], items: list[Any]) -> list[Any]:
    """``items`` by creation time, newest last unless SortOrder is Descending."""
    items.sort(key=lambda item: item.created)
    return items[::-1] if params.get("SortOrder") == "Descending" else items
