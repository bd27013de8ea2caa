import { describe, expect, it } from 'vitest';
import { simTime, type BrokerEvent, type BrokerEventBody } from '../broker';
import { formatEvent, LOGGED_TYPES } from './log';

const at = (body: BrokerEventBody, ms = 1000): BrokerEvent =>
  ({ ...body, seq: 1, at: simTime(ms) }) as BrokerEvent;
const peers = (id: number) => (id === 3 ? 'tcp 127.0.0.1:50312' : undefined);

describe('formatEvent: one line per event an operator follows', () => {
  it.each<[BrokerEventBody, string]>([
    [
      {
        type: 'connack.sent',
        connId: 3,
        clientId: 'subA',
        protocolVersion: 4,
        sessionPresent: true,
        code: 0,
        sessionExpiry: 3600,
        keepalive: 60,
      },
      "conn 3 (tcp 127.0.0.1:50312) client 'subA' connected (MQTT 3.1.1, keep-alive 60 s): session present, expiry 3600 s",
    ],
    [
      {
        type: 'connack.sent',
        connId: 4,
        clientId: 'c',
        protocolVersion: 5,
        sessionPresent: false,
        code: 0,
        sessionExpiry: 0,
        keepalive: 1200,
      },
      "conn 4 client 'c' connected (MQTT 5.0, keep-alive 1200 s): new session, ends with the connection",
    ],
    [
      {
        type: 'connack.sent',
        connId: 4,
        clientId: 'c',
        protocolVersion: 5,
        sessionPresent: false,
        code: 0,
        sessionExpiry: null,
        keepalive: 0,
      },
      "conn 4 client 'c' connected (MQTT 5.0, keep-alive 0 s): new session, expiry never",
    ],
    [
      {
        type: 'connack.sent',
        connId: 3,
        clientId: '',
        protocolVersion: 4,
        sessionPresent: false,
        code: 2,
        sessionExpiry: 0,
        keepalive: 0,
      },
      "conn 3 (tcp 127.0.0.1:50312) client '' refused (MQTT 3.1.1, code 0x02)",
    ],
    [
      { type: 'connection.closed', connId: 3, clientId: 'subA', reason: 'keepalive-timeout' },
      "conn 3 (tcp 127.0.0.1:50312) client 'subA' closed: keepalive-timeout",
    ],
    [
      { type: 'connection.closed', connId: 9, reason: 'protocol-error' },
      'conn 9 closed: protocol-error',
    ],
    [
      { type: 'takeover', clientId: 'subA', oldConnId: 3, newConnId: 7 },
      "client 'subA' taken over: conn 3 closed for conn 7",
    ],
    [
      { type: 'session.resumed', clientId: 'subA', stored: 30, inflight: 2, subscriptions: 1 },
      "session 'subA' resumed: 30 stored, 2 in flight, 1 subscription",
    ],
    [
      {
        type: 'session.expiry-scheduled',
        clientId: 'subA',
        nominalAt: simTime(3_601_000),
        actualAt: simTime(4_213_500),
      },
      "session 'subA' kept: expires in 3600 s + 613 s jitter",
    ],
    [
      { type: 'session.expired', clientId: 'subA', discardedMessages: 1 },
      "session 'subA' expired: 1 stored message discarded",
    ],
    [
      { type: 'session.discarded', clientId: 'subA', reason: 'clean-start', discardedMessages: 4 },
      "session 'subA' discarded (clean-start): 4 stored messages dropped",
    ],
    [
      { type: 'replay.started', clientId: 'subA', backlog: 30, ratePerSecond: 10 },
      "replay to 'subA': 30 stored messages, 10 msg/s",
    ],
    [
      { type: 'replay.started', clientId: 'subA', backlog: 1, ratePerSecond: 0 },
      "replay to 'subA': 1 stored message, unpaced",
    ],
    [
      { type: 'replay.finished', clientId: 'subA', sent: 30, durationMs: 2904.2 },
      "replay to 'subA' finished: 30 sent in 2.9 s",
    ],
    [
      {
        type: 'protocol.error',
        connId: 3,
        clientId: 'x',
        message: 'second CONNECT on one connection',
        reasonCode: 0x82,
      },
      "conn 3 (tcp 127.0.0.1:50312) client 'x' protocol error: second CONNECT on one connection (0x82)",
    ],
    [{ type: 'broker.error', message: 'boom' }, 'broker error: boom'],
  ])('%j', (body, line) => {
    expect(formatEvent(at(body), peers)).toBe(line);
    expect(LOGGED_TYPES.has(body.type)).toBe(true);
  });

  it.each<BrokerEventBody>([
    { type: 'connection.opened', connId: 1 },
    { type: 'message.routed', msgId: 1, clientId: 'a', qos: 1 },
    { type: 'message.sent', msgId: 1, clientId: 'a', qos: 1, retain: false, replay: true },
    { type: 'replay.paced', clientId: 'a', sent: 1, remaining: 2, nextAt: simTime(5) },
    // A clean session ending with its connection: the close line says it all.
    { type: 'session.discarded', clientId: 'a', reason: 'connection-ended', discardedMessages: 0 },
  ])('keeps quiet about %j', (body) => {
    expect(formatEvent(at(body))).toBeUndefined();
  });
});
