from flask import Flask, redirect, request, session

from auth.nav import go, next_page, page_for

app = Flask(__name__)


@app.post("/login")
def login():
    session["user"] = "someone"
    return go(request.args.get("next", "/"))


@app.get("/logout")
def logout():
    session.clear()
    return redirect(next_page(request.args.get("next")))  # ok: open-redirect


@app.get("/jump")
def jump():
    return redirect(page_for(request.args.get("to")))  # ok: open-redirect


@app.get("/back")
def back():
    dest = request.referrer
    dest = "/"
    return redirect(dest)  # ok: open-redirect
