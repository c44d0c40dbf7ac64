import os

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()
DOCS = "/srv/docs"


@app.get("/docs/{filename}")
async def get_doc(filename: str):
    path = os.path.join(DOCS, filename)
    # ruleid: python-path-traversal
    return FileResponse(path)


@app.get("/docs-safe/{filename}")
async def get_doc_safe(filename: str):
    path = os.path.realpath(os.path.join(DOCS, filename))
    if not path.startswith(DOCS + "/"):
        return {"error": "not found"}
    # ok: python-path-traversal
    return FileResponse(path)


@app.post("/notes/{name}")
async def write_note(name: str, body: str):
    # ruleid: python-path-traversal
    with open(f"/srv/notes/{name}.txt", "w") as fh:
        fh.write(body)
    return {"ok": True}
