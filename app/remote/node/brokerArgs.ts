import { readFileSync } from 'node:fs';
import type { NamingRoots } from '../naming';
import { brokerUrlError, type BrokerAddress } from './netTarget';

/** The command-line flags that say how to reach a broker (shared by the scenario and the check). */
export const BROKER_FLAGS = {
  username: { type: 'string' },
  password: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  timeout: { type: 'string' },
  'id-prefix': { type: 'string' },
  'topic-prefix': { type: 'string' },
} as const;

export const BROKER_FLAGS_HELP = `  --username NAME     user name for the broker
  --password SECRET   password (or set MQTT_PASSWORD, which keeps it out of the shell history)
  --ca FILE           PEM certificate of the authority to trust, for mqtts:// and wss://
  --cert FILE         PEM client certificate, and --key FILE its private key (mutual TLS, as
                      AWS IoT Core's X.509 devices use on port 8883)
  --timeout S         seconds to wait for the broker to answer a connect (default 10)
  --id-prefix P       client ids start P<tag>- instead of lab-<tag>- (a broker's policy may
                      allow only some); --topic-prefix P: topics start P<tag>/ (default lab/)`;

export interface BrokerSettings {
  address: BrokerAddress;
  timeoutMs: number;
  /** Where the run's client ids and topics start (default lab-… and lab/…). */
  roots?: NamingRoots;
}

type Values = {
  username?: string;
  password?: string;
  ca?: string;
  cert?: string;
  key?: string;
  timeout?: string;
  'id-prefix'?: string;
  'topic-prefix'?: string;
};

function pem(flag: string, file: string | undefined): string | { error: string } | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `--${flag}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? e})` };
  }
}

/**
 * Reads the broker URL and its flags; a message naming the flag when one is wrong. The password
 * may come from MQTT_PASSWORD (`env`), so that it stays out of the shell history.
 */
export function brokerSettings(
  url: string,
  values: Values,
  env: Readonly<Record<string, string | undefined>> = {},
): BrokerSettings | { error: string } {
  const urlError = brokerUrlError(url);
  if (urlError) return { error: urlError };
  const ca = pem('ca', values.ca);
  const cert = pem('cert', values.cert);
  const key = pem('key', values.key);
  for (const v of [ca, cert, key]) if (typeof v === 'object') return v;
  if ((cert === undefined) !== (key === undefined))
    return { error: '--cert and --key go together (a client certificate and its private key)' };
  for (const flag of ['id-prefix', 'topic-prefix'] as const) {
    const v = values[flag];
    if (v !== undefined && (v === '' || /[+#]/.test(v) || v.includes('\u0000')))
      return { error: `--${flag}: '${v}' cannot start a name (empty, or with + # or NUL)` };
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
      ...(typeof ca === 'string' ? { ca } : {}),
      ...(typeof cert === 'string' ? { cert } : {}),
      ...(typeof key === 'string' ? { key } : {}),
    },
    timeoutMs,
    roots: {
      ...(values['id-prefix'] !== undefined ? { idRoot: values['id-prefix'] } : {}),
      ...(values['topic-prefix'] !== undefined ? { topicRoot: values['topic-prefix'] } : {}),
    },
  };
}
