import { describe, expect, it } from 'vitest';
import { startWhenReady } from './startWhenReady';

const failed = (error: unknown) => `The page could not start (${String(error)}).`;

describe('starting the page on a port loaded first', () => {
  it('starts it with the port', async () => {
    const root = { textContent: '' };
    const started: string[] = [];
    await startWhenReady(Promise.resolve('port'), (p) => started.push(p), root, failed);
    expect(started).toEqual(['port']);
    expect(root.textContent).toBe('');
  });

  it('a chunk that does not load is said in the root', async () => {
    const root = { textContent: '' };
    await startWhenReady(Promise.reject(new Error('404')), () => {}, root, failed);
    expect(root.textContent).toBe('The page could not start (Error: 404).');
  });

  it('a throw inside start is said in the root too, not a blank page', async () => {
    const root = { textContent: '' };
    const start = () => {
      throw new Error('no store');
    };
    await startWhenReady(Promise.resolve('port'), start, root, failed);
    expect(root.textContent).toBe('The page could not start (Error: no store).');
  });
});
