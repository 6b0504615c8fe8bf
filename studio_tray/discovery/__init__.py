"""Discovery: what a profile can open (domains, user profiles, spaces) and the shortcuts it
suggests.
"""
