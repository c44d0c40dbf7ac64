"""gatekeeper: a CI security gate for regulated software."""

__version__ = "0.1.0"
