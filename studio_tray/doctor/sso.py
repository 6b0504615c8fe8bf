"""The doctor's IAM Identity Center lines: each SSO profile's sign-in and its cache file."""

from __future__ import annotations

from collections.abc import Iterator

from studio_tray.doctor.report import Check, Context, Result


def check_sso_sign_ins(ctx: Context) -> Iterator[Result]:
    """Each Identity Center profile: signed in until HH:MM, refreshable, expired or never
    signed in, and which ``~/.aws/sso/cache`` file it uses. Nothing is refreshed or sent."""
    from studio_tray.aws.sso import tokens
    from studio_tray.aws.sso.source import from_profile

    for profile in ctx.config.profiles.values() if ctx.config else ():
        if not (profile.is_sso or profile.aws_profile):
            continue
        source = from_profile(profile)
        if source is None:
            continue
        state = ctx.sessions.sso.token_state(source)
        ok = state.status in (tokens.SIGNED_IN, tokens.REFRESHABLE)
        detail = f"{state.describe()}; cache {state.cache_file}"
        fix = None if ok else f"run `studio-tray login {profile.name}`"
        yield Result(ok, f"sign-in {profile.name}", detail, fix)


CHECKS: tuple[Check, ...] = (check_sso_sign_ins,)
