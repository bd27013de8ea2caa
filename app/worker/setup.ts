import type { BrokerSetup } from './protocol';

/** The playground starts on the seed's broker: AWS IoT Core. */
export const DEFAULT_SETUP: BrokerSetup = { profile: 'aws', overrides: {}, seed: 1 };
