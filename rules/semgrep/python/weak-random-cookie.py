import random
import secrets
import string

from fastapi import FastAPI, Response

app = FastAPI()
ALPHABET = string.ascii_letters + string.digits


@app.post("/login")
async def login(response: Response):
    # ruleid: python-weak-random-cookie
    response.set_cookie(key="session_id", value=str(random.getrandbits(64)), httponly=True, secure=True)
    return {"ok": True}


@app.post("/remember")
async def remember(response: Response):
    value = "".join(random.choice(ALPHABET) for _ in range(24))
    # ruleid: python-weak-random-cookie
    response.set_cookie(key="remember_token", value=value, max_age=30 * 86400, secure=True, httponly=True)
    return {"ok": True}


@app.get("/form")
async def form(response: Response):
    # ruleid: python-weak-random-cookie
    response.set_cookie(value="%x" % random.randrange(16**32), key="csrftoken", samesite="strict", secure=True, httponly=True)
    return {"ok": True}


@app.post("/login2")
async def login_safe(response: Response):
    # ok: python-weak-random-cookie
    response.set_cookie(key="session_id", value=secrets.token_urlsafe(32), httponly=True, secure=True)
    return {"ok": True}


@app.get("/ab")
async def ab_test(response: Response):
    # ok: python-weak-random-cookie
    response.set_cookie(key="ab_bucket", value=str(random.randint(0, 1)), secure=True, httponly=True)
    return {"ok": True}


@app.get("/theme")
async def theme(response: Response):
    rng = random.SystemRandom()
    # ok: python-weak-random-cookie
    response.set_cookie(key="session_hint", value=str(rng.getrandbits(64)), secure=True, httponly=True)
    return {"ok": True}
