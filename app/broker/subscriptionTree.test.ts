import { describe, expect, it } from 'vitest';
import type { QoS } from './packets';
import { createRandom } from './random';
import { SubscriptionTree, type Subscription } from './subscriptionTree';
import { topicMatches } from './topics';

const sub = (filter: string, qos: QoS = 1): Subscription => ({
  filter,
  qos,
  noLocal: false,
  retainAsPublished: false,
  retainHandling: 0,
});

/** Every (client, filter) the tree visits for a topic, sorted, so order does not matter. */
function matches(tree: SubscriptionTree, topic: string): string[] {
  const out: string[] = [];
  tree.match(topic, (clientId, s) => out.push(`${clientId} ${s.filter}`));
  return out.sort();
}

describe('SubscriptionTree', () => {
  it('starts empty and matches nothing', () => {
    const tree = new SubscriptionTree();
    expect(tree.size).toBe(0);
    expect(matches(tree, 'a/b')).toEqual([]);
    expect(tree.nodeCount()).toBe(1);
  });

  it('adds subscriptions and visits each matching (client, filter) once', () => {
    const tree = new SubscriptionTree();
    tree.add('c1', sub('a/b'));
    tree.add('c1', sub('a/#'));
    tree.add('c2', sub('a/+'));
    tree.add('c3', sub('b/#'));
    expect(tree.size).toBe(4);
    expect(matches(tree, 'a/b')).toEqual(['c1 a/#', 'c1 a/b', 'c2 a/+']);
    expect(matches(tree, 'a')).toEqual(['c1 a/#']);
    expect(matches(tree, 'a/c/d')).toEqual(['c1 a/#']);
    expect(matches(tree, 'b')).toEqual(['c3 b/#']);
    expect(matches(tree, 'c')).toEqual([]);
  });

  it('replaces the subscription of a client on the same filter instead of adding one', () => {
    const tree = new SubscriptionTree();
    tree.add('c1', sub('a/b', 0));
    tree.add('c1', sub('a/b', 2));
    expect(tree.size).toBe(1);
    const seen: QoS[] = [];
    tree.match('a/b', (_id, s) => seen.push(s.qos));
    expect(seen).toEqual([2]);
  });

  it('keeps the same filter of two clients apart', () => {
    const tree = new SubscriptionTree();
    tree.add('c1', sub('a/b'));
    tree.add('c2', sub('a/b'));
    expect(tree.size).toBe(2);
    expect(tree.remove('c1', 'a/b')).toBe(true);
    expect(matches(tree, 'a/b')).toEqual(['c2 a/b']);
  });

  it('removes a subscription and reports whether there was one', () => {
    const tree = new SubscriptionTree();
    tree.add('c1', sub('a/b'));
    expect(tree.remove('c1', 'a/c')).toBe(false);
    expect(tree.remove('c2', 'a/b')).toBe(false);
    expect(tree.remove('c1', 'a/b/c')).toBe(false);
    expect(tree.remove('c1', 'a')).toBe(false);
    expect(tree.size).toBe(1);
    expect(tree.remove('c1', 'a/b')).toBe(true);
    expect(tree.remove('c1', 'a/b')).toBe(false);
    expect(tree.size).toBe(0);
    expect(matches(tree, 'a/b')).toEqual([]);
  });

  it('prunes the branch of a removed subscription back to the root', () => {
    const tree = new SubscriptionTree();
    tree.add('c1', sub('a/b/c/d'));
    expect(tree.nodeCount()).toBe(5);
    tree.remove('c1', 'a/b/c/d');
    expect(tree.nodeCount()).toBe(1);
  });

  it('prunes only the empty part of a branch', () => {
    const tree = new SubscriptionTree();
    tree.add('c1', sub('a'));
    tree.add('c1', sub('a/b/c'));
    tree.add('c2', sub('a/x'));
    expect(tree.nodeCount()).toBe(5); // root, a, a/b, a/b/c, a/x
    tree.remove('c1', 'a/b/c');
    expect(tree.nodeCount()).toBe(3); // root, a, a/x
    expect(matches(tree, 'a')).toEqual(['c1 a']);
    expect(matches(tree, 'a/x')).toEqual(['c2 a/x']);
    tree.remove('c2', 'a/x');
    expect(tree.nodeCount()).toBe(2);
    tree.remove('c1', 'a');
    expect(tree.nodeCount()).toBe(1);
  });

  it('keeps an inner node that still has children when its own subscription goes', () => {
    const tree = new SubscriptionTree();
    tree.add('c1', sub('a/b'));
    tree.add('c1', sub('a/b/c'));
    tree.remove('c1', 'a/b');
    expect(tree.nodeCount()).toBe(4);
    expect(matches(tree, 'a/b/c')).toEqual(['c1 a/b/c']);
    expect(matches(tree, 'a/b')).toEqual([]);
  });

  it('keeps a node that another client still uses', () => {
    const tree = new SubscriptionTree();
    tree.add('c1', sub('a/+'));
    tree.add('c2', sub('a/+'));
    tree.remove('c1', 'a/+');
    expect(tree.nodeCount()).toBe(3);
    expect(matches(tree, 'a/z')).toEqual(['c2 a/+']);
  });

  it('[MQTT-4.7.1-2, 3.1.1] a/# matches a, and # matches every level below', () => {
    const tree = new SubscriptionTree();
    tree.add('c', sub('a/#'));
    expect(matches(tree, 'a')).toEqual(['c a/#']);
    expect(matches(tree, 'a/')).toEqual(['c a/#']);
    expect(matches(tree, 'a/b/c/d')).toEqual(['c a/#']);
    expect(matches(tree, 'ab')).toEqual([]);
  });

  it('[MQTT-4.7.1-3] + matches exactly one level, empty or not', () => {
    const tree = new SubscriptionTree();
    tree.add('c', sub('a/+/c'));
    expect(matches(tree, 'a/b/c')).toEqual(['c a/+/c']);
    expect(matches(tree, 'a//c')).toEqual(['c a/+/c']);
    expect(matches(tree, 'a/c')).toEqual([]);
    expect(matches(tree, 'a/b/x/c')).toEqual([]);
  });

  it('[MQTT-4.7.2-1, 3.1.1/5.0] $ topics are not matched by filters starting with a wildcard', () => {
    const tree = new SubscriptionTree();
    tree.add('all', sub('#'));
    tree.add('plus', sub('+/monitor/Clients'));
    tree.add('plusHash', sub('+/#'));
    tree.add('sys', sub('$SYS/#'));
    tree.add('sysPlus', sub('$SYS/+/Clients'));
    expect(matches(tree, '$SYS/monitor/Clients')).toEqual(['sys $SYS/#', 'sysPlus $SYS/+/Clients']);
    expect(matches(tree, 'x/monitor/Clients')).toEqual([
      'all #',
      'plus +/monitor/Clients',
      'plusHash +/#',
    ]);
    // A '$' below the first level is an ordinary character.
    expect(matches(tree, 'x/$SYS')).toEqual(['all #', 'plusHash +/#']);
  });
});

