import { describe, expect, it } from 'vitest';
import type { BrokerEvent, BrokerEventBody } from '../broker';
import { publishedBody } from './testEvents';
import { EventLog } from '../store/eventLog';
import { StageFeed } from './feed';

let seq = 0;
const ev = (body: BrokerEventBody, at: number): BrokerEvent =>
  ({ ...body, seq: ++seq, at }) as BrokerEvent;
const published = (msgId: number, at: number) => ev(publishedBody(msgId), at);
const stored = (msgId: number, at: number) =>
  ev({ type: 'message.stored', msgId, clientId: 'A', reason: 'client-away', queued: msgId }, at);
const sent = (msgId: number, at: number) =>
  ev(
    {
      type: 'message.sent',
      msgId,
      clientId: 'A',
      packetId: msgId,
      qos: 1,
      retain: false,
      replay: true,
    },
    at,
  );

/** Kinds of the tokens in the air at `wall`. */
const kinds = (feed: StageFeed, wall: number) =>
  feed.flights.active(wall).map((a) => a.flight.kind);

describe('the stage feed', () => {
  it('flies what is new; a rewritten log is folded again without flying its past twice', () => {
    const log = new EventLog();
    const feed = new StageFeed(log);
    feed.sync(0, false);
    log.append([published(1, 10), published(2, 20)]);
    feed.sync(0, false);
    expect(kinds(feed, 0)).toContain('publish');
    feed.flights.active(1e9); // all landed
    // What arrives on resume (a remote broker) revises the past: the two were stored for A.
    log.rewrite(1, [stored(1, 10), published(2, 20), stored(2, 20), sent(1, 30)]);
    expect(feed.sync(1e9, false)).toBe(true);
    expect(new Set(kinds(feed, 1e9))).toEqual(new Set(['replay']));
    expect(feed.clients.byId.get('A')?.received).toBe(1);
  });

  it('a cleared log starts afresh: its events fly again whatever their time', () => {
    const log = new EventLog();
    const feed = new StageFeed(log);
    feed.sync(0, false);
    log.append([published(1, 50)]);
    feed.sync(0, false);
    feed.flights.active(1e9);
    log.clear();
    log.append([published(1, 5)]);
    feed.sync(1e9, false);
    expect(kinds(feed, 1e9)).toEqual(['publish']);
  });
});
