import type { Scenario } from './format';
import { formatProblem, parseScenario } from './validate';

// The built-in lessons are files like any other: read as text and checked by the same
// validator as an imported file or a link.
const files = import.meta.glob<string>('./lessons/*.json', {
  eager: true,
  query: '?raw',
  import: 'default',
});

export interface Lesson {
  /** The file's name without `.json`, e.g. `01-persistent-basics`. */
  id: string;
  scenario: Scenario;
}

export const LESSONS: readonly Lesson[] = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, text]) => {
    const id = path.replace(/^.*\//, '').replace(/\.json$/, '');
    const result = parseScenario(text);
    if (!result.ok) {
      throw new Error(`lesson ${id}: ${result.problems.map(formatProblem).join('; ')}`);
    }
    return { id, scenario: result.scenario };
  });
