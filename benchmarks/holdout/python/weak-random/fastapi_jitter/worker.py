import asyncio
import random

from fastapi import FastAPI

app = FastAPI()


async def retry_with_backoff(job, attempts: int = 5):
    for attempt in range(attempts):
        try:
            return await job()
        except ConnectionError:
            # ok: weak-random
            delay = (2**attempt) + random.uniform(0, 1)
            await asyncio.sleep(delay)
    raise RuntimeError("gave up")


@app.post("/api-keys")
async def new_api_key():
    # ruleid: weak-random
    return {"api_key": "%032x" % random.getrandbits(128)}
