import { extendType, nonNull, objectType, stringArg } from 'nexus';

export const AuthPayload = objectType({
  name: 'AuthPayload',
  definition(t) {
    t.nonNull.string('token', {
      description:
        'Session token; send as `Authorization: Bearer <token>` (browsers get an HttpOnly cookie instead).',
    });
    t.nonNull.field('user', { type: 'User' });
  },
});

export const AuthMutations = extendType({
  type: 'Mutation',
  definition(t) {
    t.nonNull.field('login', {
      type: 'AuthPayload',
      args: { email: nonNull(stringArg()), password: nonNull(stringArg()) },
      async resolve(_root, { email, password }, ctx) {
        const result = await ctx.services.auth.login(email, password, ctx);
        ctx.setSessionCookie(result.token, result.expiresAt);
        return { token: result.token, user: result.user };
      },
    });
    t.nonNull.boolean('logout', {
      description: 'Revokes the current session. True when a session was signed out.',
      async resolve(_root, _args, ctx) {
        ctx.clearSessionCookie();
        if (!ctx.viewer) return false;
        await ctx.services.auth.logout(ctx.viewer, ctx);
        return true;
      },
    });
  },
});
