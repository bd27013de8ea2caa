import { createServer } from 'node:net';
import { Aedes } from 'aedes';

/**
 * aedes on a plain net server, for the benchmark: in-memory persistence (its default), no
 * hooks. Prints "listening PORT" once it listens; SIGTERM ends it.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 0);
  const aedes = await Aedes.createBroker();
  const server = createServer(aedes.handle);
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `listening ${typeof address === 'object' && address ? address.port : port}\n`,
    );
  });
  process.once('SIGTERM', () => {
    server.close();
    aedes.close(() => process.exit(0));
  });
}

void main();
