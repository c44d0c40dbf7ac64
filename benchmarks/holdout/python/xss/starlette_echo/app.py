from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route


async def echo(request):
    message = request.query_params.get("m", "")
    # ruleid: xss
    return HTMLResponse("<pre>" + message + "</pre>")


async def echo_text(request):
    message = request.query_params.get("m", "")
    # ok: xss
    return PlainTextResponse(message)


app = Starlette(routes=[Route("/echo", echo), Route("/echo.txt", echo_text)])
