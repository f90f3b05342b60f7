import { enumType, extendType, objectType } from 'nexus';
import { InstalledModelKind as DbInstalledModelKind } from '@loupe/db';
import { requireViewer } from './guards.ts';

// Administration (issue 10 item 8): what the workers run, and the library facts its page shows.

export const InstalledModelKind = enumType({
  name: 'InstalledModelKind',
  members: Object.values(DbInstalledModelKind),
});

export const InstalledModel = objectType({
  name: 'InstalledModel',
  description:
    'A model a worker loaded at start-up, as the worker published it (the API cannot see the models folder).',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.string('workerId', { description: 'host:pid:random of the worker process.' });
    t.nonNull.string('host');
    t.nonNull.field('kind', { type: 'InstalledModelKind' });
    t.nonNull.string('modelId');
    t.nonNull.string('version');
    t.string('sha256', { description: 'SHA-256 of the ONNX model file (detectors).' });
    t.nonNull.json('manifest', {
      description: 'The manifest as loaded (face models: their weights hashes).',
    });
    t.nonNull.boolean('fixture', {
      description: "Loupe's built-in test fixture: its scores are not evidence.",
    });
    t.nonNull.boolean('inUse', { description: 'The detector this worker scores with.' });
    t.nonNull.list.nonNull.string('providersRequested', {
      description: 'Execution providers asked for by configuration.',
    });
    t.nonNull.list.nonNull.string('providersUsed', {
      description: 'Execution providers the session was created with, after any fallback to cpu.',
    });
    t.nonNull.dateTime('loadedAt');
  },
});

export const KnownFakeAdminFields = extendType({
  type: 'KnownFake',
  definition(t) {
    t.field('createdBy', {
      type: 'User',
      description: 'Who imported or promoted it.',
      resolve: (k, _a, ctx) => ctx.loaders.user.load(k.createdById),
    });
  },
});

export const AdminQueries = extendType({
  type: 'Query',
  definition(t) {
    t.nonNull.list.nonNull.field('installedModels', {
      type: 'InstalledModel',
      description: 'Administrators: the models each running worker loaded (detectors and face models).',
      resolve: (_r, _a, ctx) => ctx.services.installedModels.list(requireViewer(ctx)),
    });
  },
});
