/**
 * User Properties as they came [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.1.3-10, 5.0].
 *
 * mqtt-packet hands User Properties over as an object, name → value or values. That form loses
 * the order twice: a name given twice becomes one key with an array, so `a=1, b=2, a=3` is sent
 * on as `a=1, a=3, b=2`; and JavaScript puts keys that look like array indices ("2") before
 * all others. It can also lose a pair: a name whose first value is empty is overwritten by its
 * next one (mqtt-packet tests the stored value's truth). So the pairs of a decoded PUBLISH or
 * Will are read again from its bytes: the object is rebuilt from them when it lost one, and when
 * the order may differ their bytes are kept here, keyed by the object (which travels by
 * reference into the message and its Will), for `inWireOrder` to put back into what is sent.
 */
import type { Packet } from './packets';
import { propertyBlocks, readBlock, varint, u16, type PairBytes } from './packetBytes';

type UserProperties = Record<string, string | string[]>;

/** The User Property entries' bytes in the order they came, and how many pairs they hold. */
const wireOrder = new WeakMap<object, { run: Uint8Array; count: number }>();

const text = new TextDecoder('utf-8', { ignoreBOM: true });

/** Whether the object form may differ from the order on the wire. */
function orderMayBeLost(up: UserProperties): boolean {
  return Object.entries(up).some(([name, v]) => Array.isArray(v) || /^(0|[1-9]\d*)$/.test(name));
}

const pairCount = (up: UserProperties) =>
  Object.values(up).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);

/** After decoding an MQTT 5 PUBLISH or CONNECT (its Will): see the top of this file. */
export function rememberWireOrder(packet: Packet, bodyNow: () => Uint8Array): void {
  const up = (
    packet.cmd === 'publish'
      ? packet.properties?.userProperties
      : packet.cmd === 'connect'
        ? packet.will?.properties?.userProperties
        : undefined
  ) as UserProperties | undefined;
  if (!up) return;
  const body = bodyNow();
  const blocks = propertyBlocks(packet, body);
  const at = packet.cmd === 'publish' ? blocks.own : blocks.will;
  const pairs = at === undefined ? undefined : readBlock(body, at)?.pairs;
  if (!pairs || pairs.length === 0) return;
  const lost = pairs.length !== pairCount(up);
  if (lost) rebuild(up, body, pairs);
  if (!lost && !orderMayBeLost(up)) return;
  const run = new Uint8Array(pairs.reduce((n, p) => n + p.end - p.start, 0));
  let to = 0;
  for (const p of pairs) {
    run.set(body.subarray(p.start, p.end), to);
    to += p.end - p.start;
  }
  wireOrder.set(up, { run, count: pairs.length });
}

/** Refills the object in place (it is referenced from the packet) from the pairs on the wire. */
function rebuild(up: UserProperties, body: Uint8Array, pairs: readonly PairBytes[]): void {
  for (const name of Object.keys(up)) delete up[name];
  for (const p of pairs) {
    const name = text.decode(body.subarray(...p.name));
    const value = text.decode(body.subarray(...p.value));
    const before = up[name];
    up[name] =
      before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
}

/**
 * An encoded PUBLISH with its User Properties in the order they came, if that order was kept;
 * else the bytes unchanged. Only a run of exactly those pairs, of the same length, is replaced.
 */
export function inWireOrder(bytes: Uint8Array, up: object | undefined): Uint8Array {
  const kept = up && wireOrder.get(up);
  if (!kept) return bytes;
  const qos = (bytes[0]! >> 1) & 3;
  let at = varint(bytes, 1)?.next ?? bytes.length;
  at += 2 + u16(bytes, at);
  if (qos > 0) at += 2;
  const pairs = readBlock(bytes, at)?.pairs;
  if (!pairs || pairs.length !== kept.count) return bytes;
  const first = pairs[0]!.start;
  const last = pairs.at(-1)!.end;
  const together = pairs.every((p, i) => i === 0 || p.start === pairs[i - 1]!.end);
  if (!together || last - first !== kept.run.length) return bytes;
  const out = Uint8Array.from(bytes);
  out.set(kept.run, first);
  return out;
}
