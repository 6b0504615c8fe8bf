"""The one botocore configuration of every AWS client the app makes (SageMaker, STS, SSO).

Each call is bounded: 3 attempts in all with standard retries (``total_max_attempts``;
botocore's ``max_attempts`` counts retries, so 3 there would be 4 attempts), a 3 s connect
timeout and a 5 s read timeout, so even a hanging endpoint ends a click in under 20 s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio_tray import __version__

if TYPE_CHECKING:
    from botocore.config import Config as BotoConfig

CONNECT_TIMEOUT = 3
READ_TIMEOUT = 5
MAX_ATTEMPTS = 3
MAX_POOL = 10  # botocore's default; `spaces` asks for more (it reads many spaces at once)


def client_config(max_pool: int = MAX_POOL) -> BotoConfig:
    """botocore settings for every SageMaker and STS client the app makes."""
    from botocore.config import Config as BotoConfig

    return BotoConfig(
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        tcp_keepalive=True,
        max_pool_connections=max_pool,
        user_agent_extra=f"studio-tray/{__version__}",
    )
