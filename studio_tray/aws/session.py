"""A boto3-shaped Session built on botocore alone.

Importing boto3 costs a cold start more than everything else of ours together (it pulls in
s3transfer and the resource machinery, about 0.2 s here), and the app uses only what botocore
has: clients and credentials. ``Session`` keeps the small part of ``boto3.Session``'s surface
the app calls (``client``, ``region_name``, ``get_credentials``), so every
botocore feature (the credential chain of ``~/.aws``, retries, endpoint rules, the
``AWS_ENDPOINT_URL_*`` overrides) stays as it is.
"""

from __future__ import annotations

from typing import Any


class Session:
    """Clients and credentials for one set of keys or one ``~/.aws/config`` profile.

    Given keys, it signs with them; given ``profile_name``, it uses that profile's chain
    (credential_process, SSO, ...), and raises botocore's ``ProfileNotFound`` at once when
    ``~/.aws/config`` has no such profile (as ``boto3.Session`` does).
    """

    def __init__(
        self,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        region_name: str | None = None,
        profile_name: str | None = None,
    ) -> None:
        import botocore.session

        self.botocore_session: Any = botocore.session.Session(profile=profile_name)
        if profile_name is not None:
            self.botocore_session.get_scoped_config()  # raises ProfileNotFound
        if aws_access_key_id or aws_secret_access_key or aws_session_token:
            self.botocore_session.set_credentials(
                aws_access_key_id, aws_secret_access_key, aws_session_token
            )
        if region_name is not None:
            self.botocore_session.set_config_variable("region", region_name)

    @property
    def region_name(self) -> str | None:
        """The region clients get by default (the given one, else ``~/.aws/config``'s)."""
        region = self.botocore_session.get_config_variable("region")
        return str(region) if region else None

    def get_credentials(self) -> Any:
        """botocore's credentials of this session (refreshable ones refresh themselves), or None."""
        return self.botocore_session.get_credentials()

    def client(
        self,
        service_name: str,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        config: Any = None,
    ) -> Any:
        """A botocore client of ``service_name`` (the same object boto3 would return)."""
        return self.botocore_session.create_client(
            service_name, region_name=region_name, endpoint_url=endpoint_url, config=config
        )
