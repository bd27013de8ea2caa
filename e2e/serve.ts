import { join } from 'node:path';
import { serveSites } from '../scripts/staticSites';

/**
 * The built site for the browser tests: served from a sub-path, as GitHub Pages serves a
 * project site (`npx tsx e2e/serve.ts PORT /mqtt-session-lab/`).
 */
const port = Number(process.argv[2]);
const site = (process.argv[3] ?? '/mqtt-session-lab/').replace(/^\/|\/$/g, '');
const served = await serveSites({ [site]: join(process.cwd(), 'dist') }, port);
console.log(`serving dist at ${served.url(site)}`);
