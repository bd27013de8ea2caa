import { checkMain } from '../app/remote/node/checkMain';

/** `npm run check-broker`: how a real broker keeps sessions, next to our profiles. */
checkMain(process.argv.slice(2), process.env, console.log, console.error).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
