/**
 * `redis://[user:password@]host:port[/db]` → the connection options BullMQ
 * passes to ioredis. Workers and waiting clients need
 * `maxRetriesPerRequest: null`: a command issued while Redis is down waits for
 * the reconnect instead of failing, so a Redis restart pauses the work.
 */
import { CutsInputError } from '@cuts/core';
import type { ConnectionOptions } from 'bullmq';

/** The one BullMQ queue every cuts batch goes through. */
export const QUEUE_NAME = 'cuts-segment';

/** A Redis server parsed from a `redis://` URL. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
}

/** Parses a `redis://host:port[/db]` URL; a bad one is a `CutsInputError` naming `flag`. */
export function parseQueueUrl(url: string, flag = '--queue'): RedisAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CutsInputError(`not a Redis URL: "${url}" (expected redis://host:port)`, flag);
  }
  if (parsed.protocol !== 'redis:') throw new CutsInputError(`expected a redis:// URL, got "${url}"`, flag);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0)
    throw new CutsInputError(`bad Redis database number "${dbText}" in "${url}"`, flag);
  return {
    host: parsed.hostname || '127.0.0.1',
    port,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
  };
}

/** The URL without its password (for logs and files). */
export function displayQueueUrl(url: string): string {
  const a = parseQueueUrl(url);
  return `redis://${a.host}:${a.port}${a.db ? `/${a.db}` : ''}`;
}

export function connectionOptions(url: string): ConnectionOptions {
  const a = parseQueueUrl(url);
  return { ...a, maxRetriesPerRequest: null };
}
