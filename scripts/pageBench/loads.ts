import { expect, type Locator, type Page } from '@playwright/test';
import { READ_RUN, type RunFigures } from './probe';

/** The playground driven as a person drives it: the forms and buttons, nothing else. */
export class Ui {
  constructor(readonly page: Page) {}

  /** Called once a run is armed, and once it has finished (the profiler starts and stops here). */
  onArm?: () => Promise<void>;
  onFinish?: () => Promise<void>;

  async profile(label: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Broker profile' }).selectOption({ label });
    await expect(this.page.getByText(/Broker restarted with the/)).toBeVisible();
  }

  async addClient(id: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Add a client' });
    await form.getByLabel('Client id').fill(id);
    await form.getByRole('checkbox', { name: /cleanSession|Clean Start/ }).setChecked(false);
    await form.getByRole('button', { name: 'Add client' }).click();
    await expect(this.client(id)).toBeVisible();
  }

  client(id: string): Locator {
    return this.page.getByRole('article', { name: `Client ${id}`, exact: true });
  }

  async connect(id: string): Promise<void> {
    await this.client(id).getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(this.client(id).getByTestId('client-status')).toHaveText('connected');
  }

  async disconnect(id: string): Promise<void> {
    await this.client(id).getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(this.client(id).getByTestId('client-status')).toHaveText('offline');
  }

  async subscribe(id: string, filter: string): Promise<void> {
    const form = this.client(id).getByRole('form', { name: /^Subscribe/ });
    await form.getByLabel('Topic filter').fill(filter);
    await form.getByRole('combobox', { name: 'Subscription QoS' }).selectOption('1');
    await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
    const session = this.page.getByRole('article', { name: `Session ${id}`, exact: true });
    await expect(session.getByTestId('subscriptions')).toContainText(filter, { timeout: 20_000 });
  }

  /** Fills B's burst form (QoS 1, at once) without sending it. */
  async fillBurst(id: string, count: number): Promise<void> {
    const form = this.client(id).getByRole('form', { name: /^Publish/ });
    await form.getByLabel('Publish topic').fill('t/x');
    await form.getByLabel('Payload', { exact: true }).fill('m');
    await form.getByRole('combobox', { name: 'Publish QoS' }).selectOption('1');
    await form.getByLabel('Burst count').fill(String(count));
    await form.getByLabel('Burst rate').fill('0');
  }

  burstButton(id: string): Locator {
    return this.client(id).getByRole('button', { name: 'Publish burst' });
  }

  /**
   * Arms the page's probe: the run starts at the next click on a button with this text and
   * ends on the first frame where the count at `selector` reaches `atLeast`.
   */
  async arm(buttonText: string, selector: string, atLeast: number): Promise<void> {
    await this.page.evaluate(
      ([text, sel, n]) =>
        (
          window as unknown as { __bench: { arm(t: string, c: [string, number]): void } }
        ).__bench.arm(text, [sel, n]),
      [buttonText, selector, atLeast] as const,
    );
    await this.onArm?.();
  }

  /** Waits for the armed run to end; its figures. */
  async finish(timeoutMs = 600_000): Promise<RunFigures> {
    await this.page.waitForFunction(
      () =>
        (window as unknown as { __bench: { run: { t1: number | null } } }).__bench.run.t1 !== null,
      undefined,
      { timeout: timeoutMs, polling: 250 },
    );
    const run = (await this.page.evaluate(READ_RUN)) as RunFigures;
    await this.onFinish?.();
    return run;
  }

  async count(selector: string): Promise<number> {
    return this.page.evaluate(
      (sel) =>
        (window as unknown as { __bench: { counts(s: string): number } }).__bench.counts(sel),
      selector,
    );
  }
}

export const receivedCount = (id: string) =>
  `article[aria-label="Client ${id}"] [data-testid="received-count"]`;
export const storedCount = (id: string) =>
  `article[aria-label="Session ${id}"] [data-testid="stored-count"]`;
