from aiohttp import web
from jinja2 import Environment

env = Environment(autoescape=True)


async def render_preview(request: web.Request):
    data = await request.json()
    # ruleid: python-template-injection
    template = env.from_string(data["template"])
    return web.Response(text=template.render(user="x"))


async def compute(request: web.Request):
    expr = request.query.get("expr", "0")
    # ruleid: python-code-injection
    value = eval(expr)
    return web.json_response({"value": value})
