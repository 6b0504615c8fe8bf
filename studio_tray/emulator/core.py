"""``Emulator``: the local SageMaker + STS endpoint's public face (start/stop, clock, faults,
records, /auth redemption)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from studio_tray.emulator import dispatch
from studio_tray.emulator.account import AccountSetup
from studio_tray.emulator.faults import FaultRule, Faults
from studio_tray.emulator.server import Counters, HttpRequest, HttpResponse, Server
from studio_tray.emulator.sso_account import SsoSetup
from studio_tray.emulator.state import RequestRecord, State

# Public, documented demo keys: not secrets. The id avoids the AKIA prefix on purpose.
DEMO_ACCESS_KEY_ID = "AKIDEMOEMULATOR00001"
DEMO_SECRET_ACCESS_KEY = "studio-tray-emulator-demo-secret-not-a-real-key"  # noqa: S105


class Emulator(AccountSetup, SsoSetup):
    """A SageMaker- and STS-compatible endpoint on ``host:port`` (0 = any free port).

    Account set-up (domains, user profiles, spaces, keys, roles, MFA codes, denied operations)
    comes from ``AccountSetup``, IAM Identity Center's (assignments, devices) from ``SsoSetup``.
    """

    def __init__(
        self,
        credentials: dict[str, str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        account_id: str = "123456789012",
        *,
        seed: int = 0,
        page_size: int = 10,
    ) -> None:
        self.state = State(account_id)
        for akid, secret in (credentials or {DEMO_ACCESS_KEY_ID: DEMO_SECRET_ACCESS_KEY}).items():
            self.state.add_key(akid, secret)
        self.faults = Faults(seed)
        self.page_size = page_size
        # Tests of the app's URL check make the emulator hand out URLs with another base.
        self.auth_base: str | None = None
        self._address = (host, port)
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._records: list[RequestRecord] = []
        self._records_lock = threading.Lock()
        self._clock_offset = 0.0
        self._counters = Counters()
        self._stopped = threading.Event()

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> Emulator:
        """Bind and serve in a background thread; return self."""
        if self._server is not None:
            return self
        self._stopped.clear()
        self._server = Server(self._address, self._app, self._counters)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="studio-tray-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end open and hanging connections, free the port."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopped.set()
        server.shutdown()
        server.close_all()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port it listens on (after start)."""
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://host:port``: the endpoint URL for SDKs and the AWS CLI."""
        return f"http://{self._address[0]}:{self.port}"

    def _app(self, request: HttpRequest) -> HttpResponse:
        return dispatch.handle(self, request)

    # -- clock ------------------------------------------------------------------------------
    def now(self) -> float:
        """The emulator's clock: real time plus whatever ``advance`` added."""
        return time.time() + self._clock_offset

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward (URL expiry, session expiry, signature age)."""
        self._clock_offset += seconds

    def wait(self, seconds: float) -> None:
        """Sleep, but wake at once when the emulator stops."""
        if seconds > 0:
            self._stopped.wait(seconds)

    # -- faults -----------------------------------------------------------------------------
    def set_latency(self, seconds: float) -> None:
        """Make every API answer take ``seconds`` in all (the emulator's own work included)."""
        self.faults.latency = seconds

    def inject(
        self,
        kind: str,
        *,
        count: int | None = None,
        probability: float | None = None,
        ops: Iterable[str] | str | None = None,
        status: int = 500,
        where: Mapping[str, object] | None = None,
    ) -> FaultRule:
        """Inject "5xx" (``status`` 500 or 503), "throttle", "drop", "malformed" or "hang" into
        matching requests: the next ``count``, each with ``probability`` (seeded; disjoint
        slices across rules), or all. ``ops`` limits it to operations, ``where`` to requests
        whose parameters have these values (e.g. ``{"DomainId": "d-slow"}``)."""
        return self.faults.add(
            kind, count=count, probability=probability, ops=ops, status=status, where=where
        )

    def clear_faults(self) -> None:
        """No more injected faults or latency."""
        self.faults.clear()

    # -- records ----------------------------------------------------------------------------
    def record(self, entry: RequestRecord) -> None:
        """Remember one API request (called by the dispatcher)."""
        with self._records_lock:
            self._records.append(entry)

    @property
    def requests(self) -> list[RequestRecord]:
        """The API requests received so far, oldest first."""
        with self._records_lock:
            return list(self._records)

    @property
    def requests_total(self) -> int:
        """HTTP requests received (API calls and /auth pages)."""
        return self._counters.requests

    @property
    def connections_total(self) -> int:
        """TCP connections accepted."""
        return self._counters.connections

    def reset(self) -> None:
        """Forget recorded requests and zero the counters."""
        with self._records_lock:
            self._records.clear()
        self._counters.reset()

    def redeem(self, token_or_url: str) -> int:
        """Use a presigned URL (or its token) as a browser would: 200 the first time, else 403."""
        query = urlsplit(token_or_url).query if "token=" in token_or_url else ""
        token = (parse_qs(query).get("token") or [""])[0] if query else token_or_url
        found, outcome = self.state.redeem(token, self.now())
        return 200 if outcome == "ok" and found is not None else 403
