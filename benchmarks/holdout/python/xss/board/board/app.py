from flask import Flask, render_template_string, request

from board import render
from board.render import banner, comment_html

app = Flask(__name__)


@app.get("/")
def index():
    return render_template_string("{{ b }}", b=banner(request.args.get("title", "Board")))


@app.get("/safe")
def safe():
    return render_template_string("{{ b }}", b=render.safe_banner(request.args.get("title", "Board")))


@app.post("/comment")
def comment():
    return render_template_string("{{ c }}", c=comment_html(request.form["author"], request.form["text"]))
