import type { QoS } from './packets';

/** A client's subscription as the router needs it. */
export interface Subscription {
  filter: string;
  qos: QoS;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
  subscriptionId?: number;
}

interface Node {
  children: Map<string, Node>;
  subs: Map<string, Subscription>;
}

const newNode = (): Node => ({ children: new Map(), subs: new Map() });

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

  add(clientId: string, sub: Subscription): void {
    let node = this.root;
    for (const level of sub.filter.split('/')) {
      let next = node.children.get(level);
      if (!next) {
        next = newNode();
        node.children.set(level, next);
      }
      node = next;
    }
    if (!node.subs.has(clientId)) this.count++;
    node.subs.set(clientId, sub);
  }

  remove(clientId: string, filter: string): boolean {
    const path: Node[] = [this.root];
    const levels = filter.split('/');
    let node = this.root;
    for (const level of levels) {
      const next = node.children.get(level);
      if (!next) return false;
      path.push(next);
      node = next;
    }
    if (!node.subs.delete(clientId)) return false;
    this.count--;
    // Prune empty branches so that the tree does not only grow.
    for (let i = levels.length; i > 0; i--) {
      const n = path[i]!;
      if (n.subs.size || n.children.size) break;
      path[i - 1]!.children.delete(levels[i - 1]!);
    }
    return true;
  }

  /**
   * Calls `visit` for every (client, subscription) whose filter matches `topic`. A client with
   * several matching filters is visited once per filter; the router merges them.
   */
  match(topic: string, visit: (clientId: string, sub: Subscription) => void): void {
    const levels = topic.split('/');
    // [MQTT-4.7.2-1] a '$' topic is not matched by a filter that starts with a wildcard.
    this.walk(this.root, levels, 0, topic.startsWith('$'), visit);
  }

  private walk(
    node: Node,
    levels: string[],
    i: number,
    dollar: boolean,
    visit: (clientId: string, sub: Subscription) => void,
  ): void {
    if (!(dollar && i === 0)) {
      const hash = node.children.get('#');
      if (hash) for (const [id, s] of hash.subs) visit(id, s);
    }
    if (i === levels.length) {
      for (const [id, s] of node.subs) visit(id, s);
      return;
    }
    const exact = node.children.get(levels[i]!);
    if (exact) this.walk(exact, levels, i + 1, dollar, visit);
    if (!(dollar && i === 0)) {
      const plus = node.children.get('+');
      if (plus) this.walk(plus, levels, i + 1, dollar, visit);
    }
  }
}
