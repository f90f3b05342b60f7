/** GraphQL documents used by the web app, with their result shapes. */
import type { CaseConnection, CaseDetail, CaseSummary, User } from './types';

const USER_FIELDS = 'id email displayName role';
const CASE_SUMMARY_FIELDS = 'id title status createdAt myRole';
const CASE_DETAIL_FIELDS = `${CASE_SUMMARY_FIELDS} description updatedAt
  createdBy { ${USER_FIELDS} }
  members { role addedAt user { ${USER_FIELDS} } }`;

export const ME_QUERY = `query Me { me { ${USER_FIELDS} } }`;
export interface MeResult {
  me: User | null;
}

export const LOGIN_MUTATION = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { user { ${USER_FIELDS} } }
}`;
export interface LoginResult {
  login: { user: User };
}

export const LOGOUT_MUTATION = `mutation Logout { logout }`;
export interface LogoutResult {
  logout: boolean;
}

export const CASES_QUERY = `query Cases($first: Int, $after: String) {
  cases(first: $first, after: $after) {
    edges { cursor node { ${CASE_SUMMARY_FIELDS} } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
export interface CasesResult {
  cases: CaseConnection;
}

export const CREATE_CASE_MUTATION = `mutation CreateCase($input: CreateCaseInput!) {
  createCase(input: $input) { ${CASE_SUMMARY_FIELDS} }
}`;
export interface CreateCaseResult {
  createCase: CaseSummary;
}

export const CASE_QUERY = `query Case($id: ID!) { case(id: $id) { ${CASE_DETAIL_FIELDS} } }`;
export interface CaseResult {
  case: CaseDetail;
}

export const UPDATE_CASE_MUTATION = `mutation UpdateCase($id: ID!, $input: UpdateCaseInput!) {
  updateCase(id: $id, input: $input) { ${CASE_DETAIL_FIELDS} }
}`;
export interface UpdateCaseResult {
  updateCase: CaseDetail;
}

export const ADD_CASE_MEMBER_MUTATION = `mutation AddCaseMember($caseId: ID!, $email: String!, $role: CaseRole!) {
  addCaseMember(caseId: $caseId, email: $email, role: $role) { ${CASE_DETAIL_FIELDS} }
}`;
export interface AddCaseMemberResult {
  addCaseMember: CaseDetail;
}

export const REMOVE_CASE_MEMBER_MUTATION = `mutation RemoveCaseMember($caseId: ID!, $userId: ID!) {
  removeCaseMember(caseId: $caseId, userId: $userId) { ${CASE_DETAIL_FIELDS} }
}`;
export interface RemoveCaseMemberResult {
  removeCaseMember: CaseDetail;
}
