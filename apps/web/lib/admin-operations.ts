/**
 * GraphQL operations and result types of the administration pages (issue 10 item 8): users,
 * the known-fakes library and the models the workers loaded. Administrators only, enforced by the API.
 */
import type { ManipulationFamily, Role } from './types';

export type AdminAnalysisStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
}

const USER_FIELDS = 'id email displayName role disabled';

export const ADMIN_USERS_QUERY = `query AdminUsers { users { ${USER_FIELDS} } }`;
export interface AdminUsersResult {
  users: AdminUser[];
}

export const CREATE_USER_MUTATION = `mutation AdminCreateUser($input: CreateUserInput!) {
  createUser(input: $input) { ${USER_FIELDS} }
}`;
export interface CreateUserResult {
  createUser: AdminUser;
}

export const SET_USER_ROLE_MUTATION = `mutation AdminSetUserRole($userId: ID!, $role: Role!) {
  setUserRole(userId: $userId, role: $role) { ${USER_FIELDS} }
}`;
export interface SetUserRoleResult {
  setUserRole: AdminUser;
}

export const SET_USER_DISABLED_MUTATION = `mutation AdminSetUserDisabled($userId: ID!, $disabled: Boolean!) {
  setUserDisabled(userId: $userId, disabled: $disabled) { ${USER_FIELDS} }
}`;
export interface SetUserDisabledResult {
  setUserDisabled: AdminUser;
}

export const RESET_USER_PASSWORD_MUTATION = `mutation AdminResetUserPassword($userId: ID!) {
  resetUserPassword(userId: $userId)
}`;
export interface ResetUserPasswordResult {
  resetUserPassword: string;
}

export interface AdminKnownFake {
  id: string;
  sha256: string;
  originalName: string;
  mimeType: string;
  kind: 'IMAGE' | 'VIDEO' | 'SEQUENCE';
  url: string;
  family: ManipulationFamily;
  generator: string | null;
  source: string | null;
  dataset: string | null;
  notes: string | null;
  promotedFromMediaId: string | null;
  createdAt: string;
  createdBy: { id: string; email: string; displayName: string } | null;
  analysis: { id: string; status: AdminAnalysisStatus; progress: number; error: string | null } | null;
}

const KNOWN_FAKE_FIELDS = `id sha256 originalName mimeType kind url family generator source dataset notes
  promotedFromMediaId createdAt createdBy { id email displayName } analysis { id status progress error }`;

export const ADMIN_KNOWN_FAKES_QUERY = `query AdminKnownFakes($first: Int, $after: String, $family: ManipulationFamily) {
  knownFakes(first: $first, after: $after, family: $family) {
    edges { cursor node { ${KNOWN_FAKE_FIELDS} } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
export interface AdminKnownFakesResult {
  knownFakes: {
    edges: { cursor: string; node: AdminKnownFake }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

export interface KnownFakeLabelsInput {
  family: ManipulationFamily;
  generator: string | null;
  source: string | null;
  dataset: string | null;
  notes: string | null;
}

export const UPDATE_KNOWN_FAKE_MUTATION = `mutation AdminUpdateKnownFake($id: ID!, $input: UpdateKnownFakeInput!) {
  updateKnownFake(id: $id, input: $input) { ${KNOWN_FAKE_FIELDS} }
}`;
export interface UpdateKnownFakeResult {
  updateKnownFake: AdminKnownFake;
}

export const DELETE_KNOWN_FAKE_MUTATION = `mutation AdminDeleteKnownFake($id: ID!) { deleteKnownFake(id: $id) }`;
export interface DeleteKnownFakeResult {
  deleteKnownFake: boolean;
}

export const PROMOTE_TO_KNOWN_FAKES_MUTATION = `mutation PromoteToKnownFakes(
  $mediaId: ID!, $family: ManipulationFamily!, $generator: String, $source: String, $dataset: String, $notes: String
) {
  promoteToKnownFakes(mediaId: $mediaId, family: $family, generator: $generator, source: $source, dataset: $dataset, notes: $notes) {
    id
  }
}`;
export interface PromoteToKnownFakesResult {
  promoteToKnownFakes: { id: string };
}

export interface InstalledModel {
  id: string;
  workerId: string;
  host: string;
  kind: 'DETECTOR' | 'FACE';
  modelId: string;
  version: string;
  sha256: string | null;
  manifest: unknown;
  fixture: boolean;
  inUse: boolean;
  providersRequested: string[];
  providersUsed: string[];
  loadedAt: string;
}

export const INSTALLED_MODELS_QUERY = `query AdminInstalledModels {
  installedModels { id workerId host kind modelId version sha256 manifest fixture inUse providersRequested providersUsed loadedAt }
}`;
export interface InstalledModelsResult {
  installedModels: InstalledModel[];
}
