import { createBroker, type Broker, type BrokerOptions } from '../broker/broker';
import { VirtualClock } from '../broker/clock';
import type { BrokerEvent, BrokerEventType, EventOf } from '../broker/events';
import { TestClient } from './testClient';

/** A broker on a virtual clock with its event log: the setting of most unit tests. */
export interface Harness {
  broker: Broker;
  clock: VirtualClock;
  events: BrokerEvent[];
  client(protocolVersion?: 4 | 5): TestClient;
  of<T extends BrokerEventType>(type: T): EventOf<T>[];
}

export function harness(options: Omit<BrokerOptions, 'clock'> = {}): Harness {
  const clock = new VirtualClock();
  const broker = createBroker({ ...options, clock });
  const events: BrokerEvent[] = [];
  broker.subscribe((e) => events.push(e));
  return {
    broker,
    clock,
    events,
    client: (protocolVersion = 4) => new TestClient(broker, clock, protocolVersion),
    of: <T extends BrokerEventType>(type: T) =>
      events.filter((e): e is EventOf<T> => e.type === type),
  };
}
