// The framework's ceiling for `npm run bench:api`: Apollo Server on Express 5, mounted as the
// API mounts it (JSON body parser, CSRF prevention) but with a one-field schema and no context,
// answering `{__typename}`. Whatever Loupe adds (auth, resolvers, the database) shows as the gap.
// Prints "ready at <url>" and serves until killed.
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', csrfPrevention: true });
await apollo.start();
const app = express();
app.disable('x-powered-by');
app.use('/graphql', express.json({ limit: '256kb' }), expressMiddleware(apollo));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`ready at http://127.0.0.1:${address.port}`);
});
