export const defaultTestRedisUrl = 'redis://127.0.0.1:6379';

/** The Redis tests use: TEST_REDIS_URL, or the local default. */
export function redisUrl(): string {
  return process.env.TEST_REDIS_URL || defaultTestRedisUrl;
}
