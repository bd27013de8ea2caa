import fc from 'fast-check';
import { account } from './checks';
import { sequenceArb, type Command, type Variant } from './commands';
import { World } from './world';

/** Runs one sequence to the end and settles it; throws ModelError on the first broken rule. */
export function runSequence(variant: Variant, commands: readonly Command[]): World {
  const world = new World(variant);
  for (const cmd of commands) world.run(cmd);
  world.settle();
  account(world);
  return world;
}

/** Counts across the sequences of one property run. */
export interface Tally {
  sequences: number;
  steps: number;
  deliveries: number;
}

/** The model-based property for one profile variant; `tally` counts what it ran. */
export function modelProperty(
  variant: Variant,
  tally: Tally,
  maxLength = 60,
): fc.IPropertyWithHooks<[Command[]]> {
  return fc.property(sequenceArb(maxLength), (commands) => {
    const world = runSequence(variant, commands);
    tally.sequences++;
    tally.steps += world.steps;
    tally.deliveries += world.deliveries.length;
  });
}
