import type { Audit } from '../../app/testkit/soak/audit';
import { MB, type ProfileReport } from './verdict';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (x: number | undefined) => (x === undefined ? '–' : (x / MB).toFixed(1));

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

type Row = Pick<Audit, 'footprint' | 'timers' | 'ledgerEntries'>;

function structureRow(label: string, a: Row): string[] {
  const f = a.footprint;
  const timers = Object.values(a.timers).reduce((s, x) => s + (x ?? 0), 0);
  return [
    label,
    n(f.sessions),
    n(f.connections),
    n(f.subscriptions),
    `${n(f.treeNodes)} / ${n(f.treeNodesJustified)}`,
    n(f.queued),
    n(f.inflight),
    n(f.incomingQos2),
    n(f.retained),
    n(timers),
    n(a.ledgerEntries),
  ];
}

/** One profile's figures: messages, drops by reason, heap, structures over the day. */
export function printProfile(r: ProfileReport): void {
  const l = r.result.ledger;
  const s = r.result.stats;
  const w = r.result.workload;
  console.log(
    `\n## ${r.profile}: ${r.hours} simulated h, ${r.clients} clients, wall ${(r.wallMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `clients: ${n(w.connects)} connects (${n(w.sessionPresent)} resumed a session), ${n(w.disconnects)} DISCONNECT, ` +
      `${n(w.drops)} network drops, ${n(w.hangs)} keep-alive timeouts, ${n(w.takeovers)} takeovers, ` +
      `${n(w.heldAckSessions)} connections holding acks`,
  );
  console.log(
    `messages: published ${n(l.published[0])} / ${n(l.published[1])} / ${n(l.published[2])} at QoS 0/1/2 ` +
      `(${n(l.wills)} wills); routed to sessions ${n(l.routed[0])} / ${n(l.routed[1])} / ${n(l.routed[2])}; ` +
      `QoS ≥ 1 delivered to the application ${n(l.delivered)}; QoS 0 sent ${n(l.sentQos0)}`,
  );
  const reasons = Object.entries(s.dropped)
    .filter(([, c]) => c > 0)
    .map(([k, c]) => `${k} ${n(c)}`)
    .join(', ');
  console.log(`dropped (with a reason): ${reasons || 'none'}`);
  console.log(
    `lost: ${r.lost}; still held by never-returning sessions at the end: ${n(r.result.final.held)}; ` +
      `QoS 1 duplicates ${n(l.qos1Duplicates)} (allowed), QoS 2 duplicates ${n(l.qos2Duplicates)}; ` +
      `dropped after the application had it ${n(l.droppedAfterDelivery)}`,
  );
  const at = (h: number) => r.heap.find((x) => x.hour === h)?.bytes;
  console.log(
    `heap after gc${r.gc ? '' : ' (no --expose-gc: noisy)'}: h1 ${mb(at(1))} MB, h6 ${mb(at(6))} MB, ` +
      `h12 ${mb(at(12))} MB, h24 ${mb(at(24))} MB, end ${mb(r.heap.at(-1)?.bytes)} MB; ` +
      `slope over the last hours ${(r.heapSlope / MB).toFixed(3)} MB/h (allowed ${(r.heapAllowance / MB).toFixed(2)}, ` +
      `stored messages ${r.storedSlope >= 0 ? '+' : ''}${n(r.storedSlope)}/h)`,
  );
  const hours = [1, 6, 12, 18, 24, r.hours].filter(
    (h, i, xs) => h <= r.hours && xs.indexOf(h) === i,
  );
  console.log(
    '\n' +
      table(
        [
          'when',
          'sessions',
          'conns',
          'subs',
          'tree nodes / needed',
          'queued',
          'in flight',
          'QoS 2 in',
          'retained',
          'broker timers',
          'ledger',
        ],
        [
          ...hours.map((h) => structureRow(`hour ${h}`, r.result.hourly[h - 1]!)),
          structureRow('settled', r.result.settled),
          structureRow(`all gone + ${Math.round(r.result.tailMs / 3_600_000)} h`, r.result.final),
        ],
      ),
  );
  console.log(`\n${r.failures.length ? 'FAIL' : 'PASS'} ${r.profile}`);
  for (const f of r.failures.slice(0, 20)) console.log(`  - ${f}`);
}

/** All profiles side by side, with the verdict. */
export function printSummary(reports: ProfileReport[]): void {
  const at = (r: ProfileReport, h: number) => mb(r.heap.find((x) => x.hour === h)?.bytes);
  console.log(
    '\n' +
      table(
        [
          'profile',
          'wall s',
          'published',
          'QoS ≥ 1 routed',
          'delivered',
          'dropped',
          'lost',
          'QoS 2 dup',
          'heap MB h1/h6/h12/h24',
          'MB/h last 12 h',
          'verdict',
        ],
        reports.map((r) => {
          const l = r.result.ledger;
          const dropped = Object.values(r.result.stats.dropped).reduce((a, b) => a + b, 0);
          return [
            r.profile,
            (r.wallMs / 1000).toFixed(1),
            n(l.published[0] + l.published[1] + l.published[2]),
            n(l.routed[1] + l.routed[2]),
            n(l.delivered),
            n(dropped),
            n(r.lost),
            n(l.qos2Duplicates),
            [1, 6, 12, 24].map((h) => at(r, h)).join(' / '),
            (r.heapSlope / MB).toFixed(3),
            r.failures.length ? 'FAIL' : 'PASS',
          ];
        }),
      ),
  );
}
