import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

// PGlite is one Postgres backend (one session) in WASM. To serve many clients over the wire
// protocol we run their traffic through it one "unit" at a time, where a unit is every message up
// to a Sync, simple Query or Flush. A client that leaves a unit open (extended protocol without
// Sync yet) or sits inside a transaction owns the backend until it finishes; the other clients
// queue. @electric-sql/pglite-socket multiplexes per *message*, which lets the Parse/Bind/Execute
// of two clients interleave on the shared session; hence this small server of our own.

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);
const ROLLBACK = simpleQuery('ROLLBACK');

interface Batch {
  conn: Connection;
  messages: Uint8Array[];
  /** True when the batch ends at a point where the backend reports ReadyForQuery. */
  endsUnit: boolean;
  /** Set for the batch that abandons what a departed client left open on the backend. */
  cleanup?: true;
}

interface Connection {
  id: number;
  socket: Socket;
  buffer: Buffer;
  started: boolean;
  pending: Uint8Array[];
  closed: boolean;
}

export interface MultiplexerOptions {
  db: PGlite;
  host: string;
  port: number;
  maxConnections: number;
  /** A client that owns the backend (open transaction) and sends nothing for this long is cut off. */
  idleInTransactionMs?: number;
  log?: (message: string) => void;
}

export class WireMultiplexer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly queue: Batch[] = [];
  private owner: Connection | null = null;
  private ownerTimer: NodeJS.Timeout | undefined;
  private running = false;
  private nextId = 1;

  constructor(private readonly options: MultiplexerOptions) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  async listen(): Promise<number> {
    await this.options.db.waitReady;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('unexpected server address');
    return address.port;
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Let queued cleanup (rollbacks of cut-off clients) finish before the caller closes PGlite.
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  get stats(): { connections: number; queued: number } {
    return { connections: this.connections.size, queued: this.queue.length };
  }

  private accept(socket: Socket): void {
    if (this.connections.size >= this.options.maxConnections) {
      // Destroy once written: a refused client may never close its side, and a half-open socket
      // would keep close() waiting.
      socket.write(errorResponse('53300', 'too many connections for the embedded database'), () =>
        socket.destroy(),
      );
      return;
    }
    socket.setNoDelay(true);
    const conn: Connection = {
      id: this.nextId++,
      socket,
      buffer: Buffer.alloc(0),
      started: false,
      pending: [],
      closed: false,
    };
    this.connections.add(conn);
    socket.on('data', (chunk) => this.receive(conn, chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.disconnect(conn));
  }

  private receive(conn: Connection, chunk: Buffer): void {
    conn.buffer = conn.buffer.length === 0 ? chunk : Buffer.concat([conn.buffer, chunk]);
    for (;;) {
      if (!conn.started) {
        if (conn.buffer.length < 8) return;
        const length = conn.buffer.readInt32BE(0);
        if (conn.buffer.length < length) return;
        const code = conn.buffer.readInt32BE(4);
        const message = conn.buffer.subarray(0, length);
        conn.buffer = conn.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          conn.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          conn.socket.end();
          return;
        }
        conn.started = true;
        this.enqueue({ conn, messages: [new Uint8Array(message)], endsUnit: true });
        continue;
      }
      if (conn.buffer.length < 5) return;
      const length = 1 + conn.buffer.readInt32BE(1);
      if (conn.buffer.length < length) return;
      const type = conn.buffer[0];
      const message = new Uint8Array(conn.buffer.subarray(0, length));
      conn.buffer = conn.buffer.subarray(length);
      if (type === 0x58 /* X: Terminate */) {
        conn.socket.end();
        return;
      }
      conn.pending.push(message);
      // S: Sync, Q: Query end a unit; H: Flush asks for output now but keeps the unit open.
      if (type === 0x53 || type === 0x51 || type === 0x48) {
        const messages = conn.pending;
        conn.pending = [];
        this.enqueue({ conn, messages, endsUnit: type !== 0x48 });
      }
    }
  }

  private enqueue(batch: Batch): void {
    this.queue.push(batch);
    if (batch.conn === this.owner) this.armOwnerTimer();
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((b) => b.conn === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) break;
        const [batch] = this.queue.splice(index, 1);
        if (!batch) continue;
        if (batch.cleanup) await this.cleanup(batch.conn);
        else if (!batch.conn.closed) await this.run(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async run({ conn, messages, endsUnit }: Batch): Promise<void> {
    const { db } = this.options;
    try {
      await db.runExclusive(async () => {
        for (const message of messages) {
          await db.execProtocolRawStream(message, {
            onRawData: (data) => {
              if (!conn.closed && data.length > 0) conn.socket.write(data);
            },
          });
        }
      });
      const owns = !endsUnit || db.isInTransaction();
      this.setOwner(owns ? conn : null);
    } catch (error) {
      this.options.log?.(`embedded db: connection ${conn.id} failed: ${(error as Error).message}`);
      conn.socket.destroy();
      if (this.owner === conn) await this.cleanup(conn);
    }
  }

  private disconnect(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    this.connections.delete(conn);
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (this.queue[i]?.conn === conn) this.queue.splice(i, 1);
    // Goes through the queue so it cannot overlap another client's unit.
    if (this.owner === conn) this.enqueue({ conn, messages: [], endsUnit: true, cleanup: true });
  }

  /** Abandons whatever the connection left open on the shared backend (open unit, transaction). */
  private async cleanup(conn: Connection): Promise<void> {
    const { db } = this.options;
    try {
      await db.runExclusive(async () => {
        await db.execProtocolRawStream(SYNC, { onRawData: () => undefined });
        // db.exec() would take the lock we already hold; speak the protocol directly instead.
        if (db.isInTransaction()) await db.execProtocolRawStream(ROLLBACK, { onRawData: () => undefined });
      });
    } catch (error) {
      this.options.log?.(
        `embedded db: cleanup after connection ${conn.id} failed: ${(error as Error).message}`,
      );
    }
    if (this.owner === conn) this.setOwner(null);
  }

  private setOwner(conn: Connection | null): void {
    this.owner = conn;
    if (conn) this.armOwnerTimer();
    else clearTimeout(this.ownerTimer);
  }

  private armOwnerTimer(): void {
    clearTimeout(this.ownerTimer);
    const ms = this.options.idleInTransactionMs ?? 60_000;
    const conn = this.owner;
    if (!conn) return;
    this.ownerTimer = setTimeout(() => {
      if (this.owner !== conn) return;
      this.options.log?.(`embedded db: connection ${conn.id} idle in transaction for ${ms} ms; closing it`);
      conn.socket.destroy();
    }, ms);
    this.ownerTimer.unref();
  }
}

/** A Postgres ErrorResponse message, for refusing a client before it reaches the backend. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    Buffer.from('SFATAL\0'),
    Buffer.from(`C${code}\0`),
    Buffer.from(`M${message}\0`),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

/** A simple-protocol Query message. */
function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + body.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return new Uint8Array(message);
}
