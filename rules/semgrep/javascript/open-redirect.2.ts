import Koa from "koa";
import { NextRequest, NextResponse } from "next/server";

const app = new Koa();
app.use(async (ctx) => {
  // ruleid: javascript-open-redirect
  ctx.redirect(ctx.query.back as string);
});

export async function GET(request: NextRequest) {
  const to = request.nextUrl.searchParams.get("to") ?? "/";
  // ruleid: javascript-open-redirect
  return NextResponse.redirect(to);
}
