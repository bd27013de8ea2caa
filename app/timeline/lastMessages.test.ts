import { describe, expect, it } from 'vitest';
import { harness } from '../testkit/harness';
import { lastMessages } from './lastMessages';
import { TimelineModel } from './model';

describe('lastMessages', () => {
  it('lists the newest messages with the seq of each send, so the inspector can open them', () => {
    const h = harness({ profile: 'standard' });
    const a = h.client(5);
    a.connect({ clientId: 'A' });
    a.subscribe('t/#', 1);
    const c = h.client(5);
    c.connect({ clientId: 'C' });
    c.subscribe('t/x', 0);
    const b = h.client(5);
    b.connect({ clientId: 'B' });
    for (let i = 0; i < 4; i++) b.publish(i === 3 ? 't/y' : 't/x', `m${i}`, 1);
    const model = new TimelineModel();
    model.append(h.events);
    const listed = lastMessages(model, 3);
    expect(listed.map((m) => [m.p.msgId, m.p.topic, m.sent.map((d) => d.clientId)])).toEqual([
      [2, 't/x', ['A', 'C']],
      [3, 't/x', ['A', 'C']],
      [4, 't/y', ['A']],
    ]);
    const sent = h.of('message.sent');
    for (const m of listed) {
      expect(h.events.find((e) => e.seq === m.p.seq)?.type).toBe('message.published');
      for (const d of m.sent) expect(sent.map((e) => e.seq)).toContain(d.sentSeq);
    }
  });
});
