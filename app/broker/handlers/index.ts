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

/** Sends each packet to its handler; every command is named, and the compiler checks it. */
export function dispatch(ctx: BrokerContext, conn: Connection, packet: Packet): void {
  if (packet.cmd === 'connect') {
    handleConnect(ctx, conn, packet);
    return;
  }
  if (conn.state !== 'open') {
    // [MQTT-3.1.0-1] the first packet must be CONNECT.
    conn.fail(`${packet.cmd} before CONNECT`, RC.protocolError);
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
