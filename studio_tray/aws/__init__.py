"""AWS: sessions and credentials, the keyring store, STS and assume-role, error mapping, the
presign call.
"""
