from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

from files import storage
from files.storage import delete_upload, read_text, safe_name, user_file

app = FastAPI()


@app.get("/files/{name}")
def download(name: str):
    return PlainTextResponse(read_text(user_file(name)))


@app.get("/templates/{kind}")
def template(kind: str):
    with open(storage.template_path(kind)) as handle:  # ok: path-traversal
        return PlainTextResponse(handle.read())


@app.get("/safe/{name}")
def safe_download(name: str):
    path = storage.user_file(safe_name(name))
    with open(path) as handle:  # ok: path-traversal
        return PlainTextResponse(handle.read())


@app.delete("/files/{name}")
def remove(name: str):
    delete_upload(name)
    return {"deleted": name}


@app.get("/report/{year}")
def report(year: int):
    with open(storage.user_file("report-%d.txt" % year)) as handle:  # ok: path-traversal
        return PlainTextResponse(handle.read())
