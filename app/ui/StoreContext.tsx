import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../store/appStore';

export const StoreContext = createContext<AppStore | null>(null);

/** The playground's store, handed down by context so each test and page gets its own. */
export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside a StoreContext provider');
  return store;
}

/** Reads one narrow slice of the store; the component re-renders only when it changes. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

export const selectActions = (s: AppState) => s.actions;
