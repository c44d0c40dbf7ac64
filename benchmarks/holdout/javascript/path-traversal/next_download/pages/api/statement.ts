import type { NextApiRequest, NextApiResponse } from "next";
import { promises as fs } from "fs";
import path from "path";

const STATEMENTS = path.join(process.cwd(), "statements");

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const month = req.query.month as string;
  // ruleid: path-traversal
  const pdf = await fs.readFile(path.join(STATEMENTS, month + ".pdf"));
  res.setHeader("Content-Type", "application/pdf");
  res.send(pdf);
}
