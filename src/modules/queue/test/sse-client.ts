import http from 'node:http';

export interface SseFrame {
  id?: string;
  event: string;
  data: string;
}

/** A minimal EventSource for tests: collects frames and comments, waits for one that matches. */
export class SseClient {
  readonly frames: SseFrame[] = [];
  comments = 0;
  retry: number | null = null;
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  #req: http.ClientRequest | null = null;
  #buf = '';
  #waiters: { pred: (f: SseFrame) => boolean; resolve: (f: SseFrame) => void }[] = [];
  #closed: Promise<void>;
  #onClose!: () => void;

  constructor(
    readonly url: string,
    readonly lastEventId?: string,
  ) {
    this.#closed = new Promise((r) => (this.#onClose = r));
  }

  /** Resolves once the response headers are in. */
  open(): Promise<this> {
    return new Promise((resolve, reject) => {
      this.#req = http.get(
        this.url,
        {
          headers: {
            accept: 'text/event-stream',
            ...(this.lastEventId ? { 'last-event-id': this.lastEventId } : {}),
          },
        },
        (res) => {
          this.status = res.statusCode ?? 0;
          this.headers = res.headers;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => this.#feed(chunk));
          res.on('end', () => this.#onClose());
          res.on('error', () => this.#onClose());
          resolve(this);
        },
      );
      this.#req.on('error', (err) => {
        this.#onClose();
        reject(err);
      });
    });
  }

  /** Resolves when the server ends the stream. */
  closed(): Promise<void> {
    return this.#closed;
  }

  #feed(chunk: string) {
    this.#buf += chunk;
    let i: number;
    while ((i = this.#buf.indexOf('\n\n')) !== -1) {
      const block = this.#buf.slice(0, i);
      this.#buf = this.#buf.slice(i + 2);
      const f: SseFrame = { event: 'message', data: '' };
      let isFrame = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments++;
        else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
        else if (line.startsWith('id: ')) f.id = line.slice(4);
        else if (line.startsWith('event: ')) {
          f.event = line.slice(7);
          isFrame = true;
        } else if (line.startsWith('data: ')) {
          f.data += line.slice(6);
          isFrame = true;
        }
      }
      if (!isFrame) continue;
      this.frames.push(f);
      for (const w of [...this.#waiters])
        if (w.pred(f)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(f);
        }
    }
  }

  /** The first frame (already received or coming) that matches, or a timeout error. */
  next(pred: (f: SseFrame) => boolean, timeoutMs = 10_000): Promise<SseFrame> {
    const have = this.frames.find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no matching SSE frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`),
          ),
        timeoutMs,
      );
      this.#waiters.push({
        pred,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  close(): void {
    this.#req?.destroy();
  }
}
