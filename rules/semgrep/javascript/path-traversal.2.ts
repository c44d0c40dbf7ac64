import type { NextApiRequest, NextApiResponse } from "next";
import { promises as fs } from "fs";
import path from "path";

const DOCS = path.join(process.cwd(), "docs");

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const name = req.query.name as string;
  // ruleid: javascript-path-traversal
  const text = await fs.readFile(path.join(DOCS, name), "utf8");
  res.send(text);
}

export async function GET(request: Request) {
  const body = await request.json();
  // ruleid: javascript-path-traversal
  await fs.unlink(path.join(DOCS, body.name));
  return new Response(null, { status: 204 });
}
