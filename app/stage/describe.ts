import { nodeText, sessionText } from './words';
import type { Scene } from './scene';
import { storeUnknown } from '../store/brokerView';

/**
 * The stage in words, one line per client and its session: the text equivalent a screen reader
 * hears ("A's session stores 30 messages; replay 12 of 30 at 10 per second").
 */
export function describeStage(scene: Scene, now: number): string[] {
  const lines: string[] = [];
  for (const id of scene.order) {
    const node = scene.nodes.get(id);
    if (!node) continue;
    const session = scene.sessions.get(id);
    let line = `${nodeText(node)}.`;
    if (session) {
      if (session.status === 'expired' || session.status === 'discarded') {
        line += ` ${session.id}'s session ${session.status}: ${session.discarded ?? 0} messages discarded.`;
      } else {
        line += ` ${sessionText(session, now)}.`;
      }
    }
    lines.push(line);
  }
  if (lines.length === 0) lines.push('No clients yet.');
  return lines;
}

/**
 * The short summary the live region announces: what is stored and replayed, which changes
 * during a lesson, rather than every client's settings each time.
 */
export function summariseStage(scene: Scene): string {
  const parts: string[] = [];
  for (const [id, s] of scene.sessions) {
    if (s.status === 'expired' || s.status === 'discarded') {
      parts.push(`${id}'s session ${s.status}, ${s.discarded ?? 0} messages discarded`);
      continue;
    }
    if (storeUnknown(s, s.remote === true)) {
      const left = s.inFlight ? `, ${s.inFlight} unacknowledged when it left` : '';
      parts.push(`${id}'s session: its store is unknown while ${id} is away${left}`);
      continue;
    }
    if (s.held === 0 && !s.replay) continue;
    let part = `${id}'s session stores ${s.held} message${s.held === 1 ? '' : 's'}`;
    const r = s.replay;
    if (r && !r.done) {
      part += `; replay ${r.sent} of ${r.backlog}${r.rate > 0 ? ` at ${r.rate} per second` : ''}`;
    }
    parts.push(part);
  }
  const nodes = [...scene.nodes.values()];
  const status = nodes.map((n) => `${n.label} ${n.status === 'away' ? 'away' : n.status}`);
  return [status.join(', '), ...parts].filter(Boolean).join('. ') || 'No clients yet.';
}
