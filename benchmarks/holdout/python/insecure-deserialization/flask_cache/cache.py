import pickle
from pathlib import Path

CACHE_DIR = Path("/var/cache/app")


def load_cached(name: str):
    path = CACHE_DIR / f"{name}.pkl"
    if not path.exists():
        return None
    # ok: insecure-deserialization
    return pickle.loads(path.read_bytes())
