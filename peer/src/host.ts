import { join } from "node:path";
import { type Logger, silentLogger } from "./logger.js";
import { type PeerOptions, WorkspacePeer } from "./peer.js";

/*
 * The peers of one process: one WorkspacePeer per workspace the server has, each with its file
 * `<dir>/<workspace>.sqlite`, started when the host starts (automation must run with no browser
 * open, so not lazily) and for workspaces created later within `scanMs`, or at once when the API
 * asks for one. `onPeer` is where the features built on the peer attach themselves (job handlers,
 * feed consumers) — before the peer starts, so they miss nothing.
 */

export interface PeerHostOptions {
  /** Where the peers' files live. */
  dir: string;
  /** The server's multiplexed sync endpoint, `ws://host:port/sync`. */
  syncUrl: string;
  /** A token of the `automation` role for a workspace; `fresh` after the server refused the last one. */
  token(workspace: string, fresh: boolean): Promise<string> | string;
  /** The workspaces there are (read again every `scanMs`). */
  workspaces(): string[];
  /** Run jobs in these peers (the server without a worker, or the worker; never both). */
  runJobs: boolean;
  logger?: Logger;
  /** Called for each peer before it starts. */
  onPeer?(peer: WorkspacePeer): void;
  /** Default 2 s (a query of the workspace ids). */
  scanMs?: number;
  /** After every peer closed (the host's owner releases what it holds for them). */
  onClosed?(): void;
  /** Before the peers close (the process-wide runners beside them stop: the mail sender). */
  onClosing?(): Promise<void>;
  /**
   * Workspaces whose every record is news to the peer (created after automation existed): the
   * first sync of a jobs-running peer reports their records as created (PeerOptions.firstSync).
   */
  newWorkspaces?: { isNew(workspace: string): boolean; done(workspace: string): void };
  /** Passed to every peer. */
  peerOptions?: Partial<Pick<PeerOptions, "hotBudgetBytes" | "idleMs" | "window" | "cacheMiB" | "ackTimeoutMs">>;
}

export class PeerHost {
  private readonly peers = new Map<string, WorkspacePeer>();
  private readonly failed = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(private readonly o: PeerHostOptions) {}

  /** Opens a peer for every workspace, and looks for new ones every `scanMs`. */
  start(): void {
    this.scan();
    this.timer = setInterval(() => this.scan(), this.o.scanMs ?? 2_000);
    this.timer.unref?.();
  }

  /** The workspace's peer, opened now if the workspace exists and has none yet. */
  peer(workspace: string): WorkspacePeer | undefined {
    const existing = this.peers.get(workspace);
    if (existing || this.closed) return existing;
    if (!this.o.workspaces().includes(workspace)) return undefined;
    return this.open(workspace);
  }

  all(): WorkspacePeer[] {
    return [...this.peers.values()];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.o.onClosing?.().catch(() => {});
    await Promise.all([...this.peers.values()].map((p) => p.close()));
    this.peers.clear();
    this.o.onClosed?.();
  }

  private scan(): void {
    if (this.closed) return;
    let names: string[];
    try {
      names = this.o.workspaces();
    } catch (err) {
      (this.o.logger ?? silentLogger).error("peer host: cannot list workspaces", { error: String(err) });
      return;
    }
    for (const ws of names) if (!this.peers.has(ws)) this.open(ws);
  }

  private open(workspace: string): WorkspacePeer | undefined {
    const logger = this.o.logger ?? silentLogger;
    // A peer that failed to open (its file is another process's) is retried once a minute.
    if ((this.failed.get(workspace) ?? 0) > Date.now() - 60_000) return undefined;
    try {
      const peer = new WorkspacePeer({
        workspace,
        file: join(this.o.dir, `${workspace}.sqlite`),
        url: async (fresh) => {
          const token = await this.o.token(workspace, fresh);
          return `${this.o.syncUrl}?token=${encodeURIComponent(token)}`;
        },
        logger,
        runJobs: this.o.runJobs,
        ...(this.o.runJobs && this.o.newWorkspaces
          ? {
              firstSync: {
                isNew: () => this.o.newWorkspaces!.isNew(workspace),
                done: () => this.o.newWorkspaces!.done(workspace),
              },
            }
          : {}),
        ...this.o.peerOptions,
      });
      this.o.onPeer?.(peer);
      peer.start();
      this.peers.set(workspace, peer);
      this.failed.delete(workspace);
      logger.info("peer started", { workspace, jobs: this.o.runJobs });
      // When it has caught up with the server: what an operator (and bench:api's startup figure) waits for.
      const started = Date.now();
      peer.whenSynced(30 * 60_000).then(
        () => logger.info("peer synced", { workspace, ms: Date.now() - started }),
        () => {},
      );
      return peer;
    } catch (err) {
      this.failed.set(workspace, Date.now());
      logger.error("peer could not start", { workspace, error: String(err) });
      return undefined;
    }
  }
}
