import { Request, Response } from "express";

export function banner(req: Request, res: Response) {
  const message = req.body.message;
  res.set("Content-Type", "text/html");
  // ruleid: xss
  res.send(`<div class="banner">${message}</div>`);
}
