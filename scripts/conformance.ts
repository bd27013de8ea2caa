// npm run conformance [-- --standard 3.1.1|5.0] [--sections 3.1,3.2]
// Checks the conformance tables (docs/conformance/conformance-*.md) and prints
// how many statements each status has, and every problem found. Exit 1 on a problem.
import { ambiguousIds, checkTable, STANDARDS, summary, type Standard } from './conformance/tables';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const root = option('--root') ?? process.cwd();
const only = option('--standard');
const sections = option('--sections')?.split(',');
if (only !== undefined && !(STANDARDS as readonly string[]).includes(only)) {
  console.error(`--standard must be one of ${STANDARDS.join(', ')}`);
  process.exit(2);
}
const inSections = (id: string) =>
  sections === undefined ||
  sections.some((s) => id.startsWith(`MQTT-${s}.`) || id.startsWith(`MQTT-${s}-`));

const ambiguous = ambiguousIds(root);
let failed = false;
for (const standard of STANDARDS.filter((s) => only === undefined || s === only) as Standard[]) {
  const problems = checkTable(root, standard, ambiguous).filter(
    (p) => p.id === '' || inSections(p.id),
  );
  const counts = Object.entries(summary(root, standard))
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  console.log(`MQTT ${standard}: ${counts || 'no rows'}; ${problems.length} problem(s)`);
  for (const p of problems)
    console.log(`  conformance-${standard}.md:${p.line} ${p.id} ${p.message}`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
