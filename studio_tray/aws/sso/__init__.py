"""IAM Identity Center sign-in: the sso-oidc device flow, the AWS CLI v2 token cache and the
sso portal's role credentials.

``source`` says where a profile signs in (its own ``sso_*`` keys or an ``~/.aws/config``
profile), ``cache`` keeps the token where the AWS CLI v2 keeps it, ``oidc`` talks to sso-oidc,
``tokens`` decides whether a cached token is usable (refreshing it when it can), ``portal``
gets role credentials and lists accounts and roles, and ``signin`` puts them together:
``sign_in``, ``sign_out``, ``token_state`` and ``IdentityCenter``.
"""
