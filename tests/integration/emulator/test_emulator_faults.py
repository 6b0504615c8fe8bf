"""Fault injection, latency and counters, seen by boto3 (retries off) and by a raw client."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from studio_tray.emulator import Emulator
from tests.fixtures.emulator import client_for
from tests.fixtures.wait import wait_until


def _raw_post(emulator: Emulator, op: str = "ListDomains", timeout: float = 3):
    """An unsigned SageMaker request (faults are decided before authentication)."""
    conn = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=timeout)
    conn.request(
        "POST",
        "/",
        body=b"{}",
        headers={"X-Amz-Target": f"SageMaker.{op}", "Content-Type": "application/x-amz-json-1.1"},
    )
    return conn, conn.getresponse()


@pytest.mark.parametrize(
    ("status", "code"), [(500, "InternalFailure"), (503, "ServiceUnavailable")]
)
def test_5xx_for_the_next_request_only(emulator, status, code) -> None:
    emulator.inject("5xx", count=1, status=status)
    client = client_for(emulator, "sagemaker")
    with pytest.raises(ClientError) as err:
        client.list_domains()
    assert err.value.response["Error"]["Code"] == code
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert client.list_domains()["Domains"] == []
    assert [r.fault for r in emulator.requests] == ["5xx", None]


def test_throttling_then_success_with_standard_retries(emulator) -> None:
    emulator.inject("throttle", count=2)
    with pytest.raises(ClientError) as err:
        client_for(emulator, "sagemaker").list_domains()
    assert err.value.response["Error"]["Code"] == "ThrottlingException"
    retrying = client_for(emulator, "sagemaker", retries=3)
    response = retrying.list_domains()
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    assert [r.fault for r in emulator.requests] == ["throttle", "throttle", None]


def test_dropped_connection(emulator) -> None:
    emulator.inject("drop", count=1)
    with pytest.raises(ConnectionClosedError):
        client_for(emulator, "sagemaker").list_domains()
    emulator.inject("drop", count=1)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        _raw_post(emulator)
    assert [r.fault for r in emulator.requests] == ["drop", "drop"]


def test_malformed_body_is_a_200_that_is_not_json(emulator) -> None:
    emulator.inject("malformed", count=1, ops="CreatePresignedDomainUrl")
    conn, response = _raw_post(emulator, "CreatePresignedDomainUrl")
    body = response.read()
    conn.close()
    assert response.status == 200
    with pytest.raises(ValueError):
        json.loads(body)
    emulator.inject("malformed", count=1)
    answer = client_for(emulator, "sagemaker").list_domains()
    assert "Domains" not in answer


def test_hang_until_the_client_gives_up_and_stop_is_not_blocked() -> None:
    emu = Emulator().start()
    emu.inject("hang")
    started = time.monotonic()
    with pytest.raises(ReadTimeoutError):
        client_for(emu, "sagemaker", read_timeout=0.5).list_domains()
    assert time.monotonic() - started < 2
    outcome: list[BaseException] = []

    def wait_for_answer() -> None:
        try:
            _raw_post(emu, timeout=10)
        except (OSError, http.client.HTTPException) as err:
            outcome.append(err)

    hung = threading.Thread(target=wait_for_answer)
    hung.start()
    time.sleep(0.3)
    started = time.monotonic()
    emu.stop()
    hung.join(timeout=5)
    assert time.monotonic() - started < 2 and not hung.is_alive()
    assert len(outcome) == 1 and not isinstance(outcome[0], TimeoutError)


def test_latency_delays_each_answer(emulator) -> None:
    client = client_for(emulator, "sagemaker")
    client.list_domains()
    emulator.set_latency(0.3)
    started = time.monotonic()
    client.list_domains()
    assert time.monotonic() - started >= 0.3
    emulator.clear_faults()
    started = time.monotonic()
    client.list_domains()
    assert time.monotonic() - started < 0.3


def _outcomes(seed: int) -> list[str | None]:
    with Emulator(seed=seed) as emu:
        emu.inject("5xx", probability=0.3)
        emu.inject("throttle", probability=0.2)
        for _ in range(40):
            _raw_post(emu)[0].close()
        return [r.fault for r in emu.requests]


def test_probabilities_are_seeded_and_mixed() -> None:
    first = _outcomes(7)
    assert first == _outcomes(7)
    assert {"5xx", "throttle", None} <= set(first)
    assert 4 <= first.count("5xx") <= 20


def test_faults_limited_to_chosen_operations(emulator) -> None:
    emulator.add_demo_data()
    emulator.inject("5xx", ops=["ListSpaces"])
    client = client_for(emulator, "sagemaker")
    assert client.list_domains()["Domains"]
    with pytest.raises(ClientError):
        client.list_spaces()
    with pytest.raises(ValueError):
        emulator.inject("explode")


def test_counters_count_requests_and_connections(emulator) -> None:
    for _ in range(3):
        conn, response = _raw_post(emulator)
        response.read()
        conn.close()
    keep = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=3)
    for _ in range(2):
        keep.request("GET", "/auth?token=nothing")
        assert keep.getresponse().read() and True
    keep.close()
    with socket.create_connection(("127.0.0.1", emulator.port)):
        pass
    wait_until(lambda: emulator.connections_total >= 5, timeout=2, interval=0.01, fail=False)
    assert (emulator.requests_total, emulator.connections_total) == (5, 5)


def test_probabilities_are_disjoint_slices_of_one_draw() -> None:
    with Emulator(seed=3) as emu:
        emu.inject("5xx", probability=0.10)
        emu.inject("throttle", probability=0.05)
        emu.inject("drop", probability=0.02)
        picks = [emu.faults.pick("CreatePresignedDomainUrl") for _ in range(20000)]
    kinds = [rule.kind if rule else None for rule in picks]
    assert abs(kinds.count("5xx") / 20000 - 0.10) < 0.01
    assert abs(kinds.count("throttle") / 20000 - 0.05) < 0.008
    assert abs(kinds.count("drop") / 20000 - 0.02) < 0.005


def test_counters_survive_stop_and_parallel_clients_are_served() -> None:
    emu = Emulator().start()
    emu.add_demo_data()
    shared = client_for(emu, "sagemaker")  # boto3 clients are thread-safe; pool of 10
    clients = [shared] * 8
    failures: list[BaseException] = []

    def work(client) -> None:
        try:
            for _ in range(5):
                client.list_spaces(DomainIdEquals="d-demo00000001")
        except Exception as err:  # collected and asserted below
            failures.append(err)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    emu.stop()
    assert failures == []
    assert emu.requests_total == 40 and 1 <= emu.connections_total <= 8
    assert len(emu.requests) == 40


def test_faults_limited_by_parameter_values(emulator) -> None:
    emulator.add_demo_data()
    slow = emulator.add_domain("d-slow00000001", "slow")
    emulator.add_user_profile(slow, "alice")
    emulator.inject("5xx", ops="CreatePresignedDomainUrl", where={"DomainId": slow})
    client = client_for(emulator, "sagemaker")
    with pytest.raises(ClientError):
        client.create_presigned_domain_url(DomainId=slow, UserProfileName="alice")
    answer = client.create_presigned_domain_url(
        DomainId="d-demo00000001", UserProfileName="demo-user"
    )
    assert "AuthorizedUrl" in answer
