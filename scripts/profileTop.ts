import { readFileSync } from 'node:fs';
import { profileSummary, type CpuProfile } from './cpuProfile';

/**
 * Reads a V8 .cpuprofile (node --cpu-prof, `npm run bench -- --cpu-prof DIR` or
 * `npm run bench:page -- --profile DIR`) and prints the functions with the most self time, and
 * the files they are in.
 * Usage: npx tsx scripts/profileTop.ts FILE.cpuprofile [N]
 */
const [file, countArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx scripts/profileTop.ts FILE.cpuprofile [N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
console.log(profileSummary(profile, Number(countArg ?? 30)));
