import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent, EventOf } from '../broker';
import { judge } from '../scenario/expect';
import { sentTo } from '../scenario/received';
import { parseScenario } from '../scenario/validate';
import { runNaming, type Naming } from './naming';
import { judgeRemote } from './observability';
import { createMemoryTarget } from './node/memoryTarget';
import type { RemoteEvent } from './remoteEvent';
import { RemoteRunner } from './runner';

const LESSONS = new URL('../scenario/lessons/', import.meta.url);

/** The broker's own events, with the run's prefixes taken off (as derived events have them). */
function unprefixed(events: readonly BrokerEvent[], naming: Naming): BrokerEvent[] {
  return events.map((e) =>
    'clientId' in e && e.clientId !== undefined
      ? { ...e, clientId: naming.scenarioClientId(e.clientId) }
      : e,
  );
}

const connacks = (events: readonly BrokerEvent[], id: string) =>
  events
    .filter((e): e is EventOf<'connack.sent'> => e.type === 'connack.sent' && e.clientId === id)
    .map((e) => [e.sessionPresent, e.code]);

const resends = (events: readonly BrokerEvent[], id: string) =>
  events
    .filter((e): e is EventOf<'message.resent'> => e.type === 'message.resent' && e.clientId === id)
    .map((e) => [e.dup, e.packetId === e.previousPacketId]);

/**
 * The observation layer against our own broker, where the truth is known: every lesson runs
 * through the remote runner on an in-memory broker (simulated time), and what the layer derives
 * from the clients' bytes alone must agree with the broker's own events.
 */
describe('events derived from what the clients saw agree with the broker’s own', () => {
  const files = readdirSync(LESSONS).filter((f) => f.endsWith('.json'));

  it.each(files)(
    '%s',
    async (file) => {
      const parsed = parseScenario(readFileSync(new URL(file, LESSONS), 'utf8'));
      if (!parsed.ok) throw new Error(`${file} does not parse`);
      const scenario = parsed.scenario;
      const target = createMemoryTarget(scenario.profile, scenario.overrides ?? {}, scenario.seed);
      const naming = runNaming();
      const runner = new RemoteRunner(scenario, target, { naming, keep: true });
      const report = await runner.run();
      const derived: RemoteEvent[] = runner.events();
      const truth = unprefixed(target.brokerEvents(), naming);
      await target.close();

      expect(report.steps.filter((s) => s.error && s.step.do !== 'wait')).toEqual([]);
      for (const id of new Set(scenario.clients.map((c) => c.clientId ?? c.name))) {
        expect(connacks(derived, id), `${id}'s CONNACKs`).toEqual(connacks(truth, id));
        expect(sentTo(derived, id).payloads, `what ${id} received`).toEqual(
          sentTo(truth, id).payloads,
        );
        expect(resends(derived, id), `what ${id} was sent again`).toEqual(resends(truth, id));
        // The store, inferred from what arrived on resume, is what the broker held.
        const resumed = (events: readonly BrokerEvent[]) =>
          events
            .filter(
              (e): e is EventOf<'session.resumed'> =>
                e.type === 'session.resumed' && e.clientId === id,
            )
            .map((e) => e.stored + e.inflight);
        expect(resumed(derived), `${id}'s resumed sessions`).toEqual(resumed(truth));
      }
      // Each expectation a remote run can judge is judged alike on the broker's own events; the
      // others are not observable, never passed.
      const expectations = scenario.expect ?? [];
      const onTruth = judge(expectations, truth, runner.ids);
      judgeRemote(expectations, derived, runner.ids).forEach((v, i) => {
        if (v.status === 'not-observable') expect(v.pass, v.label).toBe(false);
        else expect([v.label, v.pass]).toEqual([v.label, onTruth[i]!.pass]);
      });
      // What was observed is marked so, and what was concluded is marked inferred.
      for (const e of derived) {
        const inferred = [
          'session.resumed',
          'session.created',
          'message.stored',
          'replay.started',
          'replay.finished',
          'will.published',
        ];
        if (inferred.includes(e.type)) expect(e.origin, e.type).toBe('inferred');
        if (['connack.sent', 'message.sent', 'message.resent'].includes(e.type))
          expect(e.origin, e.type).toBe('observed');
      }
    },
    60_000,
  );
});
