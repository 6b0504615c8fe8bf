"""What an operation handler gets: the account, the caller, the region and the clock."""

from __future__ import annotations

from dataclasses import dataclass

from studio_tray.emulator.state import Identity, State


@dataclass(frozen=True)
class Call:
    """One authenticated API call's surroundings."""

    state: State
    identity: Identity
    region: str
    base_url: str
    now: float
    page_size: int = 10

    def arn(self, resource: str) -> str:
        """A SageMaker ARN in this call's region and account."""
        return f"arn:aws:sagemaker:{self.region}:{self.state.account_id}:{resource}"
