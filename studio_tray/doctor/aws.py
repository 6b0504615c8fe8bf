"""The doctor's checks for config, keyring, each profile's credentials and its endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

from studio_tray.aws import errors as aws_errors
from studio_tray.aws import keystore
from studio_tray.aws.urls import is_insecure_endpoint
from studio_tray.doctor.report import Check, Context, Result
from studio_tray.errors import StudioTrayError
from studio_tray.model import Profile

CONNECT_TIMEOUT = 3.0


def check_config(ctx: Context) -> Iterator[Result]:
    """The config file: where it is, and whether it loads."""
    if ctx.config is None:
        problems = ctx.config_error.message if ctx.config_error else "could not be read"
        yield Result(False, "config", f"{ctx.config_path}: {problems}", f"edit {ctx.config_path}")
        return
    if not ctx.config_path.exists():
        yield Result(True, "config", f"{ctx.config_path} does not exist yet (defaults)")
        return
    cfg = ctx.config
    yield Result(
        True,
        "config",
        f"{ctx.config_path} ({len(cfg.profiles)} profiles, {len(cfg.shortcuts)} shortcuts)",
    )


def check_keyring(ctx: Context) -> Iterator[Result]:
    """Which keyring backend holds the keys; the fail backend is a failure when keys are needed."""
    backend = ctx.store.backend
    name = keystore.backend_name(backend)
    if not keystore.is_unusable(backend):
        yield Result(True, "keyring", name)
        return
    profiles = ctx.config.profiles.values() if ctx.config else ()
    needed = not profiles or any(not p.aws_profile and not p.is_sso for p in profiles)
    detail = f"no usable backend ({name})"
    if not needed:
        yield Result(
            True, "keyring", detail + "; not needed: every profile uses ~/.aws or Identity Center"
        )
        return
    yield Result(False, "keyring", detail, keystore.install_hint())


def check_credentials(ctx: Context) -> Iterator[Result]:
    """Each profile's credentials, asked of STS (the role too, unless it needs an MFA code)."""
    from studio_tray.aws.sts import caller_identity

    for profile in ctx.config.profiles.values() if ctx.config else ():
        label = f"credentials {profile.name}"
        # Never prompt from the doctor: with MFA, check the keys the role is assumed with.
        probe = profile
        if profile.mfa_serial:
            probe = replace(profile, role_arn=None, mfa_serial=None)
        try:
            ctx.sessions.invalidate(profile.name)
            who = caller_identity(ctx.sessions.session_for(probe), probe)
        except StudioTrayError as err:
            yield Result(False, label, err.message, err.hint)
            continue
        note = ""
        if profile.mfa_serial:
            note = f" (role needs MFA: try `studio-tray profile test {profile.name}`)"
        yield Result(True, label, f"account {who.account}, {who.arn}{note}")


def check_endpoints(ctx: Context) -> Iterator[Result]:
    """The SageMaker endpoint each profile uses, and whether it accepts a connection."""
    for profile in ctx.config.profiles.values() if ctx.config else ():
        label = f"endpoint {profile.name}"
        region = profile.region or _aws_config_region(profile)
        if not region and not profile.endpoint_url:
            yield Result(False, label, "no region", 'add region = "us-east-1" (or yours)')
            continue
        host = aws_errors.endpoint_host(profile, region or "us-east-1")
        parts = urlsplit(profile.endpoint_url or f"https://{host}")
        port = parts.port or (80 if parts.scheme == "http" else 443)
        try:
            with ctx.connect((parts.hostname or host, port), CONNECT_TIMEOUT):
                pass
        except OSError as err:
            yield Result(
                False, label, f"{host}: cannot connect ({type(err).__name__})",
                "check your network, VPN or proxy, and endpoint_url",
            )  # fmt: skip
            continue
        if is_insecure_endpoint(profile.endpoint_url):
            yield Result(
                False, label, f"{host}: plain http (allow_insecure_endpoint): signed requests "
                "can be read and replayed on the way", "use an https:// endpoint_url",
            )  # fmt: skip
            continue
        yield Result(True, label, host)


def _aws_config_region(profile: Profile) -> str | None:
    """The region ~/.aws/config gives an ``aws_profile`` profile (what the launcher uses too)."""
    if not profile.aws_profile:
        return None
    import botocore.exceptions

    from studio_tray.aws.session import Session

    try:
        return Session(profile_name=profile.aws_profile).region_name
    except botocore.exceptions.BotoCoreError:
        return None


CHECKS: tuple[Check, ...] = (check_config, check_keyring, check_credentials, check_endpoints)
