import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export type RefusedReason =
  | "bad-frame"
  | "bad-document-name"
  | "too-large"
  | "not-found"
  | "shutting-down"
  | "unauthorized"
  | "forbidden"
  | "read-only"
  | "bad-origin"
  | "bad-host"
  | "rate-limited"
  | "too-many-documents"
  | "unsupported-version";
export type EndpointKind = "mux" | "doc";

/** Commit latency buckets, in seconds: 0.5 ms … 1 s. */
export const PERSIST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export interface MetricsOptions {
  /** Also collect prom-client's default process metrics (CPU, memory, event loop, GC). Default true. */
  processMetrics?: boolean;
}

/**
 * The server's Prometheus metrics, in a registry of their own (so several servers in one process,
 * as in tests, do not collide). The rest of the server calls these few methods and nothing else.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly connections: Gauge<"endpoint">;
  private readonly updates: Counter;
  private readonly persistSeconds: Histogram;
  private readonly commitUpdates: Histogram;
  private readonly reclaims: Histogram;
  private readonly refusedConnections: Counter<"reason">;
  private readonly relayedMessages: Counter<"kind">;
  private loadedDocuments: () => number = () => 0;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    const loaded = () => this.loadedDocuments();
    this.connections = new Gauge({
      name: "crm_connections",
      help: "Open WebSocket connections, by endpoint (mux: /sync, doc: /sync/<docName>).",
      labelNames: ["endpoint"],
      registers,
    });
    this.connections.set({ endpoint: "mux" }, 0);
    this.connections.set({ endpoint: "doc" }, 0);
    new Gauge({
      name: "crm_documents_loaded",
      help: "Documents loaded in memory.",
      registers,
      collect() {
        this.set(loaded());
      },
    });
    this.updates = new Counter({
      name: "crm_updates_total",
      help: "Document updates stored (rate() gives updates per second).",
      registers,
    });
    this.persistSeconds = new Histogram({
      name: "crm_persist_seconds",
      help: "Time of one durable commit (one transaction holding one or more updates), in seconds.",
      buckets: PERSIST_BUCKETS,
      registers,
    });
    this.commitUpdates = new Histogram({
      name: "crm_commit_updates",
      help: "Updates stored per commit (group commit: one transaction per event-loop turn).",
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    });
    this.reclaims = new Histogram({
      name: "crm_reclaim_seconds",
      help: "Full garbage collections run after documents were released, in seconds.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.refusedConnections = new Counter({
      name: "crm_refused_connections_total",
      help: "Connections refused or closed for bad input, by reason.",
      labelNames: ["reason"],
      registers,
    });
    for (const reason of ["bad-frame", "bad-document-name", "too-large", "not-found"] as const) {
      this.refusedConnections.inc({ reason }, 0);
    }
    this.relayedMessages = new Counter({
      name: "crm_relayed_messages_total",
      help: "Messages relayed to other peers of a document, by kind (update, awareness); one per recipient.",
      labelNames: ["kind"],
      registers,
    });
    this.relayedMessages.inc({ kind: "update" }, 0);
    this.relayedMessages.inc({ kind: "awareness" }, 0);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Where `crm_documents_loaded` reads its value when scraped. */
  countLoadedDocuments(count: () => number): void {
    this.loadedDocuments = count;
  }

  connectionOpened(endpoint: EndpointKind): void {
    this.connections.inc({ endpoint });
  }

  connectionClosed(endpoint: EndpointKind): void {
    this.connections.dec({ endpoint });
  }

  refused(reason: RefusedReason): void {
    this.refusedConnections.inc({ reason });
  }

  /** One commit of `updates` updates; `seconds` is how long the transaction took. */
  committed(updates: number, seconds: number): void {
    this.updates.inc(updates);
    this.persistSeconds.observe(seconds);
    this.commitUpdates.observe(updates);
  }

  /** One forced full garbage collection, and how long it paused the server. */
  reclaimed(seconds: number): void {
    this.reclaims.observe(seconds);
  }

  relayed(kind: "update" | "awareness", recipients: number): void {
    if (recipients > 0) this.relayedMessages.inc({ kind }, recipients);
  }
}
