import { describe, expect, it } from 'vitest';
import { displayQueueUrl, parseQueueUrl } from './connection.js';

describe('parseQueueUrl', () => {
  it('reads host, port, database and credentials', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6380/2')).toEqual({ host: '10.0.0.5', port: 6380, db: 2 });
    expect(parseQueueUrl('redis://u:p%40ss@h')).toEqual({
      host: 'h',
      port: 6379,
      db: 0,
      username: 'u',
      password: 'p@ss',
    });
    expect(displayQueueUrl('redis://u:secret@h:7000')).toBe('redis://h:7000');
  });
  it('rejects what is not a redis:// URL, naming the flag', () => {
    expect(() => parseQueueUrl('localhost:6379')).toThrow(/--queue: expected a redis:\/\/ URL/);
    expect(() => parseQueueUrl('nonsense')).toThrow(/--queue: not a Redis URL/);
    expect(() => parseQueueUrl('redis://h:1/x')).toThrow(/bad Redis database number "x"/);
  });
});
