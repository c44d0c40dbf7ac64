_VISITS: list[str] = []


def recent_visitors() -> list[str]:
    return list(_VISITS[-100:])
