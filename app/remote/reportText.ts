import type { EventOf } from '../broker';
import { showDuration } from '../scenario/duration';
import type { RemoteEvent } from './remoteEvent';
import type { RemoteReport } from './runner';

/**
 * Each connection as the client made it and the broker answered: the Clean Start and Session
 * Expiry it actually sent, next to the sessionPresent it got, so nothing about the session is
 * hidden by the tool.
 */
export function connectionLines(events: readonly RemoteEvent[]): string[] {
  const acks = new Map<number, EventOf<'connack.sent'>>();
  for (const e of events) if (e.type === 'connack.sent') acks.set(e.connId, e);
  const lines: string[] = [];
  for (const e of events) {
    if (e.type !== 'connect.received') continue;
    const v5 = e.protocolVersion === 5;
    const sent = v5
      ? `MQTT 5.0, Clean Start=${+e.clean}, Session Expiry Interval ${e.sessionExpiry === null ? 'absent' : `${e.sessionExpiry} s`}`
      : `MQTT 3.1.1, cleanSession=${+e.clean}`;
    const ack = acks.get(e.connId);
    const got = ack
      ? `CONNACK sessionPresent=${+ack.sessionPresent}${ack.code ? `, code ${ack.code}` : ''}`
      : 'no CONNACK';
    lines.push(
      `${e.clientId} (connection ${e.connId}): ${sent}, keep-alive ${e.keepalive} s → ${got}`,
    );
  }
  return lines;
}

/** A remote run's report as text: the run, its connections, step errors, each expectation. */
export function remoteReportText(
  name: string,
  r: RemoteReport,
  events: readonly RemoteEvent[],
): string {
  const judged = r.verdicts.filter((v) => v.status !== 'not-observable').length;
  const lines = [
    `${r.passed ? 'PASS' : 'FAIL'}  ${name}: ${r.title} (written for ${r.profile}) against ${r.broker}, ${r.steps.length} steps, ${showDuration(r.elapsedMs)} real time, ${judged} of ${r.verdicts.length} expectations observable`,
    `  client ids ${r.idPrefix}…, topics ${r.topicPrefix}…`,
  ];
  for (const line of connectionLines(events)) lines.push(`  · ${line}`);
  for (const s of r.steps) {
    if (s.error) lines.push(`  ✗ step ${s.index + 1} (${s.step.do}): ${s.error}`);
    else if (s.note) lines.push(`  · step ${s.index + 1} (${s.step.do}): ${s.note}`);
  }
  for (const v of r.verdicts) {
    const mark = v.status === 'pass' ? '✓' : v.status === 'fail' ? '✗' : '–';
    lines.push(`  ${mark} ${v.label}: ${v.detail}`);
  }
  if (r.verdicts.length === 0) lines.push('  (no expectations)');
  for (const c of r.cleanup) lines.push(`  ! clean-up: ${c}`);
  return lines.join('\n');
}
