import { Kind } from 'graphql';
import { scalarType } from 'nexus';
import { badInput } from '../errors.ts';

export const DateTime = scalarType({
  name: 'DateTime',
  asNexusMethod: 'dateTime',
  description: 'An instant as an ISO-8601 string in UTC, e.g. 2026-11-27T12:00:00.000Z',
  sourceType: 'Date',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue(value) {
    const d = new Date(String(value));
    if (Number.isNaN(d.getTime())) throw badInput('Invalid DateTime.');
    return d;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string.');
    const d = new Date(ast.value);
    if (Number.isNaN(d.getTime())) throw badInput('Invalid DateTime.');
    return d;
  },
});
