import { expect, type Locator, type Page } from '@playwright/test';

/** The playground as a person uses it, for the specs. */
export class Playground {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('./');
    await expect(this.page.getByRole('heading', { name: 'Clients' })).toBeVisible();
  }

  async profile(label: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Broker profile' }).selectOption({ label });
    await expect(this.page.getByText(/Broker restarted with the/)).toBeVisible();
  }

  async speed(x: number): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Clock speed' }).selectOption(String(x));
  }

  /** Adds a client; options are the add-form's fields. */
  async addClient(
    id: string,
    o: {
      version?: '3.1.1' | '5.0';
      clean?: boolean;
      will?: { topic: string; payload: string };
    } = {},
  ): Promise<ClientCard> {
    const form = this.page.getByRole('form', { name: 'Add a client' });
    await form.getByLabel('Client id').fill(id);
    if (o.version)
      await form.getByRole('combobox', { name: 'MQTT version' }).selectOption({ label: o.version });
    const clean = form.getByRole('checkbox', { name: /cleanSession|Clean Start/ });
    await clean.setChecked(o.clean ?? false);
    if (o.will) {
      await form.getByRole('checkbox', { name: 'Will' }).check();
      await form.getByLabel('Will topic').fill(o.will.topic);
      await form.getByLabel('Will payload').fill(o.will.payload);
    }
    await form.getByRole('button', { name: 'Add client' }).click();
    const card = this.client(id);
    await expect(card.root).toBeVisible();
    return card;
  }

  /**
   * The seed's story up to A's return: A (persistent) subscribes to t/# at QoS 1 and leaves,
   * B publishes `count` QoS 1 messages, A comes back and receives them all.
   */
  async storedAndReplayed(count: number): Promise<{ a: ClientCard; b: ClientCard }> {
    const a = await this.addClient('A');
    const b = await this.addClient('B');
    await a.connect();
    await a.subscribe('t/#', 1);
    await expect(this.session('A').getByTestId('subscriptions')).toContainText('t/#');
    await a.disconnect();
    await b.connect();
    await b.burst({ topic: 't/x', payload: 'm', qos: 1, count });
    await expect(this.session('A').getByTestId('stored-count')).toHaveText(String(count));
    await a.connect();
    await expect(a.receivedCount()).toHaveText(String(count), { timeout: 15_000 });
    return { a, b };
  }

  client(id: string): ClientCard {
    return new ClientCard(this.page.getByRole('article', { name: `Client ${id}`, exact: true }));
  }

  session(id: string): Locator {
    return this.page.getByRole('article', { name: `Session ${id}`, exact: true });
  }

  async shot(name: string): Promise<void> {
    // The top bar is sticky: from the top, a full-page picture shows it where it belongs.
    await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
  }
}

export class ClientCard {
  constructor(readonly root: Locator) {}

  status(): Locator {
    return this.root.getByTestId('client-status');
  }

  async connect(): Promise<void> {
    await this.root.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(this.status()).toHaveText('connected');
  }

  async disconnect(): Promise<void> {
    await this.root.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(this.status()).toHaveText('offline');
  }

  async drop(silently = false): Promise<void> {
    await this.root
      .getByRole('button', { name: silently ? 'Drop silently' : 'Drop', exact: true })
      .click();
    await expect(this.status()).toHaveText('offline');
  }

  async subscribe(filter: string, qos = 1): Promise<void> {
    const form = this.root.getByRole('form', { name: /^Subscribe/ });
    await form.getByLabel('Topic filter').fill(filter);
    await form.getByRole('combobox', { name: 'Subscription QoS' }).selectOption(String(qos));
    await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
  }

  async publish(topic: string, payload: string, qos: 0 | 1 | 2 = 1): Promise<void> {
    const form = this.root.getByRole('form', { name: /^Publish/ });
    await form.getByLabel('Publish topic').fill(topic);
    await form.getByLabel('Payload', { exact: true }).fill(payload);
    await form.getByRole('combobox', { name: 'Publish QoS' }).selectOption(String(qos));
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
  }

  async burst(o: {
    topic: string;
    payload: string;
    qos: 0 | 1 | 2;
    count: number;
    rate?: number;
  }): Promise<void> {
    const form = this.root.getByRole('form', { name: /^Publish/ });
    await form.getByLabel('Publish topic').fill(o.topic);
    await form.getByLabel('Payload', { exact: true }).fill(o.payload);
    await form.getByRole('combobox', { name: 'Publish QoS' }).selectOption(String(o.qos));
    await form.getByLabel('Burst count').fill(String(o.count));
    await form.getByLabel('Burst rate').fill(String(o.rate ?? 0));
    await form.getByRole('button', { name: 'Publish burst' }).click();
  }

  received(): Locator {
    return this.root.getByTestId('received-message');
  }

  receivedCount(): Locator {
    return this.root.getByTestId('received-count');
  }

  sessionPresent(): Locator {
    return this.root.getByTestId('client-session-present');
  }

  /** Payload texts of the received messages, in order. */
  async payloads(): Promise<string[]> {
    return this.received().locator('.payload').allTextContents();
  }
}
