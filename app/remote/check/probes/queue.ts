import type { ProbeKit } from '../kit';
import type { Findings } from '../rows';

const OVER = 5;

/**
 * A full store: `limit` + 5 QoS 1 messages published while the client is away, `limit` being
 * what the user says the broker stores per session. Which come back: the first ones (new ones
 * dropped), the last ones (the oldest dropped), or all?
 */
export function queueFull(limit: number) {
  return async (kit: ProbeKit): Promise<Findings> => {
    const total = limit + OVER;
    const sub = kit.client('queue-sub', { protocolVersion: 4 });
    const pub = kit.client('queue-pub', { protocolVersion: 4, clean: true });
    await kit.connect(sub);
    await sub.subscribe(kit.topic('queue/#'), 1);
    await sub.disconnect();
    await kit.connect(pub);
    const sent: Promise<void>[] = [];
    for (let i = 0; i < total; i++) sent.push(kit.publish(pub, 'queue/t', `q${i}`));
    await Promise.all(sent);
    await pub.disconnect();
    await kit.connect(sub);
    // Until all are back, or none came for 2 s (a paced replay sends one at least every 0.5 s).
    await kit.settle(() => kit.arrived(sub), total, 2000, 60_000 + total * 200);
    await sub.disconnect();

    const got = new Set(kit.received(sub).map((p) => Number(p.slice(1))));
    const kept = got.size;
    const first = Math.min(...got);
    const last = Math.max(...got);
    let value: string;
    if (kept === total) value = `all ${total} kept`;
    else if (kept === 0) value = 'nothing kept';
    else if (kept === limit && first === 0 && last === limit - 1)
      value = `first ${limit} kept, new dropped`;
    else if (kept === limit && first === OVER && last === total - 1)
      value = `last ${limit} kept, oldest dropped`;
    else value = `${kept} kept (q${first} … q${last})`;
    return { 'queue-full': { value } };
  };
}
