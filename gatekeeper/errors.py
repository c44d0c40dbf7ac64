"""Errors that reach the user as one line and exit code 2."""


class GatekeeperError(Exception):
    """A problem with the user's input or environment; its message is shown as is."""
