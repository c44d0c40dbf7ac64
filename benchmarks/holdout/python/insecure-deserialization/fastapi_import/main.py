import pickle

import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/models/upload")
async def upload(request: Request):
    body = await request.body()
    # ruleid: insecure-deserialization
    model = pickle.loads(body)
    return {"type": type(model).__name__}


@app.post("/config")
async def config(request: Request):
    body = await request.body()
    # ok: insecure-deserialization
    data = yaml.safe_load(body)
    return {"keys": sorted(data)}
