"""``studio-tray emulator``: the local SageMaker-compatible endpoint, in the foreground."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from studio_tray.commands import add_verb
from studio_tray.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see cli.py)
if TYPE_CHECKING:
    from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``emulator`` verb."""
    parser = add_verb(
        sub,
        "emulator",
        description="Serve a local SageMaker- and STS-compatible endpoint in the foreground "
        "until Ctrl-C. It checks SigV4 signatures against the demo keys (or --credentials-file) "
        "and holds a demo domain, user profile and spaces.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    parser.add_argument(
        "--credentials-file",
        metavar="FILE",
        help="accept the keys in FILE instead of the demo keys: one ACCESS_KEY_ID:SECRET a "
        "line; FILE must be readable by you only (chmod 600), or - for stdin",
    )
    parser.add_argument(
        "--credentials",
        metavar="AKID:SECRET",
        action="append",
        help="as --credentials-file, but every local user can read the secret on the command "
        "line: for throwaway keys only (repeatable)",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="delay every API answer (to try timeouts, or for benchmarks)",
    )
    parser.add_argument(
        "--fault",
        metavar="KIND:PROBABILITY",
        action="append",
        help="inject a fault into that share of API calls: 5xx, throttle, drop, malformed or "
        "hang, e.g. 5xx:0.1 (repeatable)",
    )
    parser.set_defaults(func=run)


def _parse_faults(values: list[str] | None) -> list[tuple[str, float]]:
    from studio_tray.emulator import FAULT_KINDS

    faults = []
    for value in values or []:
        kind, _, share = value.partition(":")
        try:
            probability = float(share)
        except ValueError:
            probability = -1.0
        if kind not in FAULT_KINDS or not 0.0 < probability <= 1.0:
            raise UsageError(
                f"--fault {value!r} must look like KIND:PROBABILITY with KIND one of "
                f"{', '.join(FAULT_KINDS)} and PROBABILITY in (0, 1]"
            )
        faults.append((kind, probability))
    return faults


def _parse_credentials(values: list[str] | None, option: str = "--credentials") -> dict[str, str]:
    keys: dict[str, str] = {}
    for value in values or []:
        akid, sep, secret = value.partition(":")
        if not sep or not akid or not secret:
            # Never echo the value: it holds a secret.
            raise UsageError(f"{option} must hold lines like ACCESS_KEY_ID:SECRET")
        keys[akid] = secret
    return keys


def _read_credentials_file(name: str) -> list[str]:
    """The non-empty lines of ``name`` (``-``: stdin); refused when others may read the file."""
    import os
    import stat
    import sys

    if name == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(name, encoding="utf-8") as file:
                mode = os.fstat(file.fileno()).st_mode
                if hasattr(os, "getuid") and mode & 0o077:
                    raise UsageError(
                        f"--credentials-file {name} can be read by other users (mode "
                        f"{stat.S_IMODE(mode):o}): it holds secrets; chmod 600 {name}"
                    )
                text = file.read()
        except OSError as err:
            raise UsageError(f"--credentials-file {name}: {err.strerror or err}") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _credentials(args: argparse.Namespace) -> dict[str, str] | None:
    """The keys to accept: from --credentials-file and --credentials; None for the demo's."""
    keys = {}
    if args.credentials_file:
        lines = _read_credentials_file(args.credentials_file)
        if not lines:
            raise UsageError(f"--credentials-file {args.credentials_file} holds no keys")
        keys.update(_parse_credentials(lines, "--credentials-file"))
    keys.update(_parse_credentials(args.credentials))
    return keys or None


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM); exit 0."""
    from studio_tray.emulator import Emulator

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} must be from 0 to 65535")
    keys = _credentials(args)
    faults = _parse_faults(args.fault)
    if args.latency < 0:
        raise UsageError("--latency must not be negative")
    emulator = Emulator(keys, host=args.host, port=args.port)
    emulator.add_demo_data()
    emulator.set_latency(args.latency)
    for kind, probability in faults:
        emulator.inject(kind, probability=probability)
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    # Ctrl-C and SIGTERM both mean "stop": handled as an event, so no KeyboardInterrupt can
    # land half-way through start-up or shut-down.
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            emulator.start()
        except OSError as err:
            raise UsageError(f"cannot listen on {args.host}:{args.port}: {err.strerror}") from None
        _announce(emulator.url, keys)
        while not done.wait(0.5):
            pass
    finally:
        emulator.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("studio-tray emulator stopped", flush=True)
    return 0


def _announce(url: str, keys: dict[str, str] | None) -> None:
    from studio_tray.emulator import (
        DEMO_ACCESS_KEY_ID,
        DEMO_DOMAIN_ID,
        DEMO_SECRET_ACCESS_KEY,
        DEMO_SPACE,
        DEMO_USER,
    )

    print(f"studio-tray emulator listening on {url}", flush=True)
    if keys is None:
        # The demo keys are public constants, not secrets: printing them is the point.
        print(
            f"accepts the demo keys: AWS_ACCESS_KEY_ID={DEMO_ACCESS_KEY_ID} "
            f"AWS_SECRET_ACCESS_KEY={DEMO_SECRET_ACCESS_KEY}"
        )
    else:
        print("accepts the access key ids " + ", ".join(keys) + " (with the secrets given)")
    print(f"demo: domain {DEMO_DOMAIN_ID}, user profile {DEMO_USER}, space {DEMO_SPACE}")
    print(
        f"try: aws sagemaker create-presigned-domain-url --endpoint-url {url} "
        f"--region us-east-1 --domain-id {DEMO_DOMAIN_ID} --user-profile-name {DEMO_USER}"
    )
    print("Ctrl-C stops it.", flush=True)
