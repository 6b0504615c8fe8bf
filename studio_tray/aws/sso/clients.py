"""The sso-oidc and sso (portal) clients: unsigned, with the app's one botocore config.

Their endpoints come from botocore's own resolution, so ``AWS_ENDPOINT_URL_SSO_OIDC``,
``AWS_ENDPOINT_URL_SSO``, ``AWS_ENDPOINT_URL`` and the ``services`` sections of
``~/.aws/config`` apply; ``endpoint_url`` (the demo's emulator) overrides them all.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

from studio_tray.aws.clients import client_config


class SsoClients:
    """Creates and caches one client per (service, region); thread-safe."""

    def __init__(self, endpoint_url: str | None = None) -> None:
        self.endpoint_url = endpoint_url
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def oidc(self, region: str) -> Any:
        """The sso-oidc client of ``region``."""
        return self._client("sso-oidc", region)

    def portal(self, region: str) -> Any:
        """The sso (portal) client of ``region``."""
        return self._client("sso", region)

    def _client(self, service: str, region: str) -> Any:
        with self._lock:
            found = self._clients.get((service, region))
            if found is None:
                import botocore.session
                from botocore import UNSIGNED
                from botocore.config import Config

                config = client_config().merge(Config(signature_version=UNSIGNED))
                found = botocore.session.Session().create_client(
                    service, region_name=region, endpoint_url=self.endpoint_url, config=config
                )
                self._clients[(service, region)] = found
            return found


def host_of(client: Any) -> str:
    """The host a client talks to, for messages."""
    url = str(client.meta.endpoint_url)
    return urlsplit(url).netloc or url
