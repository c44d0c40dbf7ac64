from fastapi import FastAPI, Request

from calc import engine

app = FastAPI()
FORMULAS = {"tax": "price * 0.2", "discount": "price * 0.1"}


@app.get("/calc")
def calc(expr: str):
    return {"result": engine.evaluate(expr)}


@app.get("/formula/{name}")
def formula(name: str, price: float):
    return {"result": eval(FORMULAS.get(name, "0"), {}, {"price": price})}  # ok: code-injection


@app.post("/parse")
async def parse(request: Request):
    body = await request.body()
    return {"value": engine.literal(body.decode())}


@app.post("/admin/snippet")
async def snippet(request: Request):
    form = await request.form()
    engine.run_snippet(form["source"])
    return {"ok": True}


@app.get("/count")
def count(n: str):
    total = int(n)
    return {"result": eval("%d + 1" % total)}  # ok: code-injection
