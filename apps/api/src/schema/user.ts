import { extendType, inputObjectType, nonNull, objectType } from 'nexus';
import { requireViewer } from './guards.ts';

export const User = objectType({
  name: 'User',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.string('email');
    t.nonNull.string('displayName');
    t.nonNull.field('role', { type: 'Role' });
  },
});

export const CreateUserInput = inputObjectType({
  name: 'CreateUserInput',
  definition(t) {
    t.nonNull.string('email');
    t.string('displayName');
    t.nonNull.string('password');
    t.nonNull.field('role', { type: 'Role' });
  },
});

export const UserQueries = extendType({
  type: 'Query',
  definition(t) {
    t.field('me', {
      type: 'User',
      description: 'The signed-in user, or null.',
      resolve: (_root, _args, ctx) => (ctx.viewer ? ctx.services.users.byId(ctx.viewer.id) : null),
    });
    t.nonNull.list.nonNull.field('users', {
      type: 'User',
      description: 'All users (administrators only).',
      resolve: (_root, _args, ctx) => ctx.services.users.list(requireViewer(ctx)),
    });
  },
});

export const UserMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('createUser', {
      type: 'User',
      description: 'Creates a user (administrators only).',
      args: { input: nonNull('CreateUserInput') },
      resolve: (_root, { input }, ctx) => ctx.services.users.create(requireViewer(ctx), input, ctx),
    });
  },
});
