import type { BrokerEvent, DropReason } from '../broker';

/** A point a token passes through, named by what it is rather than where (layouts change). */
export type Waypoint =
  | { at: 'node' | 'outer' | 'spine'; id: string; lane: 'in' | 'out' }
  | { at: 'inner' | 'head' | 'tail' | 'below'; id: string }
  | { at: 'router' };

/** What a token is, which sets its colour and shape. */
export type FlightKind =
  'publish' | 'live' | 'store' | 'replay' | 'resent' | 'dropped' | 'acked' | 'control' | 'will';

export interface Flight {
  kind: FlightKind;
  route: Waypoint[];
  /** Wall-clock ms it sets off, and how long it takes. */
  start: number;
  duration: number;
  /** Messages it stands for (a stack when more than one). */
  count: number;
  label?: string;
  /** The event to open in the inspector when the token is clicked. */
  seq: number;
  /** The queue it lands in, and the messages that arrive with it. */
  lands?: { id: string; msgIds: number[] };
}

/** How long each kind of trip takes at full motion, wall ms. */
const TRIP: Record<FlightKind, number> = {
  publish: 420,
  live: 650,
  store: 520,
  replay: 620,
  resent: 620,
  dropped: 900,
  acked: 420,
  control: 420,
  will: 650,
};

/** With reduced motion a token does not glide: it shows at its destination this long. */
const JUMP_MS = 450;
/** Tokens set off one after another within a batch, this far apart at most... */
const STAGGER_MS = 40;
/** ...and a batch's tokens on one path spread over this long at most. */
const SPREAD_MS = 700;
/** Single tokens per path per batch; the rest travel as one stack with a count. */
const SINGLES = 24;
/**
 * Tokens in the air at once, over all paths; past it new ones join stacks. Each is drawn every
 * frame it flies: in a burst of thousands the stage draws this many, not more, and a line of
 * 96 tokens along three paths reads as well as one of 320 did.
 */
export const IN_AIR = 96;
/** Stacks in the air beside them at most (one per path: a burst over many paths). */
export const MAX_STACKS = 64;

const DROP_LABEL: Partial<Record<DropReason, string>> = {
  'qos0-while-away': 'QoS 0: not stored',
  'queue-full': 'store full',
  'broker-store-full': 'broker store full',
  'oldest-evicted': 'oldest dropped',
  expired: 'expired',
  'no-subscriber': 'no subscriber',
  'not-authorized': 'not authorized',
  'too-large-for-client': 'too large',
  'rejected-by-client': 'rejected',
};

interface Pending {
  key: string;
  flight: Omit<Flight, 'start' | 'duration' | 'count'>;
  /** Waits for an earlier leg of the same message (publisher → router) to arrive. */
  after: number;
  msgIds: number[];
}

/**
 * The tokens in the air, made from broker events as they arrive: each message travels from its
 * publisher to the router, then into a session's store or on to its subscriber; stored messages
 * leave the store when the broker sends them; control packets hop along a client's wire. Motion
 * is in wall time, so a burst made in one simulated instant is still watchable; the order and the
 * pace (the replay's 10 per second at 1×) are the simulation's.
 */
export class Flights {
  private flights: Flight[] = [];
  /** The stack each path has on its way, by the launch's group key: later batches join it. */
  private readonly stacks = new Map<string, Flight>();
  private readonly publisher = new Map<number, string>();
  private readonly stored = new Set<string>();

  constructor(private motion = true) {}

  setMotion(on: boolean): void {
    this.motion = on;
  }

  reset(): void {
    this.flights = [];
    this.publisher.clear();
    this.stored.clear();
    this.stacks.clear();
  }

