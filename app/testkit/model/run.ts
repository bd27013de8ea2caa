import fc from 'fast-check';
import { account } from './checks';
import { sequenceArb, type Command, type Variant } from './commands';
import { World } from './world';

/** Runs one sequence to the end and settles it; throws ModelError on the first broken rule. */
export function runSequence(variant: Variant, commands: readonly Command[], seed = 1): World {
  const world = new World(variant, seed);
  for (const cmd of commands) world.run(cmd);
  world.settle();
  account(world);
  return world;
}

/** Counts across the sequences of one property run. */
export interface Tally {
  sequences: number;
  steps: number;
  /** (message, session) pairs routed, and how they ended. */
  deliveries: number;
  received: number;
  dropped: Record<string, number>;
}

export const emptyTally = (): Tally => ({
  sequences: 0,
  steps: 0,
  deliveries: 0,
  received: 0,
  dropped: {},
});

function count(tally: Tally, world: World): void {
  tally.sequences++;
  tally.steps += world.steps;
  tally.deliveries += world.deliveries.length;
  for (const d of world.deliveries) {
    if (world.receiver.receipts.get(`${d.clientId}|${d.payload}`)?.length) tally.received++;
  }
  for (const reasons of world.events.drops.values()) {
    for (const { reason } of reasons) tally.dropped[reason] = (tally.dropped[reason] ?? 0) + 1;
  }
}

/**
 * The model-based property for one profile variant: a broker seed (it draws the AWS expiry
 * jitter) and a sequence of commands. `tally` counts what it ran.
 */
export function modelProperty(
  variant: Variant,
  tally: Tally,
  maxLength = 60,
): fc.IPropertyWithHooks<[number, Command[]]> {
  return fc.property(fc.nat(), sequenceArb(maxLength), (seed, commands) => {
    count(tally, runSequence(variant, commands, seed));
  });
}
