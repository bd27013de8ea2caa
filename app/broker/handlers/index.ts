import type { Connection } from '../connection';
import type { BrokerContext } from '../context';
import { RC, type Packet } from '../packets';
import { handleAuth } from './auth';
import { handleConnect } from './connect';
import { handleDisconnect } from './disconnect';
import { handlePingreq } from './pingreq';
import { handlePuback } from './puback';
import { handlePubcomp } from './pubcomp';
import { handlePublish } from './publish';
import { handlePubrec } from './pubrec';
import { handlePubrel } from './pubrel';
import { handleSubscribe } from './subscribe';
import { handleUnsubscribe } from './unsubscribe';

const ACKS: ReadonlySet<Packet['cmd']> = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp']);
const validId = (id: number | undefined) => Number.isInteger(id) && id! >= 1 && id! <= 65_535;

/**
 * [MQTT-2.2.1-3] / [MQTT-2.3.1-1] packets that carry a packet id carry a non-zero one. An ack
 * without one is malformed (the parser reads -1 there).
 */
function packetIdError(packet: Packet): { message: string; code: number } | undefined {
  const id = packet.messageId;
  const needsId =
    (packet.cmd === 'publish' && packet.qos > 0) ||
    packet.cmd === 'subscribe' ||
    packet.cmd === 'unsubscribe';
  if (needsId && !validId(id))
    return { message: `${packet.cmd} with packet id ${String(id)}`, code: RC.protocolError };
  if (ACKS.has(packet.cmd) && !validId(id)) {
    return { message: `${packet.cmd} without a valid packet id`, code: RC.malformedPacket };
  }
  return undefined;
}

/**
 * MQTT 5 (2.2.2.2): every property but User Property may appear at most once in a packet from
 * a client ("It is a Protocol Error to include ... more than once"). mqtt-packet turns a
 * repeated property into an array, which the handlers would otherwise take for a number: a
 * CONNECT with two Session Expiry Intervals made a session with a NaN expiry. Found by fuzzing.
 */
function repeatedProperty(packet: Packet): string | undefined {
  const blocks: unknown[] = [
    'properties' in packet ? packet.properties : undefined,
    packet.cmd === 'connect' ? packet.will?.properties : undefined,
  ];
  for (const block of blocks) {
    if (!block || typeof block !== 'object') continue;
    for (const [name, value] of Object.entries(block)) {
      if (name !== 'userProperties' && Array.isArray(value)) return name;
    }
  }
  return undefined;
}

/** Sends each packet to its handler; every command is named, and the compiler checks it. */
export function dispatch(ctx: BrokerContext, conn: Connection, packet: Packet): void {
  const repeated = repeatedProperty(packet);
  if (repeated !== undefined) {
    conn.fail(`${packet.cmd} with the property ${repeated} more than once`, RC.protocolError);
    return;
  }
  if (packet.cmd === 'connect') {
    handleConnect(ctx, conn, packet);
    return;
  }
  if (conn.state !== 'open') {
    // [MQTT-3.1.0-1, 3.1.1/5.0] the first packet must be CONNECT.
    conn.fail(`${packet.cmd} before CONNECT`, RC.protocolError);
    return;
  }
  const idError = packetIdError(packet);
  if (idError) {
    conn.fail(idError.message, idError.code);
    return;
  }
  if (packet.cmd === 'publish' && packet.qos === 0 && packet.dup) {
    // [MQTT-3.3.1-2, 3.1.1/5.0] DUP is 0 on every QoS 0 PUBLISH (mqtt-packet reads the flag as given).
    conn.fail('QoS 0 PUBLISH with DUP 1', RC.malformedPacket);
    return;
  }
  switch (packet.cmd) {
    case 'publish':
      return handlePublish(ctx, conn, packet);
    case 'puback':
      return handlePuback(ctx, conn, packet);
    case 'pubrec':
      return handlePubrec(ctx, conn, packet);
    case 'pubrel':
      return handlePubrel(ctx, conn, packet);
    case 'pubcomp':
      return handlePubcomp(ctx, conn, packet);
    case 'subscribe':
      return handleSubscribe(ctx, conn, packet);
    case 'unsubscribe':
      return handleUnsubscribe(ctx, conn, packet);
    case 'pingreq':
      return handlePingreq(ctx, conn);
    case 'disconnect':
      return handleDisconnect(ctx, conn, packet);
    case 'auth':
      return handleAuth(ctx, conn);
    case 'connack':
    case 'suback':
    case 'unsuback':
    case 'pingresp':
      // Packets only a server sends.
      return conn.fail(`${packet.cmd} sent by a client`, RC.protocolError);
    default: {
      const unknown: never = packet;
      return conn.fail(`unknown packet ${String((unknown as Packet).cmd)}`, RC.protocolError);
    }
  }
}
