import { describeRateLimiter } from './describe-rate-limiter';
import { MemoryRateLimiter } from './memory-rate-limiter';

describeRateLimiter('memory', async () => ({
  create: (options) => new MemoryRateLimiter(options),
  dispose: async () => {},
}));
