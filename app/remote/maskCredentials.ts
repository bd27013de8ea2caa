import type { Packet } from '../broker/packets';

/** What a user name's and a password's bytes read as once masked. */
const MASK = 0x2a; // '*'

/**
 * A CONNECT's bytes with its user name and password overwritten by '*', as long as they were:
 * the event log keeps every byte a client sent, and the inspector's hex dump and the timeline's
 * JSON export show them, but a remote broker's credentials stay in the page's memory only.
 * Both are the last fields of a CONNECT, in 3.1.1 and 5.0 alike: the password last, each after
 * its two-byte length. Other packets, and a CONNECT without credentials, come back as they were.
 */
export function maskCredentials(bytes: Uint8Array, packet: Packet | undefined): Uint8Array {
  if (packet?.cmd !== 'connect') return bytes;
  const password = packet.password?.length ?? 0;
  const user = packet.username === undefined ? 0 : new TextEncoder().encode(packet.username).length;
  if (password === 0 && user === 0) return bytes;
  const masked = bytes.slice();
  let end = masked.length;
  if (packet.password !== undefined) {
    masked.fill(MASK, end - password, end);
    end -= password + 2;
  }
  if (packet.username !== undefined) masked.fill(MASK, end - user, end);
  return masked;
}
