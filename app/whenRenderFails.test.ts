import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenRenderFails } from './whenRenderFails';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A root element's part the message uses. */
const fakeRoot = () => {
  const attributes = new Map<string, string>();
  return {
    textContent: '',
    attributes,
    setAttribute: (name: string, value: string) => void attributes.set(name, value),
  };
};

describe('an error no boundary catches', () => {
  it('is said in the root, as an alert, with its message and what to do, not a blank page', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const root = fakeRoot();
    whenRenderFails(root).onUncaughtError?.(new Error('no session'), { componentStack: '' });
    expect(root.textContent).toBe(
      'The page stopped on an error (Error: no session). Reload the page to start again.',
    );
    expect(root.attributes.get('role')).toBe('alert');
  });

  it('says so too for a thrown value that is not an Error, even one without a prototype', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const root = fakeRoot();
    whenRenderFails(root).onUncaughtError?.(Object.create(null), { componentStack: '' });
    expect(root.textContent).toBe(
      'The page stopped on an error (an unknown error). Reload the page to start again.',
    );
  });

  it('is logged, with the components it was thrown in', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = new Error('no session');
    whenRenderFails(fakeRoot()).onUncaughtError?.(error, { componentStack: '\n at App' });
    expect(log).toHaveBeenCalledWith(error, '\n at App');
  });
});
