"""Accounts, roles, sessions, CSRF and login rate limiting for shared deployments.

With no account in the database Liaison runs in single-user local mode (loopback only);
once an account exists every page needs a session (or ``LIAISON_PUBLIC_READ=1`` for reading)
and every write needs an editor or admin account plus a valid CSRF token.
"""