  /** Turns a batch of events into tokens setting off at `wall`. */
  ingest(events: readonly BrokerEvent[], wall: number, control: boolean): void {
    const pending: Pending[] = [];
    const published = new Set<number>();
    const push = (key: string, flight: Pending['flight'], after = 0, msgIds: number[] = []) =>
      pending.push({ key, flight, after, msgIds });
    for (const e of events) {
      switch (e.type) {
        case 'message.published': {
          this.publisher.set(e.msgId, e.clientId);
          if (this.publisher.size > 20_000) this.forgetOldest();
          published.add(e.msgId);
          if (e.will) break;
          push(`pub:${e.clientId}`, {
            kind: 'publish',
            route: [
              { at: 'node', id: e.clientId, lane: 'in' },
              { at: 'outer', id: e.clientId, lane: 'in' },
              { at: 'spine', id: e.clientId, lane: 'in' },
            ],
            seq: e.seq,
          });
          break;
        }
        case 'will.published':
          push(`will:${e.clientId}`, {
            kind: 'will',
            route: [
              { at: 'outer', id: e.clientId, lane: 'in' },
              { at: 'spine', id: e.clientId, lane: 'in' },
            ],
            label: 'Will',
            seq: e.seq,
          });
          break;
        case 'message.stored': {
          const key = `${e.msgId}:${e.clientId}`;
          // A message kept unacknowledged is already in the queue: it does not travel again.
          if (e.reason === 'unacknowledged' || this.stored.has(key)) {
            this.stored.add(key);
            break;
          }
          this.stored.add(key);
          const from = this.publisher.get(e.msgId);
          push(
            `store:${from}>${e.clientId}`,
            {
              kind: 'store',
              route: [
                ...fromRouter(from),
                { at: 'spine', id: e.clientId, lane: 'out' },
                { at: 'tail', id: e.clientId },
              ],
              seq: e.seq,
            },
            published.has(e.msgId) ? TRIP.publish : 0,
            [e.msgId],
          );
          break;
        }
        case 'message.sent':
        case 'message.resent': {
          const key = `${e.msgId}:${e.clientId}`;
          const wasStored = this.stored.delete(key);
          const resent = e.type === 'message.resent';
          const toClient: Waypoint[] = [
            { at: 'outer', id: e.clientId, lane: 'out' },
            { at: 'node', id: e.clientId, lane: 'out' },
          ];
          if (resent) this.stored.add(key);
          else if (e.qos > 0) this.stored.add(key); // in flight until acknowledged
          if (wasStored || resent || (e.type === 'message.sent' && e.replay)) {
            push(`out:${e.clientId}:${resent ? 'dup' : 'q'}`, {
              kind: resent ? 'resent' : 'replay',
              route: [{ at: 'head', id: e.clientId }, ...toClient],
              seq: e.seq,
              ...(resent && e.dup ? { label: 'DUP' } : {}),
            });
          } else {
            const from = this.publisher.get(e.msgId);
            push(
              `live:${from}>${e.clientId}`,
              {
                kind: 'live',
                route: [
                  ...fromRouter(from),
                  { at: 'spine', id: e.clientId, lane: 'out' },
                  { at: 'inner', id: e.clientId },
                  { at: 'head', id: e.clientId },
                  ...toClient,
                ],
                seq: e.seq,
              },
              published.has(e.msgId) ? TRIP.publish : 0,
            );
          }
          break;
        }
        case 'message.acknowledged':
          this.stored.delete(`${e.msgId}:${e.clientId}`);
          if (control) {
            push(`ack:${e.clientId}`, {
              kind: 'control',
              route: [
                { at: 'node', id: e.clientId, lane: 'in' },
                { at: 'outer', id: e.clientId, lane: 'in' },
              ],
              label: e.qos === 2 ? 'PUBREC' : 'PUBACK',
              seq: e.seq,
            });
          }
          break;
        case 'message.dropped': {
          const key = `${e.msgId}:${e.clientId}`;
          const wasHeld = this.stored.delete(key);
          if (e.reason === 'session-expired' || e.reason === 'session-discarded') break;
          const label = DROP_LABEL[e.reason] ?? e.reason;
          if (e.clientId === undefined) {
            push(`drop:${e.reason}`, {
              kind: 'dropped',
              route: [{ at: 'router' }, { at: 'below', id: '' }],
              label,
              seq: e.seq,
            });
            break;
          }
          const from = this.publisher.get(e.msgId);
          push(
            `drop:${e.clientId}:${e.reason}`,
            {
              kind: 'dropped',
              route: wasHeld
                ? [
                    { at: 'head', id: e.clientId },
                    { at: 'below', id: e.clientId },
                  ]
                : [
                    ...fromRouter(from),
                    { at: 'spine', id: e.clientId, lane: 'out' },
                    { at: 'inner', id: e.clientId },
                    { at: 'below', id: e.clientId },
                  ],
              label,
              seq: e.seq,
            },
            published.has(e.msgId) ? TRIP.publish : 0,
          );
          break;
        }
        case 'connect.received':
          if (control) hop(push, e.clientId, 'in', 'CONNECT', e.seq);
          break;
        case 'connack.sent':
          if (control)
            hop(
              push,
              e.assignedClientId ?? e.clientId,
              'out',
              e.code === 0 ? `CONNACK SP=${e.sessionPresent ? 1 : 0}` : `CONNACK ${e.code}`,
              e.seq,
            );
          break;
        case 'subscription.added':
          if (control) hop(push, e.clientId, 'in', 'SUBSCRIBE', e.seq);
          break;
        case 'connection.closed':
          if (control && e.clientId && e.reason === 'client-disconnect')
            hop(push, e.clientId, 'in', 'DISCONNECT', e.seq);
          break;
        case 'session.expired':
        case 'session.discarded':
          for (const key of this.stored)
            if (key.endsWith(`:${e.clientId}`)) this.stored.delete(key);
          break;
        default:
          break;
      }
    }
    this.launch(pending, wall);
  }

