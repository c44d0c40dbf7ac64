from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/banner")
async def banner(request):
    title = request.query.get("title", "")
    # ruleid: xss
    return web.Response(text=f"<header>{title}</header>", content_type="text/html")


@routes.get("/banner.json")
async def banner_json(request):
    title = request.query.get("title", "")
    # ok: xss
    return web.json_response({"title": title})
