import { arg, booleanArg, extendType, idArg, inputObjectType, nonNull, objectType, stringArg } from 'nexus';
import { requireViewer } from './guards.ts';

export const User = objectType({
  name: 'User',
  definition(t) {
    t.nonNull.id('id');
    t.nonNull.string('email');
    t.nonNull.string('displayName');
    t.nonNull.field('role', { type: 'Role' });
    t.nonNull.boolean('disabled', {
      description: 'A disabled account cannot sign in and has no live session.',
      resolve: (user) => user.disabledAt !== null,
    });
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
    t.nonNull.field('setUserDisabled', {
      type: 'User',
      description:
        'Disables an account, ending its sessions at once, or enables it again (administrators only).',
      args: { userId: nonNull(idArg()), disabled: nonNull(booleanArg()) },
      resolve: (_root, { userId, disabled }, ctx) =>
        ctx.services.users.setDisabled(requireViewer(ctx), userId, disabled, ctx),
    });
    t.nonNull.field('setUserRole', {
      type: 'User',
      description:
        "Changes a user's role (administrators only); the last active administrator cannot be demoted.",
      args: { userId: nonNull(idArg()), role: nonNull(arg({ type: 'Role' })) },
      resolve: (_root, { userId, role }, ctx) =>
        ctx.services.users.setRole(requireViewer(ctx), userId, role, ctx),
    });
    t.nonNull.boolean('changePassword', {
      description: 'Changes your password; your other sessions end.',
      args: { currentPassword: nonNull(stringArg()), newPassword: nonNull(stringArg()) },
      resolve: async (_root, { currentPassword, newPassword }, ctx) => {
        await ctx.services.users.changePassword(requireViewer(ctx), currentPassword, newPassword, ctx);
        return true;
      },
    });
    t.nonNull.string('resetUserPassword', {
      description:
        "Sets a random password for a user and returns it once to hand over; ends all of the user's sessions (administrators only).",
      args: { userId: nonNull(idArg()) },
      resolve: (_root, { userId }, ctx) => ctx.services.users.resetPassword(requireViewer(ctx), userId, ctx),
    });
  },
});
