import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Built sites as a plain static host serves them, on 127.0.0.1: each under a path of its own
 * (`/mqtt-session-lab/`, or `/new/` and `/old/` side by side), files only, no fallback, no
 * compression, no server logic. So a URL that only works from the root fails. `port` 0 takes a
 * free one. The browser tests and `npm run bench:page` both use it.
 */
export async function serveSites(
  sites: Record<string, string>,
  port = 0,
): Promise<{ port: number; url(site: string): string; close(): Promise<void> }> {
  const roots = Object.entries(sites).map(([name, dir]) => [`/${name}/`, normalize(dir)] as const);
  const server: Server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return void res.writeHead(400).end('bad path');
    }
    const site = roots.find(([base]) => path.startsWith(base));
    if (!site) return void res.writeHead(404).end('not under a site path');
    const [base, root] = site;
    const file = normalize(join(root, path.slice(base.length) || 'index.html'));
    if (!file.startsWith(root + sep)) return void res.writeHead(403).end();
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      return void res.writeHead(404).end('not found');
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: (site) => `http://127.0.0.1:${bound}/${site}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
