from aiohttp import web
from aiohttp_session import get_session


async def step_one(request):
    data = await request.post()
    session = await get_session(request)
    # ruleid: trust-boundary
    session["plan"] = data["plan"]
    raise web.HTTPFound("/wizard/2")


async def step_two(request):
    session = await get_session(request)
    # ok: trust-boundary
    session["step"] = 2
    return web.json_response({"plan": session.get("plan")})
