import type { QoS } from './packets';
import { parseSharedFilter } from './topics';

/** A client's subscription as the router needs it. */
export interface Subscription {
  filter: string;
  qos: QoS;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
  subscriptionId?: number;
  /** A 3.1.1 client's `$share/…` taken as the literal filter it is in 3.1.1, not a group. */
  literal?: true;
}

/**
 * The members of one shared subscription (a ShareName on one filter): each message that
 * matches goes to one of them. Members keep the order they joined in; `next` is the
 * round-robin cursor into that order.
 */
export interface ShareGroup {
  /** The filter as subscribed, `$share/{group}/{filter}`. */
  readonly shareFilter: string;
  readonly members: Map<string, Subscription>;
  next: number;
}

interface Node {
  children: Map<string, Node>;
  subs: Map<string, Subscription>;
  /** Shared subscriptions on this node's filter, by ShareName. */
  groups: Map<string, ShareGroup>;
}

const newNode = (): Node => ({ children: new Map(), subs: new Map(), groups: new Map() });

/**
 * The subscriptions of every session, as a tree of topic levels, so that routing a message
 * walks the levels of its topic instead of testing every filter.
 */
export class SubscriptionTree {
  private readonly root = newNode();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Nodes in the tree, root included: pruning keeps this to what live filters need. */
  nodeCount(): number {
    let n = 0;
    const stack = [this.root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      n++;
      for (const child of node.children.values()) stack.push(child);
    }
    return n;
  }

  /** Adds or replaces a subscription; a `$share/...` one joins its group on the inner filter. */
  add(clientId: string, sub: Subscription): void {
    const shared = sub.literal ? undefined : parseSharedFilter(sub.filter);
    let node = this.root;
    for (const level of (shared?.filter ?? sub.filter).split('/')) {
      let next = node.children.get(level);
      if (!next) {
        next = newNode();
        node.children.set(level, next);
      }
      node = next;
    }
    if (shared) {
      let group = node.groups.get(shared.group);
      if (!group) {
        group = { shareFilter: sub.filter, members: new Map(), next: 0 };
        node.groups.set(shared.group, group);
      }
      if (!group.members.has(clientId)) this.count++;
      group.members.set(clientId, sub);
      return;
    }
    if (!node.subs.has(clientId)) this.count++;
    node.subs.set(clientId, sub);
  }

  /** Removes a subscription; `literal` as the subscription was added. */
  remove(clientId: string, filter: string, literal = false): boolean {
    const path: Node[] = [this.root];
    const shared = literal ? undefined : parseSharedFilter(filter);
    const levels = (shared?.filter ?? filter).split('/');
    let node = this.root;
    for (const level of levels) {
      const next = node.children.get(level);
      if (!next) return false;
      path.push(next);
      node = next;
    }
    if (shared) {
      const group = node.groups.get(shared.group);
      if (!group?.members.delete(clientId)) return false;
      if (group.members.size === 0) node.groups.delete(shared.group);
    } else if (!node.subs.delete(clientId)) return false;
    this.count--;
    // Prune empty branches so that the tree does not only grow.
    for (let i = levels.length; i > 0; i--) {
      const n = path[i]!;
      if (n.subs.size || n.groups.size || n.children.size) break;
      path[i - 1]!.children.delete(levels[i - 1]!);
    }
    return true;
  }

  /**
   * Calls `visit` for every (client, subscription) whose filter matches `topic`. A client with
   * several matching filters is visited once per filter; the router merges them. Every shared
   * group whose filter matches is passed to `visitGroup` once; the router picks its member.
   */
  match(
    topic: string,
    visit: (clientId: string, sub: Subscription) => void,
    visitGroup?: (group: ShareGroup) => void,
  ): void {
    const levels = topic.split('/');
    // [MQTT-4.7.2-1, 3.1.1/5.0] a '$' topic is not matched by a filter that starts with a wildcard.
    this.walk(this.root, levels, 0, topic.startsWith('$'), { visit, visitGroup });
  }

  private walk(node: Node, levels: string[], i: number, dollar: boolean, v: Visitors): void {
    if (!(dollar && i === 0)) {
      const hash = node.children.get('#');
      if (hash) visitNode(hash, v);
    }
    if (i === levels.length) {
      visitNode(node, v);
      return;
    }
    const exact = node.children.get(levels[i]!);
    if (exact) this.walk(exact, levels, i + 1, dollar, v);
    if (!(dollar && i === 0)) {
      const plus = node.children.get('+');
      if (plus) this.walk(plus, levels, i + 1, dollar, v);
    }
  }
}

interface Visitors {
  visit: (clientId: string, sub: Subscription) => void;
  visitGroup: ((group: ShareGroup) => void) | undefined;
}

function visitNode(node: Node, v: Visitors): void {
  for (const [id, s] of node.subs) v.visit(id, s);
  if (v.visitGroup) for (const group of node.groups.values()) v.visitGroup(group);
}
