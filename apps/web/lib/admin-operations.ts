/**
 * GraphQL operations of the administration pages (issue 10 item 8): users, the known-fakes library
 * and the models the workers loaded. Administrators only, enforced by the API. Results are typed
 * from the documents (lib/gql); a user row's fields are AdminUsersView_User and a known fake's are
 * KnownFakeCard_KnownFake, beside the components that render them.
 */
import { graphql } from './gql';

export const ADMIN_USERS_QUERY = graphql(`
  query AdminUsers {
    users {
      ...AdminUsersView_User
    }
  }
`);

export const CREATE_USER_MUTATION = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      ...AdminUsersView_User
    }
  }
`);

export const SET_USER_ROLE_MUTATION = graphql(`
  mutation AdminSetUserRole($userId: ID!, $role: Role!) {
    setUserRole(userId: $userId, role: $role) {
      ...AdminUsersView_User
    }
  }
`);

export const SET_USER_DISABLED_MUTATION = graphql(`
  mutation AdminSetUserDisabled($userId: ID!, $disabled: Boolean!) {
    setUserDisabled(userId: $userId, disabled: $disabled) {
      ...AdminUsersView_User
    }
  }
`);

export const RESET_USER_PASSWORD_MUTATION = graphql(`
  mutation AdminResetUserPassword($userId: ID!) {
    resetUserPassword(userId: $userId)
  }
`);

export const ADMIN_KNOWN_FAKES_QUERY = graphql(`
  query AdminKnownFakes($first: Int, $after: String, $family: ManipulationFamily) {
    knownFakes(first: $first, after: $after, family: $family) {
      edges {
        cursor
        node {
          ...KnownFakeCard_KnownFake
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const UPDATE_KNOWN_FAKE_MUTATION = graphql(`
  mutation AdminUpdateKnownFake($id: ID!, $input: UpdateKnownFakeInput!) {
    updateKnownFake(id: $id, input: $input) {
      ...KnownFakeCard_KnownFake
    }
  }
`);

export const DELETE_KNOWN_FAKE_MUTATION = graphql(`
  mutation AdminDeleteKnownFake($id: ID!) {
    deleteKnownFake(id: $id)
  }
`);

export const PROMOTE_TO_KNOWN_FAKES_MUTATION = graphql(`
  mutation PromoteToKnownFakes(
    $mediaId: ID!
    $family: ManipulationFamily!
    $generator: String
    $source: String
    $dataset: String
    $notes: String
  ) {
    promoteToKnownFakes(
      mediaId: $mediaId
      family: $family
      generator: $generator
      source: $source
      dataset: $dataset
      notes: $notes
    ) {
      id
    }
  }
`);

export const INSTALLED_MODELS_QUERY = graphql(`
  query AdminInstalledModels {
    installedModels {
      id
      workerId
      host
      kind
      modelId
      version
      sha256
      manifest
      fixture
      inUse
      providersRequested
      providersUsed
      loadedAt
    }
  }
`);
