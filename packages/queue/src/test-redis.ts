/**
 * A real redis-server for tests and benchmarks, on a free loopback port, with
 * the settings BullMQ requires (`maxmemory-policy noeviction`) and no
 * persistence (a restart loses every key, as a crashed Redis without AOF does).
 * `stop()` is idempotent and also runs when the process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';

/** A `redis-server` started for a test. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, then a fresh server on the same port (all data lost). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one command (inline protocol) and returns the raw reply. */
  command(line: string): Promise<string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function rawCommand(port: number, line: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis on ${port}: no reply to ${line}`));
    }, timeoutMs);
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      // A bulk reply ($n) is complete when its n bytes and CRLF have arrived.
      const bulk = /^\$(-?\d+)\r\n/.exec(reply);
      if (!bulk || Number(bulk[1]) < 0 || reply.length >= bulk[0].length + Number(bulk[1]) + 2) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.connect(port, '127.0.0.1', () => socket.write(`${line}\r\n`));
  });
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `redis-server exited with code ${child.exitCode} (is it installed? apt-get install redis-server)`,
      );
    try {
      if ((await rawCommand(port, 'PING', 500)).startsWith('+PONG')) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start within 15 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function launch(port: number): ChildProcess {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--loglevel',
      'warning',
    ],
    { stdio: 'ignore' },
  );
  child.on('error', () => {});
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Starts a real `redis-server` on a free loopback port (Debian package `redis-server`). */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child = launch(port);
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  await waitReady(port, child);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async restart() {
      await kill(child, 'SIGKILL');
      child = launch(port);
      await waitReady(port, child);
    },
    async stop() {
      process.off('exit', onExit);
      await kill(child, 'SIGTERM');
    },
    command: (line) => rawCommand(port, line),
  };
}
