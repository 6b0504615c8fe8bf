"""The trimmed SageMaker model: same operations and shapes as botocore's, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.loaders import Loader

from studio_tray.aws import service_model
from studio_tray.aws.session import Session


def full_model() -> dict:
    loader = Loader()
    return loader.load_service_model("sagemaker", "service-2")


def test_trim_keeps_the_operations_and_every_shape_they_reach() -> None:
    model = full_model()
    trimmed = service_model.trim(model)
    assert set(trimmed["operations"]) == set(service_model.OPERATIONS)
    assert len(trimmed["shapes"]) < len(model["shapes"]) / 5
    for name in service_model.reachable_shapes(trimmed, service_model.OPERATIONS):
        assert trimmed["shapes"][name] == model["shapes"][name]
    assert trimmed["metadata"] == model["metadata"]


def test_client_from_trimmed_model_matches_the_full_one(tmp_path: Path) -> None:
    def client(trimmed: bool):
        session = Session(aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1")
        if trimmed:
            service_model.use_trimmed_model(session, tmp_path)
        return session.client("sagemaker")

    small, full = client(True), client(False)
    assert sorted(small.meta.service_model.operation_names) == sorted(service_model.OPERATIONS)
    for name in service_model.OPERATIONS:
        a = small.meta.service_model.operation_model(name)
        b = full.meta.service_model.operation_model(name)
        assert a.input_shape.members.keys() == b.input_shape.members.keys()
        assert (a.output_shape is None) == (b.output_shape is None)  # DeleteApp answers {}
        if a.output_shape is not None:
            assert a.output_shape.members.keys() == b.output_shape.members.keys()
    assert small.can_paginate("list_user_profiles") and small.can_paginate("list_spaces")


def test_unwritable_cache_falls_back_to_the_full_model(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    assert service_model.data_path(blocker) is None
    session = Session(aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1")
    service_model.use_trimmed_model(session, blocker)
    assert len(session.client("sagemaker").meta.service_model.operation_names) > 100


REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1")


def test_trimmed_endpoints_resolve_every_kept_service_as_the_full_file() -> None:
    from botocore.regions import EndpointResolver

    loader = Loader()
    full = loader.load_data("endpoints")
    prefixes = service_model.endpoint_prefixes(loader)
    assert {"api.sagemaker", "sts", "portal.sso", "oidc"} <= prefixes
    small = service_model.trim_endpoints(full, prefixes)
    assert len(small["partitions"]) == len(full["partitions"])
    assert len(small["partitions"][0]["services"]) <= len(prefixes)
    a, b = EndpointResolver(small), EndpointResolver(full)
    for prefix in prefixes:
        for region in REGIONS:
            assert a.construct_endpoint(prefix, region) == b.construct_endpoint(prefix, region)


def test_clients_on_the_trimmed_data_talk_to_the_same_endpoints(tmp_path: Path) -> None:
    def endpoint(service: str, region: str, trimmed: bool) -> str:
        session = Session(aws_access_key_id="a", aws_secret_access_key="b", region_name=region)
        if trimmed:
            service_model.use_trimmed_model(session, tmp_path)
        return str(session.client(service).meta.endpoint_url)

    root = service_model.data_path(tmp_path)
    assert root is not None and (root / "endpoints.json").stat().st_size < 200_000
    for service in ("sagemaker", "sts"):
        for region in REGIONS:
            assert endpoint(service, region, True) == endpoint(service, region, False)


def test_the_cache_folder_changes_with_the_operations_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    before = service_model.cache_key("1.0")
    monkeypatch.setattr(service_model, "OPERATIONS", (*service_model.OPERATIONS, "ListApps"))
    assert service_model.cache_key("1.0") != before
    assert service_model.cache_key("1.0").startswith("1.0-")


@pytest.mark.parametrize("type_name", ["service-2", "endpoint-rule-set-1", "paginators-1"])
def test_the_quick_service_check_agrees_with_botocores_list(type_name: str, tmp_path: Path) -> None:
    listed = Loader().list_available_services(type_name)
    loader = Loader(extra_search_paths=[str(tmp_path)])
    (tmp_path / "made-up" / "2020-01-01").mkdir(parents=True)  # a folder without the file
    service_model.quick_service_check(loader)
    names = loader.list_available_services(type_name)
    for name in ("sagemaker", "sts", "sso-oidc", "s3", "made-up", "no-such", "", ".", "../x"):
        assert (name in names) == (name in listed), name
    assert list(names) == listed and len(names) == len(listed) and names[0] == listed[0]


def test_the_quick_check_reads_one_service_not_all(monkeypatch: pytest.MonkeyPatch) -> None:
    loader = Loader()
    service_model.quick_service_check(loader)
    service_model.quick_service_check(loader)  # twice is once
    read: list[str] = []
    real_listdir = service_model.os.listdir
    monkeypatch.setattr(service_model.os, "listdir", lambda p: read.append(p) or real_listdir(p))
    names = loader.list_available_services("service-2")
    assert "sagemaker" in names
    assert all("sagemaker" in folder for folder in read) and read, read


def test_an_unknown_service_is_still_botocores_error(tmp_path: Path) -> None:
    from botocore.exceptions import UnknownServiceError

    session = Session(aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1")
    service_model.use_trimmed_model(session, tmp_path)
    with pytest.raises(UnknownServiceError, match="sagemaker-runtime"):
        session.client("no-such-service")
    assert session.client("sts").meta.service_model.service_name == "sts"
