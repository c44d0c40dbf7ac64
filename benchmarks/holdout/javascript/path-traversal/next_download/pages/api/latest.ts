import type { NextApiRequest, NextApiResponse } from "next";
import { promises as fs } from "fs";
import path from "path";

const STATEMENTS = path.join(process.cwd(), "statements");

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const month = String(req.query.month);
  if (!/^\d{4}-\d{2}$/.test(month)) {
    res.status(400).end();
    return;
  }
  // ok: path-traversal
  const pdf = await fs.readFile(path.join(STATEMENTS, month + ".pdf"));
  res.send(pdf);
}