  /** Sets the batch's tokens off: one after another on each path, stacks past `SINGLES`. */
  private launch(pending: Pending[], wall: number): void {
    const groups = new Map<string, Pending[]>();
    for (const p of pending) {
      const key = `${p.key}|${p.flight.kind}|${p.flight.label ?? ''}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(p);
    }
    for (const [key, g] of groups) {
      const room = Math.max(0, IN_AIR - this.flights.length);
      const singles = Math.min(g.length, SINGLES, room);
      const gap = Math.min(STAGGER_MS, SPREAD_MS / Math.max(1, Math.min(g.length, SINGLES)));
      for (let i = 0; i < singles; i++) this.add(g[i]!, wall + i * gap, 1, g[i]!.msgIds);
      const rest = g.slice(singles);
      if (rest.length === 0) continue;
      const msgIds = rest.flatMap((p) => p.msgIds);
      // A stack still on its way along this path takes the rest: one stack per path, however
      // many batches a burst comes in.
      const open = this.stacks.get(key);
      if (open && open.start + (open.duration || JUMP_MS) > wall) {
        open.count += rest.length;
        open.label = stackLabel(g[0]!.flight.label, open.count);
        open.lands?.msgIds.push(...msgIds);
        continue;
      }
      // With as many stacks as the stage can draw (a burst over hundreds of paths), the rest go
      // to their place without a token: the counts and the queue have them all the same.
      if (this.flights.length >= IN_AIR + MAX_STACKS) continue;
      this.stacks.set(key, this.add(rest[0]!, wall + singles * gap, rest.length, msgIds));
    }
    for (const [key, f] of this.stacks)
      if (f.start + (f.duration || JUMP_MS) <= wall) this.stacks.delete(key);
  }

  private add(p: Pending, start: number, count: number, msgIds: number[]): Flight {
    const moving = this.motion;
    const lands = p.flight.kind === 'store' && p.flight.route.at(-1)?.at === 'tail';
    const last = p.flight.route.at(-1);
    const flight: Flight = {
      ...p.flight,
      ...(count > 1 ? { label: stackLabel(p.flight.label, count) } : {}),
      start: moving ? start + p.after : start,
      duration: moving ? TRIP[p.flight.kind] : 0,
      count,
      ...(lands && last && 'id' in last ? { lands: { id: last.id, msgIds } } : {}),
    };
    this.flights.push(flight);
    return flight;
  }

  /** The tokens to draw at `wall`, with how far along their route each is (0..1). */
  active(wall: number): { flight: Flight; progress: number }[] {
    const out: { flight: Flight; progress: number }[] = [];
    let keep = 0;
    for (const f of this.flights) {
      const end = f.start + (f.duration || JUMP_MS);
      if (wall >= end) continue;
      this.flights[keep++] = f;
      if (wall < f.start) continue;
      out.push({ flight: f, progress: f.duration ? (wall - f.start) / f.duration : 1 });
    }
    this.flights.length = keep;
    return out;
  }

  /** A CONNACK still on its way to this client: its sessionPresent badge arrives with it. */
  connackAhead(id: string): boolean {
    for (const f of this.flights) {
      if (f.duration > 0 && f.label?.startsWith('CONNACK') && f.route.at(-1)?.at === 'node') {
        const last = f.route.at(-1)!;
        if ('id' in last && last.id === id) return true;
      }
    }
    return false;
  }

  /** Messages still on their way into a session's store: the queue does not show them yet. */
  arriving(id: string): Set<number> {
    return this.allArriving().get(id) ?? new Set();
  }

  /** `arriving` for every session at once: one pass over the tokens, for a frame. */
  allArriving(): Map<string, Set<number>> {
    const out = new Map<string, Set<number>>();
    for (const f of this.flights) {
      if (!f.lands || f.duration === 0) continue;
      let set = out.get(f.lands.id);
      if (!set) out.set(f.lands.id, (set = new Set()));
      for (const m of f.lands.msgIds) set.add(m);
    }
    return out;
  }

  get size(): number {
    return this.flights.length;
  }

  private forgetOldest(): void {
    let n = this.publisher.size - 10_000;
    for (const id of this.publisher.keys()) {
      if (n-- <= 0) break;
      this.publisher.delete(id);
    }
  }
}

/** Where a routed message starts: the router at its publisher's row (or the router's top). */
function fromRouter(publisher: string | undefined): Waypoint[] {
  return publisher === undefined
    ? [{ at: 'router' }]
    : [{ at: 'spine', id: publisher, lane: 'in' }];
}

function hop(
  push: (key: string, flight: Pending['flight']) => void,
  id: string,
  lane: 'in' | 'out',
  label: string,
  seq: number,
): void {
  const route: Waypoint[] =
    lane === 'in'
      ? [
          { at: 'node', id, lane },
          { at: 'outer', id, lane },
        ]
      : [
          { at: 'outer', id, lane },
          { at: 'node', id, lane },
        ];
  push(`ctl:${id}:${label}`, { kind: 'control', route, label, seq });
}

/** A stack's words: what its tokens are (a packet's name, a drop's reason), and how many. */
function stackLabel(label: string | undefined, count: number): string {
  return label ? `${label} ×${count}` : `×${count}`;
}
