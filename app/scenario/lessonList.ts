// Only each lesson's title is taken here (a JSON file's keys are its named exports): the
// lesson picker lists them at once, and the lessons themselves come with the scenario tools.
const titles = import.meta.glob<string>('./lessons/*.json', { eager: true, import: 'title' });

/** The built-in lessons by id (the file's name without `.json`) and title, in order. */
export const LESSON_LIST: readonly { id: string; title: string }[] = Object.entries(titles)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, title]) => ({ id: path.replace(/^.*\//, '').replace(/\.json$/, ''), title }));
