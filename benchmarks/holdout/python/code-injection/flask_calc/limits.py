DEFAULT_LIMITS = "{'daily': 5000, 'single': 1000}"
