import { readFileSync } from 'node:fs';
import { brokerUrlError, type BrokerAddress } from './netTarget';

/** The command-line flags that say how to reach a broker (shared by the scenario and the check). */
export const BROKER_FLAGS = {
  username: { type: 'string' },
  password: { type: 'string' },
  ca: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const BROKER_FLAGS_HELP = `  --username NAME     user name for the broker
  --password SECRET   password (or set MQTT_PASSWORD, which keeps it out of the shell history)
  --ca FILE           PEM certificate of the authority to trust, for mqtts:// and wss://
  --timeout S         seconds to wait for the broker to answer a connect (default 10)`;

export interface BrokerSettings {
  address: BrokerAddress;
  timeoutMs: number;
}

/**
 * Reads the broker URL and its flags; a message naming the flag when one is wrong. The password
 * may come from MQTT_PASSWORD (`env`), so that it stays out of the shell history.
 */
export function brokerSettings(
  url: string,
  values: { username?: string; password?: string; ca?: string; timeout?: string },
  env: Readonly<Record<string, string | undefined>> = {},
): BrokerSettings | { error: string } {
  const urlError = brokerUrlError(url);
  if (urlError) return { error: urlError };
  let ca: string | undefined;
  if (values.ca !== undefined) {
    try {
      ca = readFileSync(values.ca, 'utf8');
    } catch (e) {
      return {
        error: `--ca: cannot read ${values.ca} (${(e as NodeJS.ErrnoException).code ?? e})`,
      };
    }
  }
  let timeoutMs = 10_000;
  if (values.timeout !== undefined) {
    const s = Number(values.timeout);
    if (!/^\d+(\.\d+)?$/.test(values.timeout) || s <= 0 || s > 600)
      return { error: `--timeout: '${values.timeout}' is not a number of seconds (0 to 600)` };
    timeoutMs = s * 1000;
  }
  const password = values.password ?? env.MQTT_PASSWORD;
  return {
    address: {
      url,
      ...(values.username !== undefined ? { username: values.username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(ca !== undefined ? { ca } : {}),
    },
    timeoutMs,
  };
}
