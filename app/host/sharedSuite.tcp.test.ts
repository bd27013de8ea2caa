import { runSharedSuite } from '../testkit/sharedSuite';
import { createHostEnv } from './testing/hostEnv';

runSharedSuite('TCP to the Node host', (options) => createHostEnv('tcp', options));
