"""Finding a domain, user profile or space, or answering ResourceNotFound as SageMaker does."""

from __future__ import annotations

from studio_tray.emulator.errors import ApiError
from studio_tray.emulator.state import Domain, Space, State, UserProfile


def domain(state: State, domain_id: str) -> Domain:
    """The domain, or ResourceNotFound. Call with ``state.lock`` held."""
    found = state.domains.get(domain_id)
    if found is None:
        raise ApiError("ResourceNotFound", f"Domain {domain_id} not found.")
    return found


def user_profile(state: State, domain_id: str, name: str) -> UserProfile:
    """The user profile, or ResourceNotFound (for its domain first). With the lock held."""
    domain(state, domain_id)
    found = state.users.get((domain_id, name))
    if found is None:
        raise ApiError("ResourceNotFound", f"User profile {name} not found in domain {domain_id}.")
    return found


def space(state: State, domain_id: str, name: str) -> Space:
    """The space, or ResourceNotFound (for its domain first). With the lock held."""
    domain(state, domain_id)
    found = state.spaces.get((domain_id, name))
    if found is None:
        raise ApiError("ResourceNotFound", f"Space {name} not found in domain {domain_id}.")
    return found
