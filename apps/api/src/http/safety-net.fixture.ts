// A tiny API process for safety-net.test.ts: express with the request scope and the safety net,
// and routes that fail in the ways that used to end the API. Prints its port, then serves.
import { EventEmitter } from 'node:events';
import express from 'express';
import { installSafetyNet, requestScope } from './safety-net.ts';

installSafetyNet();
const app = express();
app.use((_req, res, next) => {
  res.setHeader('x-request-id', 'req-under-test');
  next();
});
app.use(requestScope);
// Thrown from a timer callback: outside any promise Express could catch.
app.get('/throw-in-callback', () => {
  setTimeout(() => {
    throw new Error('boom from a callback');
  }, 1);
});
// An 'error' event with no listener, as a multipart stream emits on a broken body.
app.get('/unhandled-error-event', () => {
  setImmediate(() => new EventEmitter().emit('error', new Error('Unexpected end of form')));
});
// A rejected promise nobody awaits.
app.get('/floating-rejection', () => {
  void Promise.reject(new Error('nobody awaited me'));
});
app.get('/ok', (_req, res) => void res.json({ ok: true }));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`port=${address.port}`);
});
