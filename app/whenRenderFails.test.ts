import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenRenderFails } from './whenRenderFails';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an error no boundary catches', () => {
  it('is said in the root, with its message and what to do, not a blank page', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const root = { textContent: '' };
    whenRenderFails(root).onUncaughtError?.(new Error('no session'), { componentStack: '' });
    expect(root.textContent).toBe(
      'The page stopped on an error (Error: no session). Reload the page to start again.',
    );
  });

  it('is logged, with the components it was thrown in', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = new Error('no session');
    whenRenderFails({ textContent: '' }).onUncaughtError?.(error, { componentStack: '\n at App' });
    expect(log).toHaveBeenCalledWith(error, '\n at App');
  });
});
