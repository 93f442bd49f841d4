// @ts-check
import { Redis } from "ioredis";

/**
 * Deletes every key under a namespace (`wj-demo:*`, `wj-test-*`): the demo and the tests each
 * own theirs in the machine's shared Redis, and start from it empty.
 * @param {string} url @param {string} pattern a SCAN MATCH pattern
 * @returns {Promise<number>} how many keys went
 */
export async function deleteRedisKeys(url, pattern) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}
