import { randomBytes } from "node:crypto";

// Each test file gets its own queue namespace in the shared Redis, so files running in
// parallel never see each other's jobs. (The global teardown deletes wj-test-* keys.)
process.env.QUEUE_PREFIX = `wj-test-${randomBytes(4).toString("hex")}`;
