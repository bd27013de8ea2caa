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
};

/**
 * A plain static server on 127.0.0.1 (a free port) for one or more built sites, each under a
 * path of its own (`/new/`, `/old/`): files only, no compression, as a local static host.
 */
export async function serveSites(
  sites: Record<string, string>,
): Promise<{ url(site: string): string; close(): Promise<void> }> {
  const roots = Object.entries(sites).map(([name, dir]) => [`/${name}/`, normalize(dir)] as const);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const site = roots.find(([base]) => path.startsWith(base));
    if (!site) return void res.writeHead(404).end();
    const [base, root] = site;
    const file = normalize(join(root, path.slice(base.length) || 'index.html'));
    if (!file.startsWith(root + sep)) return void res.writeHead(403).end();
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (site) => `http://127.0.0.1:${port}/${site}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
