"""A trimmed copy of botocore's SageMaker model: only the operations the app calls.

botocore's SageMaker model has hundreds of operations; parsing it is most of the time a cold
``studio-tray open`` spends creating its client (about 0.1 s of 0.45 s). The app calls a dozen
operations, so the first run writes a copy with just those (and every shape they reach) to the
cache folder, keyed by botocore's version, and puts that folder first on the client's model
search path. The copy is derived from the installed model, so it cannot disagree with it; if
anything goes wrong the full model is used as before.

botocore's ``endpoints.json`` (1.2 MB: every service in every partition, parsed by every new
session) gets the same treatment: the copy keeps every partition and its defaults but only the
services a studio-tray session creates clients for, itself or inside botocore's credential
chain (``ENDPOINT_SERVICES``). The folder is keyed by botocore's version and by what is kept,
so a new operation never meets a stale copy.

Before loading any model, botocore checks the service against the list of every service it
has, which it works out by reading the folders of all of them; ``quick_service_check`` answers
that check from the one service's folders (``ServiceNames``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from studio_tray.atomic import write_atomic

log = logging.getLogger(__name__)

SERVICE = "sagemaker"
OPERATIONS = (
    "CreatePresignedDomainUrl",
    "ListDomains",
    "DescribeDomain",
    "ListUserProfiles",
    "ListSpaces",
    "DescribeSpace",
    "UpdateSpace",
    "ListApps",
    "DescribeApp",
    "CreateApp",
    "DeleteApp",
)
ENDPOINT_SERVICES = ("sagemaker", "sts", "sso", "sso-oidc")
"""Services whose entries the trimmed ``endpoints.json`` keeps (by their endpoint prefix)."""


def reachable_shapes(model: dict[str, Any], operations: tuple[str, ...]) -> set[str]:
    """Names of every shape the ``operations`` use, directly or through other shapes."""
    shapes = model["shapes"]
    todo = [
        ref["shape"]
        for name in operations
        for key in ("input", "output")
        if (ref := model["operations"][name].get(key))
    ]
    todo += [
        err["shape"] for name in operations for err in model["operations"][name].get("errors", [])
    ]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        todo += [m["shape"] for m in shape.get("members", {}).values()]
        todo += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
    return seen


def trim(model: dict[str, Any], operations: tuple[str, ...] = OPERATIONS) -> dict[str, Any]:
    """``model`` with only ``operations`` and the shapes they reach."""
    keep = reachable_shapes(model, operations)
    return {
        **model,
        "operations": {name: model["operations"][name] for name in operations},
        "shapes": {name: shape for name, shape in model["shapes"].items() if name in keep},
    }


def trim_endpoints(endpoints: dict[str, Any], prefixes: set[str]) -> dict[str, Any]:
    """``endpoints`` (botocore's endpoints.json) with only the services named by ``prefixes``."""
    return {
        **endpoints,
        "partitions": [
            {
                **partition,
                "services": {
                    name: entry
                    for name, entry in partition.get("services", {}).items()
                    if name in prefixes
                },
            }
            for partition in endpoints["partitions"]
        ],
    }


def endpoint_prefixes(loader: Any) -> set[str]:
    """The endpoint prefixes (``api.sagemaker``, ``sts``...) of ``ENDPOINT_SERVICES``."""
    return {
        str(loader.load_service_model(name, "service-2")["metadata"]["endpointPrefix"])
        for name in ENDPOINT_SERVICES
    }


def cache_key(version: str) -> str:
    """The cache folder name: botocore's version and a digest of what the copies keep."""
    kept = ",".join((*OPERATIONS, "|", *ENDPOINT_SERVICES))
    return f"{version}-{hashlib.sha256(kept.encode()).hexdigest()[:12]}"


def data_path(cache_root: Path) -> Path | None:
    """A folder to put first on botocore's model search path, or None to use the full model."""
    try:
        import botocore
        from botocore.loaders import Loader

        root = cache_root / "botocore-models" / cache_key(botocore.__version__)
        loader = Loader()
        version = loader.determine_latest_version(SERVICE, "service-2")
        target = root / SERVICE / version / "service-2.json"
        if not target.exists():
            model = loader.load_service_model(SERVICE, "service-2", version)
            write_atomic(target, json.dumps(trim(model), separators=(",", ":")).encode())
        endpoints = root / "endpoints.json"
        if not endpoints.exists():
            small = trim_endpoints(loader.load_data("endpoints"), endpoint_prefixes(loader))
            write_atomic(endpoints, json.dumps(small, separators=(",", ":")).encode())
        return root
    except Exception as exc:  # an optimisation only: never let it break a click
        log.debug(
            "trimmed SageMaker model unavailable (%s); using the full one", type(exc).__name__
        )
        return None


class ServiceNames(Sequence[str]):
    """What botocore's ``Loader.list_available_services(type_name)`` returns, worked out only
    when read. Before loading a model, botocore asks whether the service is among them, and
    working out the list reads the folders of all 400-odd services (about 15 ms per model
    type, twice per client); whether one service is there is read from its own folders, by
    the same rule: a folder on the search path with a version folder holding the file."""

    def __init__(self, loader: Any, type_name: str, full: Callable[[str], list[str]]) -> None:
        self._loader = loader
        self._type_name = type_name
        self._full = full
        self._names: list[str] | None = None

    def __contains__(self, name: object) -> bool:
        plain = isinstance(name, str) and name and os.sep not in name and name[0] != "."
        if plain and self._has(str(name)):
            return True
        return name in self._all()

    def _has(self, name: str) -> bool:
        for base in self._loader.search_paths:
            folder = os.path.join(base, name)
            if not os.path.isdir(folder):
                continue
            for version in os.listdir(folder):
                if self._loader.file_loader.exists(os.path.join(folder, version, self._type_name)):
                    return True
        return False

    def _all(self) -> list[str]:
        if self._names is None:
            self._names = list(self._full(self._type_name))
        return self._names

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


def quick_service_check(loader: Any) -> None:
    """Make ``loader`` (botocore's) answer "is this service there?" without listing them all."""
    if getattr(loader.list_available_services, "quick", False):
        return
    full = loader.list_available_services

    def listed(type_name: str) -> ServiceNames:
        return ServiceNames(loader, type_name, full)

    listed.quick = True  # type: ignore[attr-defined]
    loader.list_available_services = listed


def use_trimmed_model(session: Any, cache_root: Path) -> None:
    """Make ``session`` (an ``aws.session.Session``) load the trimmed SageMaker model from now."""
    loader = session.botocore_session.get_component("data_loader")
    quick_service_check(loader)
    path = data_path(cache_root)
    if path is None:
        return
    if str(path) not in loader.search_paths:
        loader.search_paths.insert(0, str(path))
