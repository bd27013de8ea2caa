import type { Audit } from '../../app/testkit/soak/audit';
import type { SoakResult } from '../../app/testkit/soak/run';
import { slope } from './heap';

export const MB = 1024 * 1024;

/** Heap growth allowed over the last hours: a fixed margin plus what new stored messages take. */
export const HEAP_MARGIN_PER_HOUR = 1 * MB;
export const BYTES_PER_STORED = 2048;

/** What one profile's child process reports to the parent. */
export interface ProfileReport {
  profile: string;
  wallMs: number;
  hours: number;
  clients: number;
  gc: boolean;
  heap: { hour: number; bytes: number }[];
  /** Heap slope and the allowance over the last 12 hours (or the whole run if shorter), bytes/h. */
  heapSlope: number;
  heapAllowance: number;
  storedSlope: number;
  result: Omit<SoakResult, 'hourly'> & {
    hourly: Pick<Audit, 'footprint' | 'timers' | 'ledgerEntries'>[];
  };
  lost: number;
  failures: string[];
}

/** Judges one run: no loss, no QoS 2 twice, structures justified, heap not growing beyond what stored messages explain. */
export function judge(
  r: SoakResult,
  heap: { hour: number; bytes: number }[],
): Pick<ProfileReport, 'heapSlope' | 'heapAllowance' | 'storedSlope' | 'lost' | 'failures'> {
  const failures = [...r.violations];
  const lost = r.settled.lost.length + r.final.lost.length;
  if (lost > 0) failures.push(`${lost} messages lost`);
  if (r.ledger.qos2Duplicates > 0) failures.push(`${r.ledger.qos2Duplicates} QoS 2 duplicates`);
  const last = Math.min(12, Math.max(heap.length - 1, 1));
  const window = heap.slice(-last - 1);
  const heapSlope = slope(window.map((h) => ({ x: h.hour, y: h.bytes })));
  const stored = r.hourly.slice(-last - 1).map((a, i) => ({
    x: i,
    y: a.footprint.queued + a.footprint.inflight,
  }));
  const storedSlope = Math.max(0, slope(stored));
  const heapAllowance = HEAP_MARGIN_PER_HOUR + storedSlope * BYTES_PER_STORED;
  if (heap.length >= 6 && heapSlope > heapAllowance) {
    failures.push(
      `heap grows ${(heapSlope / MB).toFixed(2)} MB/h over the last ${last} h ` +
        `(allowed ${(heapAllowance / MB).toFixed(2)} MB/h)`,
    );
  }
  return { heapSlope, heapAllowance, storedSlope, lost, failures };
}
