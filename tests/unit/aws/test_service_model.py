"""The trimmed SageMaker model: same operations and shapes as botocore's, nothing else."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.loaders import Loader

from studio_tray.aws import service_model


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
        session = boto3.Session(
            aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"
        )
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
    session = boto3.Session(
        aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"
    )
    service_model.use_trimmed_model(session, blocker)
    assert len(session.client("sagemaker").meta.service_model.operation_names) > 100
