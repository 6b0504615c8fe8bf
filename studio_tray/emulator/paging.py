"""Paginated, sorted listings shared by the SageMaker List* operations."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from typing import Any

from studio_tray.emulator import validation
from studio_tray.emulator.errors import ApiError


def encode_token(op: str, offset: int) -> str:
    """The opaque next-page token of ``op`` at ``offset``."""
    return base64.urlsafe_b64encode(json.dumps({"op": op, "offset": offset}).encode()).decode()


def decode_token(op: str, token: object) -> int | None:
    """The offset a token of ``op`` stands for; None when it is not one of ours for ``op``."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(str(token).encode()))
        offset = int(decoded["offset"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    return offset if decoded["op"] == op and offset >= 0 else None


def page(
    op: str, params: Mapping[str, Any], items: Sequence[Any], key: str, page_size: int
) -> dict[str, Any]:
    """One page of ``items`` under ``key``, with a NextToken when more remain."""
    validation.raise_if([validation.max_results(params)])
    size = int(params.get("MaxResults") or page_size)
    token = params.get("NextToken")
    start = decode_token(op, token) if token else 0
    if start is None:
        raise ApiError("ValidationException", "Invalid pagination token.")
    answer: dict[str, Any] = {key: list(items[start : start + size])}
    if start + size < len(items):
        answer["NextToken"] = encode_token(op, start + size)
    return answer


def ordered(params: Mapping[str, Any], items: list[Any]) -> list[Any]:
    """``items`` by creation time, newest last unless SortOrder is Descending."""
    items.sort(key=lambda item: item.created)
    return items[::-1] if params.get("SortOrder") == "Descending" else items
