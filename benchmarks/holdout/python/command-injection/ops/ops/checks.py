import re

HOST_RE = re.compile(r"^[a-z0-9.-]+$")


def clean_host(value):
    if not HOST_RE.fullmatch(value):
        raise ValueError("bad host")
    return value
