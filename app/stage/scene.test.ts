import { describe, expect, it } from 'vitest';
import { LESSONS } from '../scenario/lessons';
import { runHeadless } from '../scenario/node';
import { applyBrokerEvents, emptyBrokerView, liveEntries } from '../store/brokerView';
import { StageClients } from './clients';
import { describeStage, summariseStage } from './describe';
import { buildScene, type PageClient } from './scene';

const lesson = (prefix: string) => LESSONS.find((l) => l.id.startsWith(prefix))!.scenario;

const page: PageClient[] = [
  { name: 'A', clientId: 'A', protocolVersion: 4, clean: false, sessionExpiry: 0 },
  { name: 'B', clientId: 'B', protocolVersion: 4, clean: true, sessionExpiry: 0 },
];

describe('the stage scene, built from the event log', () => {
  it('[AWS-store] [AWS-replay] agrees with the session card event by event through the seed lesson', async () => {
    const run = await runHeadless(lesson('01'));
    let view = emptyBrokerView();
    const clients = new StageClients();
    const held: number[] = [];
    for (const e of run.log) {
      view = applyBrokerEvents(view, [e]);
      clients.append([e]);
      const scene = buildScene(view, clients.byId, page, 64);
      for (const [id, s] of Object.entries(view.sessions)) {
        // The card's "Stored" count is liveEntries(s).length: the stage must say the same.
        expect(scene.sessions.get(id)?.held).toBe(liveEntries(s).length);
      }
      const a = scene.sessions.get('A')?.held ?? 0;
      if (held.at(-1) !== a) held.push(a);
    }
    // The store fills to 30 while A is away, then drains to nothing on the replay.
    expect(Math.max(...held)).toBe(30);
    expect(held.at(-1)).toBe(0);
    const peak = held.indexOf(30);
    const draining = held.slice(peak);
    expect(draining).toEqual([...draining].sort((x, y) => y - x));
  }, 60_000);

  it('[MQTT-3.2.2-1..3, 3.1.1] shows sessionPresent from CONNACK, neutral on a first connect', async () => {
    const run = await runHeadless(lesson('01'));
    const clients = new StageClients();
    clients.append(run.log);
    const scene = buildScene(applyBrokerEvents(emptyBrokerView(), run.log), clients.byId, page, 64);
    expect(scene.nodes.get('A')?.connack).toMatchObject({ sessionPresent: true, lost: false });
    expect(scene.nodes.get('B')?.connack).toMatchObject({ sessionPresent: false, lost: false });
    expect(scene.nodes.get('A')?.received).toBe(30);
    expect(scene.nodes.get('A')?.asks).toBe('cleanSession=0');
  }, 60_000);

  it('[AWS-expiry] an expired session is drawn gone, with what it threw away; a resume after it is a lost session', async () => {
    const run = await runHeadless(lesson('05'));
    const clients = new StageClients();
    clients.append(run.log);
    const view = applyBrokerEvents(emptyBrokerView(), run.log);
    const names = lesson('05').clients.map((c) => c.clientId ?? c.name);
    const scene = buildScene(
      view,
      clients.byId,
      names.map((n) => ({
        name: n,
        clientId: n,
        protocolVersion: 4,
        clean: false,
        sessionExpiry: 0,
      })),
      64,
    );
    const expired = run.log.find((e) => e.type === 'session.expired');
    expect(expired).toBeDefined();
    const text = describeStage(scene, run.simulatedMs).join('\n');
    const lost = [...scene.nodes.values()].find((n) => n.connack?.lost);
    // The lesson reconnects after the expiry with cleanSession=0: sessionPresent=0, lost.
    expect(lost?.connack?.sessionPresent).toBe(false);
    expect(text).toContain('(its session was lost)');
  }, 60_000);

  it('says in words what is stored and the replay: the text equivalent', () => {
    const view = emptyBrokerView();
    view.sessions.A = {
      clientId: 'A',
      status: 'connected',
      persistent: true,
      protocolVersion: 4,
      expiry: 3600,
      subscriptions: [{ filter: 't/#', qos: 1 }],
      entries: new Map(
        Array.from({ length: 18 }, (_, i) => [
          i,
          { msgId: i, topic: 't/x', qos: 1 as const, state: 'stored' as const, at: 0 },
        ]),
      ),
      arrivals: Array.from({ length: 18 }, (_, i) => i),
      finished: 0,
      waiting: 18,
      inFlight: 0,
      replay: { backlog: 30, sent: 12, rate: 10, startedAt: 0, lastAt: 1100 },
      dropped: {},
      takeovers: [],
    };
    view.order = ['A'];
    const scene = buildScene(view, new Map(), page.slice(0, 1), 64);
    expect(summariseStage(scene)).toContain(
      "A's session stores 18 messages; replay 12 of 30 at 10 per second",
    );
    expect(describeStage(scene, 0)[0]).toContain('subscribed to t/# at QoS 1');
  });
});

describe('the stage against a remote broker', () => {
  const at = (ms: number) => ms as never;
  const events = [
    {
      type: 'connect.received',
      connId: 1,
      clientId: 'A',
      protocolVersion: 4,
      clean: false,
      keepalive: 60,
      sessionExpiry: null,
    },
    {
      type: 'connack.sent',
      connId: 1,
      clientId: 'A',
      protocolVersion: 4,
      sessionPresent: false,
      code: 0,
      sessionExpiry: null,
      keepalive: 0,
    },
    { type: 'session.created', clientId: 'A', persistent: true, expiry: null },
    { type: 'connection.closed', connId: 1, clientId: 'A', reason: 'client-disconnect' },
  ].map((e, i) => ({ ...e, seq: i + 1, at: at(i * 10) })) as never[];

  it('says the store of an away client is unknown and its session maybe kept; in-page, kept', () => {
    const view = applyBrokerEvents(emptyBrokerView(), events);
    const clients = new StageClients();
    clients.append(events);
    const remote = describeStage(buildScene(view, clients.byId, page, 64, true), 100).join('\n');
    expect(remote).toContain('A: away (whether its session is kept, only the next CONNACK says)');
    expect(remote).toContain('what it stores is not shown by the broker');
    expect(remote).toContain('kept? only its next CONNACK says');
    const local = describeStage(buildScene(view, clients.byId, page, 64), 100).join('\n');
    expect(local).toContain('A: away, its session kept');
    expect(local).not.toContain('not shown by the broker');
  });

  it('an away client that left a message unacknowledged: the store is still unknown, the message its own', () => {
    const view = applyBrokerEvents(emptyBrokerView(), events);
    const clients = new StageClients();
    clients.append(events);
    const scene = buildScene(view, clients.byId, page, 64, true);
    const a = scene.sessions.get('A')!;
    scene.sessions.set('A', { ...a, waiting: 0, inFlight: 1, held: 1 });
    expect(summariseStage(scene)).toContain(
      "A's session: its store is unknown while A is away, 1 unacknowledged when it left",
    );
    expect(summariseStage(scene)).not.toContain('stores 1 message');
    const words = describeStage(scene, 100).join('\n');
    expect(words).toContain('not shown by the broker; 1 unacknowledged when it left');
    expect(words).not.toContain('stores 1 message');
    // Once what arrived on resume says what was stored, it is a count (inferred).
    scene.sessions.set('A', { ...a, waiting: 2, inFlight: 1, held: 3 });
    expect(summariseStage(scene)).toContain("A's session stores 3 messages");
  });
});
