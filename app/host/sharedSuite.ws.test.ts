import { runSharedSuite } from '../testkit/sharedSuite';
import { createHostEnv } from './testing/hostEnv';

runSharedSuite('WebSocket to the Node host', (options) => createHostEnv('ws', options));
