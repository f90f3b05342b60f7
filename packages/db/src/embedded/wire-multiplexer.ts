import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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
  /** Set between the startup message and a correct password: the challenge sent, the startup held. */
  auth: { user: string; salt: Buffer; startup: Uint8Array } | null;
}

export interface MultiplexerOptions {
  db: PGlite;
  host: string;
  port: number;
  maxConnections: number;
  /**
   * Clients must prove they know it (MD5 challenge, as Postgres's md5 method) before their startup
   * message reaches PGlite, which itself lets anyone in.
   */
  password: string;
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
      auth: null,
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
        this.challenge(conn, message);
        continue;
      }
      if (conn.buffer.length < 5) return;
      const length = 1 + conn.buffer.readInt32BE(1);
      if (conn.buffer.length < length) return;
      const type = conn.buffer[0];
      const message = new Uint8Array(conn.buffer.subarray(0, length));
      conn.buffer = conn.buffer.subarray(length);
      if (conn.auth) {
        if (!this.authenticate(conn, type, message)) return;
        continue;
      }
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

  /** Answers a startup message with an MD5 password challenge, holding the startup until it is met. */
  private challenge(conn: Connection, startup: Buffer): void {
    const params = startup.subarray(8).toString('utf8').split('\0');
    const user = params[params.indexOf('user') + 1] ?? '';
    const salt = randomBytes(4);
    conn.auth = { user, salt, startup: new Uint8Array(startup) };
    const request = Buffer.alloc(13);
    request.write('R', 0);
    request.writeInt32BE(12, 1);
    request.writeInt32BE(5, 5); // AuthenticationMD5Password
    salt.copy(request, 9);
    conn.socket.write(request);
  }

  /**
   * Checks the client's PasswordMessage; on success the held startup goes to PGlite (which
   * answers AuthenticationOk). Anything else ends the connection with Postgres's own error.
   */
  private authenticate(conn: Connection, type: number | undefined, message: Uint8Array): boolean {
    const auth = conn.auth!;
    const given =
      type === 0x70 /* p */ ? Buffer.from(message.subarray(5)).toString('utf8').replace(/\0$/, '') : '';
    const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('hex');
    const expected = Buffer.from(
      `md5${md5(Buffer.concat([Buffer.from(md5(this.options.password + auth.user)), auth.salt]))}`,
    );
    if (given.length === expected.length && timingSafeEqual(Buffer.from(given), expected)) {
      conn.auth = null;
      this.enqueue({ conn, messages: [auth.startup], endsUnit: true });
      return true;
    }
    this.options.log?.(
      `embedded db: connection ${conn.id} refused: password authentication failed for user "${auth.user}"`,
    );
    conn.socket.write(errorResponse('28P01', `password authentication failed for user "${auth.user}"`), () =>
      conn.socket.destroy(),
    );
    // Nothing more from this client is read: it gets one answer and the connection ends.
    conn.socket.removeAllListeners('data');
    conn.buffer = Buffer.alloc(0);
    return false;
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
