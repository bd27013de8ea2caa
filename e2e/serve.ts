import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The built site as a static host serves it: from a sub-path (as GitHub Pages serves a project
 * site), files only, no fallback, no server logic. The browser tests run against it, so a URL
 * that only works from the root fails them.
 */
const port = Number(process.argv[2] ?? 4173);
const base = process.argv[3] ?? '/mqtt-session-lab/';
const root = normalize(join(process.cwd(), 'dist'));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

createServer((req, res) => {
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  if (!path.startsWith(base)) {
    res.writeHead(404).end('not under the site path');
    return;
  }
  const rel = path.slice(base.length) || 'index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => console.log(`serving dist at http://127.0.0.1:${port}${base}`));
