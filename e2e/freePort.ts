import { execFileSync } from 'node:child_process';

/**
 * A free port on 127.0.0.1 for the browser tests' static server, found once and kept in the
 * environment: Playwright reads its config in the runner and again in each worker, and all of
 * them must agree (the workers inherit the runner's environment). Synchronous, because a config
 * is: a short Node process asks the system for a port and gives it back.
 */
export function e2ePort(): number {
  process.env.E2E_PORT ??= execFileSync(process.execPath, [
    '-e',
    "const s = require('net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
  ]).toString();
  return Number(process.env.E2E_PORT);
}
