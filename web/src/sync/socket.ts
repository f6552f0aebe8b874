/** What the owner of a `ReconnectingSocket` hears. */
export interface SocketEvents {
  opened(): void;
  message(frame: Uint8Array): void;
  /**
   * The socket closed (or failed to open). "stop": stay closed until `start()`; "retry": again
   * after the backoff; "retry-soon": again after the shortest delay (the backoff starts over).
   */
  closed(code: number, reason: string): "stop" | "retry" | "retry-soon";
}

/**
 * One WebSocket at a time to `url`, opened again with exponential backoff after it closes, until
 * stopped. Events of a socket that is no longer the current one are ignored.
 */
export class ReconnectingSocket {
  private ws: WebSocket | null = null;
  private open = false;
  private stopped = true;
  private retry = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    private readonly WS: typeof WebSocket,
    private readonly delay: { min: number; max: number },
    private readonly events: SocketEvents,
  ) {}

  get isOpen(): boolean {
    return this.open;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the socket; stays closed until `start()`. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ws = this.ws;
    this.ws = null;
    this.open = false;
    ws?.close();
  }

  /** Connect now rather than after the backoff (the browser says it is online again). */
  retryNow(): void {
    if (this.stopped || this.open) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retry = 0;
    this.connect();
  }

  send(frame: Uint8Array): void {
    if (this.ws && this.open && this.ws.readyState === 1) this.ws.send(frame as Uint8Array<ArrayBuffer>);
  }

  private connect(): void {
    let ws: WebSocket;
    try {
      ws = new this.WS(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.retry = 0;
      this.open = true;
      this.events.opened();
    };
    ws.onmessage = (event: MessageEvent) => {
      if (this.ws !== ws) return;
      this.events.message(new Uint8Array(event.data as ArrayBuffer));
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.open = false;
      const next = this.events.closed(event.code, event.reason);
      if (next === "stop") {
        this.stopped = true;
        return;
      }
      if (next === "retry-soon") this.retry = 0;
      this.scheduleRetry();
    };
    ws.onerror = () => {
      // onclose follows and decides what happens next.
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const delay = Math.min(this.delay.max, this.delay.min * 2 ** this.retry++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && !this.ws) this.connect();
    }, delay);
  }
}
