import { describe, expect, it } from 'vitest';
import { Role } from '@loupe/db';
import { AppError } from '../errors.ts';
import { inVisibleCase, isAdmin, requireAdmin, sqlViewer, visibleCases } from './access.ts';
import type { Viewer } from './viewer.ts';

const viewer = (role: Role): Viewer => ({ id: 'u1', email: 'a@b.c', role, sessionId: 's1' });

describe('access', () => {
  it('lets administrators see every case, and others only the cases they are members of', () => {
    expect(visibleCases(viewer(Role.ADMIN))).toEqual({});
    expect(inVisibleCase(viewer(Role.ADMIN))).toEqual({});
    for (const role of [Role.INVESTIGATOR, Role.REVIEWER]) {
      expect(isAdmin(viewer(role))).toBe(false);
      expect(visibleCases(viewer(role))).toEqual({ members: { some: { userId: 'u1' } } });
      expect(inVisibleCase(viewer(role))).toEqual({ case: { members: { some: { userId: 'u1' } } } });
      expect(sqlViewer(viewer(role))).toEqual({ viewerId: 'u1', isAdmin: false });
    }
    expect(sqlViewer(viewer(Role.ADMIN))).toEqual({ viewerId: 'u1', isAdmin: true });
  });

  it('refuses administration to anyone but an administrator, saying what was refused', () => {
    expect(() => requireAdmin(viewer(Role.ADMIN), 're-index')).not.toThrow();
    for (const role of [Role.INVESTIGATOR, Role.REVIEWER]) {
      let thrown: unknown;
      try {
        requireAdmin(viewer(role), 're-index');
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).extensions.code).toBe('FORBIDDEN');
      expect((thrown as AppError).message).toBe('Only administrators re-index.');
    }
  });
});
