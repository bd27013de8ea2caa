import type { BrokerFootprint } from '../../broker/footprint';
import type { TimerKind } from '../../broker/clock';
import type { Workload } from './workload';

export type Phase = 'running' | 'settled' | 'final';

export interface Audit {
  footprint: BrokerFootprint;
  timers: Partial<Record<TimerKind, number>>;
  /** Messages the ledger still expects, held by sessions; lost ones; stored for no route. */
  held: number;
  lost: string[];
  unaccounted: number;
  ledgerEntries: number;
  violations: string[];
}

/**
 * Checks that every structure of the broker is what the live state justifies: each timer
 * belongs to a live connection or session, the tree holds the sessions' subscriptions and no
 * more, a store is within its limit, and every message the ledger expects is held.
 */
export function audit(w: Workload, phase: Phase): Audit {
  const f = w.broker.footprint();
  const timers = w.brokerClock.byKind();
  const profile = w.broker.profile;
  const sessions = w.broker.sessions();
  const v: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) v.push(what);
  };
  const t = (k: TimerKind) => timers[k] ?? 0;

  expect(
    f.treeEntries === f.subscriptions,
    `tree entries ${f.treeEntries} ≠ subscriptions ${f.subscriptions}`,
  );
  expect(
    f.treeNodes <= f.treeNodesJustified,
    `tree nodes ${f.treeNodes} > ${f.treeNodesJustified} that live filters need`,
  );
  expect(
    f.connections === w.openClients(),
    `connections ${f.connections} ≠ open clients ${w.openClients()}`,
  );
  expect(
    f.connectedSessions === f.connections,
    `connected sessions ${f.connectedSessions} ≠ connections ${f.connections}`,
  );
  expect(
    t('keepalive') === f.connections,
    `keep-alive timers ${t('keepalive')} ≠ connections ${f.connections}`,
  );
  const awaitingExpiry = sessions.filter((s) => !s.connected && s.expiry !== null).length;
  expect(
    t('session-expiry') === awaitingExpiry,
    `session-expiry timers ${t('session-expiry')} ≠ sessions awaiting expiry ${awaitingExpiry}`,
  );
  expect(
    f.expiryTimers === awaitingExpiry,
    `sessions holding an expiry timer ${f.expiryTimers} ≠ ${awaitingExpiry}`,
  );
  expect(t('replay') <= f.replays, `replay timers ${t('replay')} > replays ${f.replays}`);
  expect(
    t('message-expiry') === f.messageExpiryTimers,
    `message-expiry timers ${t('message-expiry')} ≠ sessions holding one ${f.messageExpiryTimers}`,
  );
  expect(
    t('will-delay') === f.pendingWills,
    `will-delay timers ${t('will-delay')} ≠ pending wills ${f.pendingWills}`,
  );
  expect(t('other') + t('client') === 0, `unexpected broker timers: ${JSON.stringify(timers)}`);
  expect(f.sessions <= w.slots.length, `sessions ${f.sessions} > client ids ${w.slots.length}`);
  expect(
    f.retained <= w.slots.length,
    `retained ${f.retained} > retained topics ${w.slots.length}`,
  );
  for (const s of sessions) {
    expect(s.connected || s.persistent, `${s.clientId}: a clean session outlived its connection`);
    const stored = s.messages.filter((m) => m.state === 'stored').length;
    expect(
      stored <= profile.queueLimit,
      `${s.clientId}: ${stored} stored > limit ${profile.queueLimit}`,
    );
    if (phase !== 'running' && s.connected) {
      expect(
        s.messages.length === 0,
        `${s.clientId}: connected and settled, still holds ${s.messages.length}`,
      );
    }
  }
  expect(f.queuedTally === f.queued, `queued tally ${f.queuedTally}, stores hold ${f.queued}`);
  if (phase !== 'running') {
    expect(f.incomingQos2 === 0, `incoming QoS 2 ids not released: ${f.incomingQos2}`);
    expect(f.replays === 0 && t('replay') === 0, `replays still running: ${f.replays}`);
    expect(f.resendQueued === 0, `resends still queued: ${f.resendQueued}`);
  }
  if (phase === 'final') {
    expect(f.connections === 0, `connections left: ${f.connections}`);
    expect(
      w.brokerClock.size === 0,
      `broker timers left after every expiry: ${JSON.stringify(timers)}`,
    );
    for (const s of sessions) {
      expect(s.expiry === null, `${s.clientId}: a session with an expiry outlived it`);
    }
  }
  const r = phase === 'running' ? undefined : w.ledger.reconcile(sessions);
  if (r) {
    expect(
      r.lost.length === 0,
      `lost: ${r.lost.slice(0, 5).join(', ')}${r.lost.length > 5 ? ' …' : ''}`,
    );
    expect(
      r.unaccounted === 0,
      `${r.unaccounted} stored messages the ledger has no open route for`,
    );
    expect(r.orphaned === 0, `${r.orphaned} routes open in the ledger that no session holds`);
  }
  for (const e of w.ledger.errors.slice(0, 5)) v.push(e);
  return {
    footprint: f,
    timers,
    held: r?.held ?? 0,
    lost: r?.lost ?? [],
    unaccounted: r?.unaccounted ?? 0,
    ledgerEntries: w.ledger.size(),
    violations: v,
  };
}

/**
 * The cheap part of the audit, run right after a client leaves or takes over: a timer of a
 * closed connection or of a stopped replay fires harmlessly within seconds, so an hourly
 * audit would rarely see it; checked at the moment of churn, it shows every time.
 */
export function spotCheck(w: Workload): string[] {
  const f = w.broker.footprint();
  const timers = w.brokerClock.byKind();
  const t = (k: TimerKind) => timers[k] ?? 0;
  const v: string[] = [];
  if (t('keepalive') !== w.openClients()) {
    v.push(`keep-alive timers ${t('keepalive')} ≠ open connections ${w.openClients()} after churn`);
  }
  if (t('replay') > f.replays)
    v.push(`replay timers ${t('replay')} > replays ${f.replays} after churn`);
  if (t('session-expiry') !== f.expiryTimers) {
    v.push(
      `session-expiry timers ${t('session-expiry')} ≠ sessions holding one ${f.expiryTimers} after churn`,
    );
  }
  if (t('will-delay') !== f.pendingWills) {
    v.push(`will-delay timers ${t('will-delay')} ≠ pending wills ${f.pendingWills} after churn`);
  }
  return v;
}