// --- The tree against topicMatches, the reference model ------------------------------------

const FILTERS = [
  '#',
  '+',
  '+/+',
  '+/#',
  '/#',
  '/+',
  'a',
  'a/',
  'a/#',
  'a/+',
  'a/+/#',
  'a/+/c',
  'a/b',
  'a/b/#',
  'a/b/c',
  'a//c',
  '+/b/+',
  '+/+/+',
  '$SYS/#',
  '$SYS/+',
  '$SYS/a/b',
  '$x',
];
const TOPICS = [
  'a',
  'a/',
  '/',
  '/a',
  'a/b',
  'a/c',
  'a/b/c',
  'a//c',
  'a/b/c/d',
  'b',
  'b/b/b',
  'x/b/y',
  '$SYS',
  '$SYS/a',
  '$SYS/a/b',
  '$x',
  '$x/a',
  'a/$SYS',
];

/** What the tree should answer: every filter of `subs` that topicMatches accepts. */
function reference(subs: Map<string, Set<string>>, topic: string): string[] {
  const out: string[] = [];
  for (const [client, filters] of subs) {
    for (const f of filters) if (topicMatches(f, topic)) out.push(`${client} ${f}`);
  }
  return out.sort();
}

describe('SubscriptionTree and topicMatches agree', () => {
  it('on every filter × topic of the table', () => {
    const tree = new SubscriptionTree();
    FILTERS.forEach((f, i) => tree.add(`c${i}`, sub(f)));
    for (const topic of TOPICS) {
      const expected = FILTERS.flatMap((f, i) => (topicMatches(f, topic) ? [`c${i} ${f}`] : []));
      expect(matches(tree, topic), topic).toEqual(expected.sort());
    }
  });

  /** Seeded random add/remove sequences; a seed that ever fails is to be kept as a named case. */
  function randomRun(seed: number, steps: number): void {
    const rnd = createRandom(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const clients = ['c1', 'c2', 'c3'];
    const tree = new SubscriptionTree();
    const model = new Map<string, Set<string>>(clients.map((c) => [c, new Set()]));
    for (let step = 0; step < steps; step++) {
      const client = pick(clients);
      const filter = pick(FILTERS);
      const owned = model.get(client)!;
      if (rnd() < 0.6) {
        tree.add(client, sub(filter));
        owned.add(filter);
      } else {
        expect(tree.remove(client, filter), `seed ${seed} step ${step}`).toBe(owned.has(filter));
        owned.delete(filter);
      }
      const total = [...model.values()].reduce((n, s) => n + s.size, 0);
      expect(tree.size, `seed ${seed} step ${step}`).toBe(total);
      const topic = pick(TOPICS);
      expect(matches(tree, topic), `seed ${seed} step ${step} topic ${topic}`).toEqual(
        reference(model, topic),
      );
    }
    // Removing everything leaves the root alone: no branch is left behind.
    for (const [client, filters] of model) {
      for (const f of filters) expect(tree.remove(client, f)).toBe(true);
    }
    expect(tree.size).toBe(0);
    expect(tree.nodeCount()).toBe(1);
  }

  it('over 50 seeded random sequences of add and remove', () => {
    for (let seed = 1; seed <= 50; seed++) randomRun(seed, 200);
  });
});
