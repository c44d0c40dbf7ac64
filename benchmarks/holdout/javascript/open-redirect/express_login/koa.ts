import Koa from "koa";

const app = new Koa();
app.use(async (ctx) => {
  const back = ctx.query.back as string;
  // ruleid: open-redirect
  ctx.redirect(back);
});
export default app;
