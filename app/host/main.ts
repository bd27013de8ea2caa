import { isIP } from 'node:net';
import { parseCli } from './cli';
import { startHost, type Host } from './host';
import { WS_PATH } from './ws';

/** `npm run broker -- [flags]`: the broker core on TCP (and WebSocket), in real time. */
async function main(): Promise<void> {
  const parsed = parseCli(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`broker: ${parsed.message}\nRun with --help to see the flags.\n`);
    process.exitCode = 2;
    return;
  }
  const options = parsed.options;
  const stamp = () => new Date().toISOString();
  const log = (line: string) => process.stdout.write(`${stamp()} ${line}\n`);
  let host: Host;
  try {
    host = await startHost({ ...options, log });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`broker: cannot listen on ${options.host}: ${message}\n`);
    process.exitCode = 1;
    return;
  }
  const p = host.broker.profile;
  const expiry = Number.isFinite(p.sessionExpiryV3) ? `${p.sessionExpiryV3} s` : 'never';
  const jitter = p.expiryJitter > 0 ? ` (+ up to ${p.expiryJitter} s)` : '';
  const replay = p.replayRate > 0 ? `${p.replayRate} msg/s` : 'unpaced';
  const queue = Number.isFinite(p.queueLimit) ? `${p.queueLimit} messages` : 'unlimited';
  log(
    `profile ${p.name} (${p.label}): session expiry ${expiry}${jitter}, replay ${replay},` +
      ` store ${queue} per session, seed ${options.seed}`,
  );
  const given = Object.entries(options.overrides);
  if (given.length) {
    const shown = given.map(
      ([k, v]) => `${k} ${v === Number.POSITIVE_INFINITY ? 'unlimited' : String(v)}`,
    );
    log(`figures given: ${shown.join(', ')}`);
  }
  const addr = isIP(options.host) === 6 ? `[${options.host}]` : options.host;
  log(`listening on mqtt://${addr}:${host.tcpPort}`);
  if (host.wsPort !== undefined) log(`listening on ws://${addr}:${host.wsPort}${WS_PATH}`);

  const stop = (signal: NodeJS.Signals) => {
    log(`${signal}: closing`);
    host
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
