export type { ChangeHandler, ConsumerContext, ConsumerOptions } from "./changes.js";
export { ChangeFeed } from "./changes.js";
export * from "./chat/index.js";
export * from "./consent/index.js";
export {
  type FieldFilter,
  type FilterOp,
  filterOps,
  type ListPage,
  type ListQuery,
  MAX_LIMIT,
  opsForKind,
  QueryError,
} from "./db/query.js";
export { apiExtensions, attachFeatures, type FeatureEnv } from "./features.js";
export { PeerHost, type PeerHostOptions } from "./host.js";
export * from "./inbound/index.js";
export { JobRunner } from "./jobs/runner.js";
export { SqliteJobStore } from "./jobs/sqlite.js";
export { backoff, type EnqueueInput, type Job, type JobState, type JobStore } from "./jobs/types.js";
export { type Logger, silentLogger } from "./logger.js";
export * from "./mail/index.js";
export { NOTIFY_JOB, type NotifyPayload, notificationId } from "./notifications/index.js";
export { jobRecordId, type PeerJobContext, type PeerOptions, WorkspacePeer } from "./peer.js";
export type { CreateOptions } from "./records.js";
export * from "./rules/index.js";
export { evaluateSegment, type SegmentEvaluation } from "./segments/evaluate.js";
export { registerTestJobs, TEST_JOB_KIND } from "./testJobs.js";
export * from "./types.js";
