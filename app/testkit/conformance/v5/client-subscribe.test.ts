// MQTT 5.0 statements that bind the client, around SUBSCRIBE and UNSUBSCRIBE: a client that breaks
// one (ill-formed or missing filters, wildcards out of place, a malformed shared filter, No Local
// on a shared subscription) and what the broker does about it.
import { describe, expect, it } from 'vitest';
import { hex, type RawClient } from '../../rawClient';
import type { PacketOf } from '../../../broker/packets';
import { disconnectCode, got, raw5, std } from './packets-helpers';

const TOPIC_FILTER_INVALID = 0x8f;

function subscribe(topics: string[], nl = false): PacketOf<'subscribe'> {
  return {
    cmd: 'subscribe',
    messageId: 1,
    subscriptions: topics.map((topic) => ({ topic, qos: 1 as const, nl, rap: false, rh: 0 })),
  };
}

/** Subscribes to each filter and returns the SUBACK codes; the connection must stay open. */
function granted(c: RawClient, topics: string[]): number[] {
  c.send(subscribe(topics));
  expect(c.closed).toBe(false);
  return got(c, 'suback').pop()!.granted as number[];
}

/** A fresh connected client sends the bytes; returns it. */
function sendOn(bytes: Uint8Array): RawClient {
  const h = std();
  const c = raw5(h, 'c');
  c.send(bytes);
  return c;
}

describe('MQTT 5 client statements: SUBSCRIBE and UNSUBSCRIBE payloads (3.8.3, 3.10.3)', () => {
  it('[MQTT-3.8.3-1] a SUBSCRIBE Topic Filter that is not well-formed UTF-8 is malformed: DISCONNECT 0x81', () => {
    for (const filter of ['0002 c328', '0003 eda080', '0002 6100']) {
      const length = 3 + filter.replace(/ /g, '').length / 2 + 1;
      const c = sendOn(hex(`82 ${length.toString(16).padStart(2, '0')} 0001 00 ${filter} 01`));
      expect(disconnectCode(c)).toBe(0x81);
      expect(got(c, 'suback')).toEqual([]);
      expect(c.closed).toBe(true);
    }
  });

  it('[MQTT-3.8.3-2] a SUBSCRIBE with no Topic Filter and Subscription Options pair is a Protocol Error: DISCONNECT 0x82, no SUBACK', () => {
    const c = sendOn(hex('82 03 0001 00'));
    expect(disconnectCode(c)).toBe(0x82);
    expect(got(c, 'suback')).toEqual([]);
    expect(c.closed).toBe(true);
  });

  it('[MQTT-3.8.3-4] No Local on a shared subscription is a Protocol Error: DISCONNECT 0x82, nothing granted', () => {
    const h = std();
    const c = raw5(h, 'c');
    c.send(subscribe(['$share/g/t'], true));
    expect(disconnectCode(c)).toBe(0x82);
    expect(got(c, 'suback')).toEqual([]);
    expect(c.closed).toBe(true);
    expect(h.of('subscription.added')).toEqual([]);
  });

  it('[MQTT-3.10.3-1] an UNSUBSCRIBE Topic Filter that is not well-formed UTF-8 is malformed: DISCONNECT 0x81', () => {
    for (const filter of ['0002 c328', '0002 6100']) {
      const length = 3 + filter.replace(/ /g, '').length / 2;
      const c = sendOn(hex(`a2 ${length.toString(16).padStart(2, '0')} 0001 00 ${filter}`));
      expect(disconnectCode(c)).toBe(0x81);
      expect(got(c, 'unsuback')).toEqual([]);
      expect(c.closed).toBe(true);
    }
  });

  it('[MQTT-3.10.3-2] an UNSUBSCRIBE with no Topic Filter is a Protocol Error: DISCONNECT 0x82, no UNSUBACK', () => {
    const c = sendOn(hex('a2 03 0001 00'));
    expect(disconnectCode(c)).toBe(0x82);
    expect(got(c, 'unsuback')).toEqual([]);
    expect(c.closed).toBe(true);
  });
});

describe('MQTT 5 client statements: wildcards and shared filters (4.7.1, 4.8.2)', () => {
  it('[MQTT-4.7.1-1] a multi-level wildcard not last, or not on a level of its own: SUBACK 0x8F for that filter', () => {
    const h = std();
    const c = raw5(h, 'c');
    expect(granted(c, ['a/#/b', 'a#', 'a/b#', '#/a', 'a/#', '#'])).toEqual([
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      1,
      1,
    ]);
  });

  it('[MQTT-4.7.1-2] a single-level wildcard that does not occupy a whole level: SUBACK 0x8F for that filter', () => {
    const h = std();
    const c = raw5(h, 'c');
    expect(granted(c, ['a+', 'a/+b', '+a/b', 'a/b+/c', '+', '+/a/+'])).toEqual([
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      1,
      1,
    ]);
  });

  it('[MQTT-4.8.2-1] a shared filter with an empty ShareName: SUBACK 0x8F', () => {
    const h = std();
    const c = raw5(h, 'c');
    expect(granted(c, ['$share//t', '$share//', '$share/g/t'])).toEqual([
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      1,
    ]);
  });

  it('[MQTT-4.8.2-2] a ShareName with "+" or "#", or not followed by "/" and a Topic Filter: SUBACK 0x8F', () => {
    const h = std();
    const c = raw5(h, 'c');
    expect(
      granted(c, ['$share/g+/t', '$share/g#/t', '$share/g', '$share/g/', '$share/g/+']),
    ).toEqual([
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      TOPIC_FILTER_INVALID,
      1,
    ]);
  });
});
