/** The drain of a resumed session: resends first, then the store, at the profile's pace. */
import { drop, type BrokerContext } from './context';
import { isExpired } from './message';
import type { Session } from './session';
import { addMs } from './time';
import { inflightWindow } from './delivery';
import { transmit } from './transmit';

/**
 * Sends what the session holds, in order, as far as the in-flight window and the replay pace
 * allow. Called on resume, on every acknowledgement and when a pacing slot opens.
 */
export function pump(ctx: BrokerContext, s: Session): void {
  const conn = s.connection;
  if (!conn || conn.state !== 'open') return;
  const rate = ctx.profile.replayRate;
  for (;;) {
    if (s.connection !== conn || conn.state !== 'open') break;
    const fromResend = s.resendQueue.length > 0;
    const d = fromResend ? s.resendQueue[0] : s.queue.peek();
    if (!d) break;
    if (fromResend && (s.inflight.get(d.packetId!) !== d || d.stage !== 'publish')) {
      // Acknowledged (or released) while it waited for its paced resend: nothing to resend.
      s.resendQueue.shift();
      continue;
    }
    const now = ctx.clock.now();
    if (!fromResend) {
      // [MQTT-3.3.2-5] a message whose expiry has passed is dropped, not delivered.
      if (isExpired(d.message, now)) {
        s.queue.shift();
        drop(ctx, d.message.id, 'expired', s.clientId);
        continue;
      }
      if (d.qos > 0 && s.inflight.size >= inflightWindow(ctx, s)) break;
    } else if (resendWindowFull(ctx, s)) {
      // [MQTT-4.9.0-2] a resend counts against this connection's window like a first send:
      // a client back with a smaller Receive Maximum gets no more than that many at once.
      break;
    }
    // [AWS-replay] stored messages go out at most `replayRate` per second.
    const replay = s.replay;
    if (d.replay && replay && rate > 0 && now < replay.nextSlotAt) {
      if (replay.timer === undefined) {
        replay.timer = ctx.clock.setTimeout(
          () =>
            ctx.run(() => {
              replay.timer = undefined;
              pump(ctx, s);
            }),
          replay.nextSlotAt - now,
          'replay',
        );
        ctx.emit({
          type: 'replay.paced',
          clientId: s.clientId,
          sent: replay.sent,
          remaining: s.queue.length + s.resendQueue.length,
          nextAt: replay.nextSlotAt,
        });
      }
      break;
    }
    if (fromResend) s.resendQueue.shift();
    else s.queue.shift();
    transmit(ctx, s, d);
    if (d.replay && replay) {
      replay.sent++;
      if (rate > 0) replay.nextSlotAt = addMs(now, 1000 / rate);
    }
  }
  finishReplayIfDrained(ctx, s);
}

/**
 * Whether the messages already sent (or sent again) on this connection fill its window. The
 * in-flight map also holds those still waiting for their resend; they are counted out only
 * when the map alone would fill the window, so a large resume stays linear.
 */
function resendWindowFull(ctx: BrokerContext, s: Session): boolean {
  const window = inflightWindow(ctx, s);
  if (s.inflight.size < window) return false;
  let waiting = 0;
  for (const d of s.resendQueue) {
    if (s.inflight.get(d.packetId!) === d && d.stage === 'publish') waiting++;
  }
  return s.inflight.size - waiting >= window;
}

/** Starts the drain of a resumed session's backlog (resends first, then the store). */
export function startReplay(ctx: BrokerContext, s: Session): void {
  const backlog = s.resendQueue.length + s.queue.length;
  if (backlog === 0) return;
  for (const d of s.resendQueue) d.replay = true;
  for (const d of s.queue) d.replay = true;
  const now = ctx.clock.now();
  s.replay = { startedAt: now, backlog, sent: 0, nextSlotAt: now };
  ctx.emit({
    type: 'replay.started',
    clientId: s.clientId,
    backlog,
    ratePerSecond: ctx.profile.replayRate,
  });
  pump(ctx, s);
}

/** Stops pacing when the connection ends; what was not sent stays stored. */
export function stopReplay(ctx: BrokerContext, s: Session): void {
  if (!s.replay) return;
  ctx.clock.clearTimeout(s.replay.timer);
  s.replay = undefined;
}

function finishReplayIfDrained(ctx: BrokerContext, s: Session): void {
  const replay = s.replay;
  if (!replay || s.queue.length > 0 || s.resendQueue.length > 0) return;
  ctx.clock.clearTimeout(replay.timer);
  s.replay = undefined;
  ctx.emit({
    type: 'replay.finished',
    clientId: s.clientId,
    sent: replay.sent,
    durationMs: ctx.clock.now() - replay.startedAt,
  });
}
