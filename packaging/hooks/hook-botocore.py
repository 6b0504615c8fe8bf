"""botocore's data, trimmed to the services studio-tray calls.

Replaces the contrib hook (which bundles the models of every AWS service). Kept: the top-level
files botocore reads when a session starts (endpoints, partitions, retry and default
configuration), and the models of SageMaker, STS (profile test, AssumeRole) and the services
behind ``aws_profile`` credentials: SSO and SSO-OIDC (IAM Identity Center) and Signin
(``aws login``). ``examples-1.json`` files only feed documentation and are left out.
"""

from pathlib import PurePosixPath

from PyInstaller.utils.hooks import collect_data_files

SERVICES = {"sagemaker", "sts", "sso", "sso-oidc", "signin"}

hiddenimports = ["html.parser"]


def _wanted(source: str, dest: str) -> bool:
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if parts[:2] != ("botocore", "data") or len(parts) == 2:
        return True
    return parts[2] in SERVICES and not source.endswith("examples-1.json")


datas = [(src, dest) for src, dest in collect_data_files("botocore") if _wanted(src, dest)]
