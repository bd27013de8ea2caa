import type { ClientConfig } from '../clients/clientConfig';
import { fromClientConfig } from './clients';
import { topicFilterError } from '../broker';
import type { AppActions, AppStore } from '../store/appStore';
import { showDuration } from './duration';
import { payloadsById, sentTo } from './received';
import {
  SCENARIO_FORMAT,
  type Expectation,
  type Scenario,
  type ScenarioClient,
  type Step,
} from './format';

/** A recording under way; `stop` gives the scenario it made. */
export interface Recording {
  stop(): Scenario;
  /** Steps recorded so far. */
  readonly steps: number;
}

/**
 * Records what a person does in the playground as a scenario. It starts from a fresh broker
 * (the clients stay, disconnected), so that playing the scenario gives the same run; the time
 * between two actions becomes an `advance` step. At the end, what happened (each CONNACK's
 * sessionPresent, what each client received, the drops) becomes the expectations, so the
 * recording checks itself when it is played again.
 */
export function startRecording(app: AppStore): Recording {
  const original = app.getState().actions;
  original.reset();
  const state = app.getState();
  // Against a remote broker the page sends each id with the person's prefix (lab-A): the
  // recording keeps the id as typed, so that played again it gets one prefix, not two.
  const prefix = app.remote?.idPrefix ?? '';
  const asTyped = (name: string, config: ClientConfig) =>
    fromClientConfig(
      name,
      prefix && config.clientId.startsWith(prefix)
        ? { ...config, clientId: config.clientId.slice(prefix.length) }
        : config,
    );
  const clients: ScenarioClient[] = state.clientOrder.map((name) =>
    asTyped(name, state.clients[name]!.config),
  );
  const steps: Step[] = [];
  let last = app.channel.now;

  const record = (step: Step) => {
    const now = app.channel.now;
    if (now > last) steps.push({ do: 'advance', by: `${Math.round(now - last)}ms` });
    last = now;
    steps.push(step);
  };

  const wrapped: AppActions = {
    ...original,
    addClient(config) {
      const errors = original.addClient(config);
      if (Object.keys(errors).length === 0) {
        clients.push(fromClientConfig(app.getState().clientOrder.at(-1)!, config));
      }
      return errors;
    },
    addTwin(name) {
      const twin = original.addTwin(name);
      const config = app.getState().clients[name]?.config;
      if (twin && config) clients.push(asTyped(twin, config));
      return twin;
    },
    connect(name) {
      record({ do: 'connect', client: name });
      original.connect(name);
    },
    disconnect(name, sessionExpiry) {
      record({
        do: 'disconnect',
        client: name,
        ...(sessionExpiry === undefined ? {} : { sessionExpiry }),
      });
      original.disconnect(name, sessionExpiry);
    },
    drop(name, mode) {
      record({ do: 'drop', client: name, ...(mode === 'silent' ? { silent: true } : {}) });
      original.drop(name, mode);
    },
    async subscribe(name, filter, options) {
      // Only what reaches the broker is recorded (a refused filter still does; the form's own
      // refusals, such as a client not connected, do not).
      const online = app.getState().clients[name]?.status === 'connected';
      if (online && !topicFilterError(filter)) {
        record({ do: 'subscribe', client: name, filter, qos: options.qos });
      }
      return original.subscribe(name, filter, options);
    },
    unsubscribe(name, filter) {
      record({ do: 'unsubscribe', client: name, filter });
      original.unsubscribe(name, filter);
    },
    publish(name, request) {
      const errors = original.publish(name, request);
      if (Object.keys(errors).length === 0) {
        record({
          do: 'publish',
          client: name,
          topic: request.topic,
          payload: request.payload,
          qos: request.qos,
          ...(request.retain ? { retain: true } : {}),
          ...(request.messageExpiry ? { messageExpiry: request.messageExpiry } : {}),
        });
      }
      return errors;
    },
    burst(name, request, count, rate) {
      const errors = original.burst(name, request, count, rate);
      if (Object.keys(errors).length === 0) {
        record({
          do: 'burst',
          client: name,
          topic: request.topic,
          payload: request.payload,
          count,
          qos: request.qos,
          ...(rate ? { rate } : {}),
        });
      }
      return errors;
    },
    setHoldAcks(name, hold) {
      record({ do: 'hold-acks', client: name, ...(hold ? {} : { hold: false }) });
      original.setHoldAcks(name, hold);
    },
    release(name, count) {
      record({ do: 'release-acks', client: name, ...(count === undefined ? {} : { count }) });
      original.release(name, count);
    },
  };
  app.setState({ actions: wrapped });

  return {
    get steps() {
      return steps.length;
    },
    stop() {
      app.setState({ actions: original });
      const now = app.channel.now;
      if (now > last) steps.push({ do: 'advance', by: `${Math.round(now - last)}ms` });
      const { setup } = app.getState();
      return {
        format: SCENARIO_FORMAT,
        title: `Recorded on ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
        description: `Recorded in the playground: ${steps.length} steps over ${showDuration(now)} of simulated time.`,
        profile: setup.profile,
        ...(Object.keys(setup.overrides).length ? { overrides: { ...setup.overrides } } : {}),
        seed: setup.seed,
        clients: clients.filter((c, i) => clients.findIndex((d) => d.name === c.name) === i),
        steps,
        expect: whatHappened(app, clients, prefix),
      };
    },
  };
}

/** The run so far as expectations: each CONNACK's sessionPresent, what each client received, the drops. */
function whatHappened(
  app: AppStore,
  clients: readonly ScenarioClient[],
  /** The person's prefix, which the broker's events carry and the scenario's ids do not. */
  prefix: string,
): Expectation[] {
  app.flushNow();
  const sent = (c: ScenarioClient) => {
    const id = c.clientId ?? c.name;
    return id === '' ? id : prefix + id;
  };
  const events = app.log.all();
  const out: Expectation[] = [];
  // One expectation per client id: a takeover pair shares its CONNACKs and its messages.
  const distinct = clients.filter(
    (c, i) => clients.findIndex((d) => (d.clientId ?? d.name) === (c.clientId ?? c.name)) === i,
  );
  for (const c of distinct) {
    const id = sent(c);
    let nth = 0;
    for (const e of events) {
      if (e.type === 'connack.sent' && e.clientId === id) {
        out.push({ connack: c.name, nth: ++nth, sessionPresent: e.sessionPresent });
      }
    }
  }
  const payloads = payloadsById(events);
  for (const c of distinct) {
    const got = sentTo(events, sent(c), payloads).payloads;
    if (got.length) out.push({ receives: c.name, payloads: got });
  }
  out.push({ dropped: events.filter((e) => e.type === 'message.dropped').length });
  return out;
}
