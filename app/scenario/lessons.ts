import type { Scenario } from './format';
import { normalise } from './fileForm';

// The built-in lessons are files like any other, written for the same validator as an imported
// file or a link: lessons.test.ts checks every one with it. The page takes them as JSON, so
// that the validator loads with the first file or link opened, not with the page.
const files = import.meta.glob<Scenario>('./lessons/*.json', { eager: true, import: 'default' });

export interface Lesson {
  /** The file's name without `.json`, e.g. `01-persistent-basics`. */
  id: string;
  scenario: Scenario;
}

export const LESSONS: readonly Lesson[] = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, scenario]) => ({
    id: path.replace(/^.*\//, '').replace(/\.json$/, ''),
    scenario: normalise(scenario),
  }));
