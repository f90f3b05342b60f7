/* eslint-disable */
import * as types from './graphql';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  fragment AdminUsersView_User on User {\n    id\n    email\n    displayName\n    role\n    disabled\n  }\n': typeof types.AdminUsersView_UserFragmentDoc;
  '\n  fragment AuditEventItem_Event on AuditEvent {\n    id\n    action\n    occurredAt\n    actor {\n      id\n      displayName\n      email\n    }\n    targetType\n    targetId\n    details\n    hash\n  }\n': typeof types.AuditEventItem_EventFragmentDoc;
  '\n  fragment CaseList_Case on Case {\n    id\n    title\n    status\n    createdAt\n    myRole\n  }\n': typeof types.CaseList_CaseFragmentDoc;
  '\n  fragment CaseView_Case on Case {\n    id\n    title\n    status\n    createdAt\n    myRole\n    description\n    updatedAt\n    tags\n    createdBy {\n      id\n      email\n      displayName\n      role\n    }\n    members {\n      role\n      addedAt\n      assigned\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n': typeof types.CaseView_CaseFragmentDoc;
  '\n  fragment EvidenceList_Media on Media {\n    id\n    caseId\n    originalName\n    kind\n    mimeType\n    sizeBytes\n    sha256\n    width\n    height\n    createdAt\n    url\n    video {\n      durationSec\n    }\n    sequence {\n      frameCount\n    }\n    analysis {\n      id\n      status\n      progress\n      error\n      attempts\n      detector {\n        installed\n        pFake\n        label\n        subject\n        rule\n        threshold\n        note\n        model {\n          id\n          version\n          sha256\n          isTestFixture\n        }\n      }\n      nearDuplicates {\n        knownFakeId\n        space\n        distance\n        score\n        knownFake {\n          id\n          originalName\n          family\n          source\n          generator\n          promotedFromMediaId\n        }\n      }\n    }\n    verdict {\n      id\n      value\n      createdAt\n    }\n  }\n': typeof types.EvidenceList_MediaFragmentDoc;
  '\n  fragment ForensicSignalsPanel_Signals on ForensicSignals {\n    jpeg {\n      ...JpegSignalsView_Jpeg\n    }\n    metadata {\n      ...MetadataSignalsView_Metadata\n    }\n    hashes {\n      ...HashesView_Hashes\n    }\n  }\n': typeof types.ForensicSignalsPanel_SignalsFragmentDoc;
  '\n  fragment HashesView_Hashes on PerceptualHashes {\n    phash\n    dhash\n  }\n': typeof types.HashesView_HashesFragmentDoc;
  '\n  fragment JpegSignalsView_Jpeg on JpegSignals {\n    isJpeg\n    estimatedQuality\n    doubleCompression {\n      suspected\n      score\n      method\n      explanation\n    }\n    progressive\n    subsampling\n    quantizationTables {\n      id\n      values\n    }\n  }\n': typeof types.JpegSignalsView_JpegFragmentDoc;
  '\n  fragment KnownFakeCard_KnownFake on KnownFake {\n    id\n    sha256\n    originalName\n    mimeType\n    kind\n    url\n    family\n    generator\n    source\n    dataset\n    notes\n    promotedFromMediaId\n    createdAt\n    createdBy {\n      id\n      email\n      displayName\n    }\n    analysis {\n      id\n      status\n      progress\n      error\n    }\n  }\n': typeof types.KnownFakeCard_KnownFakeFragmentDoc;
  '\n  fragment MapStatsLine_Map on MapSignals {\n    stats {\n      mean\n      p99\n      max\n    }\n    parameters {\n      name\n      value\n    }\n  }\n': typeof types.MapStatsLine_MapFragmentDoc;
  '\n  fragment MetadataSignalsView_Metadata on MetadataSignals {\n    camera {\n      make\n      model\n    }\n    software\n    timestamps {\n      original\n      digitized\n      modified\n    }\n    gpsPresent\n    gps {\n      latitude\n      longitude\n    }\n    missing\n    contradictions\n    raw\n  }\n': typeof types.MetadataSignalsView_MetadataFragmentDoc;
  '\n  fragment NotesPanel_Notes on NoteConnection {\n    edges {\n      cursor\n      node {\n        id\n        body\n        caseId\n        mediaId\n        createdAt\n        author {\n          id\n          displayName\n        }\n      }\n    }\n    totalCount\n  }\n': typeof types.NotesPanel_NotesFragmentDoc;
  '\n  fragment ReportItem_Report on Report {\n    id\n    status\n    progress\n    error\n    createdAt\n    finishedAt\n    pdfUrl\n    jsonUrl\n    pdfSha256\n    jsonSha256\n    generatorVersion\n    requestedBy {\n      id\n      displayName\n    }\n  }\n': typeof types.ReportItem_ReportFragmentDoc;
  '\n  fragment VerdictBanner_Verdict on Verdict {\n    id\n    value\n    createdAt\n    rationale\n    analysisIds\n    supersedesId\n    givenBy {\n      id\n      displayName\n    }\n  }\n': typeof types.VerdictBanner_VerdictFragmentDoc;
  '\n  query AdminUsers {\n    users {\n      ...AdminUsersView_User\n    }\n  }\n': typeof types.AdminUsersDocument;
  '\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...AdminUsersView_User\n    }\n  }\n': typeof types.AdminCreateUserDocument;
  '\n  mutation AdminSetUserRole($userId: ID!, $role: Role!) {\n    setUserRole(userId: $userId, role: $role) {\n      ...AdminUsersView_User\n    }\n  }\n': typeof types.AdminSetUserRoleDocument;
  '\n  mutation AdminSetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      ...AdminUsersView_User\n    }\n  }\n': typeof types.AdminSetUserDisabledDocument;
  '\n  mutation AdminResetUserPassword($userId: ID!) {\n    resetUserPassword(userId: $userId)\n  }\n': typeof types.AdminResetUserPasswordDocument;
  '\n  query AdminKnownFakes($first: Int, $after: String, $family: ManipulationFamily) {\n    knownFakes(first: $first, after: $after, family: $family) {\n      edges {\n        cursor\n        node {\n          ...KnownFakeCard_KnownFake\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n': typeof types.AdminKnownFakesDocument;
  '\n  mutation AdminUpdateKnownFake($id: ID!, $input: UpdateKnownFakeInput!) {\n    updateKnownFake(id: $id, input: $input) {\n      ...KnownFakeCard_KnownFake\n    }\n  }\n': typeof types.AdminUpdateKnownFakeDocument;
  '\n  mutation AdminDeleteKnownFake($id: ID!) {\n    deleteKnownFake(id: $id)\n  }\n': typeof types.AdminDeleteKnownFakeDocument;
  '\n  mutation PromoteToKnownFakes(\n    $mediaId: ID!\n    $family: ManipulationFamily!\n    $generator: String\n    $source: String\n    $dataset: String\n    $notes: String\n  ) {\n    promoteToKnownFakes(\n      mediaId: $mediaId\n      family: $family\n      generator: $generator\n      source: $source\n      dataset: $dataset\n      notes: $notes\n    ) {\n      id\n    }\n  }\n': typeof types.PromoteToKnownFakesDocument;
  '\n  query AdminInstalledModels {\n    installedModels {\n      id\n      workerId\n      host\n      kind\n      modelId\n      version\n      sha256\n      manifest\n      fixture\n      inUse\n      providersRequested\n      providersUsed\n      loadedAt\n    }\n  }\n': typeof types.AdminInstalledModelsDocument;
  '\n  query CaseAuditTimeline($id: ID!, $after: String, $action: String, $actorId: ID, $includeViews: Boolean) {\n    case(id: $id) {\n      id\n      title\n      members {\n        user {\n          id\n          displayName\n        }\n      }\n      auditEvents(first: 25, after: $after, action: $action, actorId: $actorId, includeViews: $includeViews) {\n        edges {\n          cursor\n          node {\n            ...AuditEventItem_Event\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n': typeof types.CaseAuditTimelineDocument;
  '\n  query Comparison($mediaId: ID!, $withMediaId: ID, $withKnownFakeId: ID) {\n    comparison(mediaId: $mediaId, withMediaId: $withMediaId, withKnownFakeId: $withKnownFakeId) {\n      media {\n        id\n        caseId\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        analysis {\n          detector {\n            model {\n              isTestFixture\n            }\n          }\n        }\n      }\n      otherMedia {\n        id\n        caseId\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        analysis {\n          detector {\n            model {\n              isTestFixture\n            }\n          }\n        }\n      }\n      knownFake {\n        id\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        family\n        generator\n        source\n        dataset\n        notes\n      }\n      spaces {\n        space\n        distance\n        score\n      }\n    }\n  }\n': typeof types.ComparisonDocument;
  '\n  query GalleryMedia($id: ID!, $first: Int, $after: String, $sort: MediaSort, $filter: MediaFilter) {\n    case(id: $id) {\n      id\n      media(first: $first, after: $after, sort: $sort, filter: $filter) {\n        edges {\n          cursor\n          node {\n            ...EvidenceList_Media\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n        unfilteredCount\n      }\n    }\n  }\n': typeof types.GalleryMediaDocument;
  '\n  query MediaPosition($caseId: ID!, $mediaId: ID!, $sort: MediaSort, $filter: MediaFilter) {\n    case(id: $caseId) {\n      id\n      mediaPosition(mediaId: $mediaId, sort: $sort, filter: $filter) {\n        position\n        total\n        previous {\n          id\n          originalName\n        }\n        next {\n          id\n          originalName\n        }\n      }\n    }\n  }\n': typeof types.MediaPositionDocument;
  '\n  query FaceHeatmaps($id: ID!) {\n    media(id: $id) {\n      analysis {\n        status\n        faceHeatmaps {\n          id\n          kind\n          faceIndex\n          url\n          overlayUrl\n          width\n          height\n          frameIndex\n        }\n      }\n    }\n  }\n': typeof types.FaceHeatmapsDocument;
  '\n  query Me {\n    me {\n      id\n      email\n      displayName\n      role\n    }\n  }\n': typeof types.MeDocument;
  '\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n': typeof types.LoginDocument;
  '\n  mutation Logout {\n    logout\n  }\n': typeof types.LogoutDocument;
  '\n  query Cases($first: Int, $after: String) {\n    cases(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...CaseList_Case\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n': typeof types.CasesDocument;
  '\n  mutation CreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      ...CaseList_Case\n    }\n  }\n': typeof types.CreateCaseDocument;
  '\n  query Case($id: ID!) {\n    case(id: $id) {\n      ...CaseView_Case\n    }\n  }\n': typeof types.CaseDocument;
  '\n  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!) {\n    updateCase(id: $id, input: $input) {\n      ...CaseView_Case\n    }\n  }\n': typeof types.UpdateCaseDocument;
  '\n  mutation AddCaseMember($caseId: ID!, $email: String!, $role: CaseRole!) {\n    addCaseMember(caseId: $caseId, email: $email, role: $role) {\n      ...CaseView_Case\n    }\n  }\n': typeof types.AddCaseMemberDocument;
  '\n  mutation RemoveCaseMember($caseId: ID!, $userId: ID!) {\n    removeCaseMember(caseId: $caseId, userId: $userId) {\n      ...CaseView_Case\n    }\n  }\n': typeof types.RemoveCaseMemberDocument;
  '\n  mutation SetCaseStatus($caseId: ID!, $status: CaseStatus!, $reason: String) {\n    setCaseStatus(caseId: $caseId, status: $status, reason: $reason) {\n      ...CaseView_Case\n    }\n  }\n': typeof types.SetCaseStatusDocument;
  '\n  mutation SetCaseTags($caseId: ID!, $tags: [String!]!) {\n    setCaseTags(caseId: $caseId, tags: $tags) {\n      ...CaseView_Case\n    }\n  }\n': typeof types.SetCaseTagsDocument;
  '\n  mutation SetCaseAssignee($caseId: ID!, $userId: ID!, $assigned: Boolean!) {\n    setCaseAssignee(caseId: $caseId, userId: $userId, assigned: $assigned) {\n      ...CaseView_Case\n    }\n  }\n': typeof types.SetCaseAssigneeDocument;
  '\n  query CaseNotes($id: ID!) {\n    case(id: $id) {\n      id\n      notes(first: 50) {\n        ...NotesPanel_Notes\n      }\n    }\n  }\n': typeof types.CaseNotesDocument;
  '\n  query MediaNotes($id: ID!) {\n    media(id: $id) {\n      id\n      notes(first: 50) {\n        ...NotesPanel_Notes\n      }\n    }\n  }\n': typeof types.MediaNotesDocument;
  '\n  mutation AddNote($caseId: ID!, $mediaId: ID, $body: String!) {\n    addNote(caseId: $caseId, mediaId: $mediaId, body: $body) {\n      id\n    }\n  }\n': typeof types.AddNoteDocument;
  '\n  query CaseMedia($id: ID!, $first: Int, $after: String) {\n    case(id: $id) {\n      id\n      media(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...EvidenceList_Media\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n': typeof types.CaseMediaDocument;
  '\n  query Media($id: ID!, $caseId: ID!) {\n    media(id: $id) {\n      id\n      caseId\n      originalName\n      kind\n      mimeType\n      sizeBytes\n      sha256\n      width\n      height\n      createdAt\n      url\n      video {\n        container\n        codec\n        profile\n        durationSec\n        fps\n        frameCount\n        width\n        height\n        rotation\n        variableFrameRate\n        audio {\n          codec\n          channels\n          sampleRate\n        }\n      }\n      sequence {\n        frameCount\n        ignored\n        uncompressedBytes\n        sequences {\n          name\n          frames\n        }\n      }\n      uploadedBy {\n        id\n        email\n        displayName\n        role\n      }\n      analysis {\n        id\n        status\n        progress\n        error\n        attempts\n        detector {\n          installed\n          pFake\n          label\n          subject\n          rule\n          threshold\n          note\n          model {\n            id\n            version\n            sha256\n            isTestFixture\n          }\n        }\n        nearDuplicates {\n          knownFakeId\n          space\n          distance\n          score\n          knownFake {\n            id\n            originalName\n            family\n            source\n            generator\n            promotedFromMediaId\n          }\n        }\n        codeVersion\n        queuedAt\n        startedAt\n        finishedAt\n        faces {\n          box {\n            x\n            y\n            width\n            height\n          }\n          score\n          primary\n          pFake\n        }\n        heatmaps {\n          id\n          kind\n          url\n          overlayUrl\n          width\n          height\n          frameIndex\n        }\n        signals {\n          ...ForensicSignalsPanel_Signals\n          maps {\n            kind\n            ...MapStatsLine_Map\n          }\n        }\n        preprocessing\n        frames {\n          index\n          timeSec\n          memberName\n          pFake\n          subject\n          width\n          height\n          thumbnailUrl\n          faces {\n            track\n            box {\n              x\n              y\n              width\n              height\n            }\n            score\n            pFake\n          }\n        }\n        tracks {\n          id\n          primary\n          frames\n          meanPFake\n          maxPFake\n          fractionAbove\n        }\n        segments {\n          startSec\n          endSec\n          firstFrame\n          lastFrame\n          peak\n          track\n        }\n      }\n      verdicts {\n        ...VerdictBanner_Verdict\n      }\n    }\n    case(id: $caseId) {\n      id\n      title\n      status\n      myRole\n    }\n  }\n': typeof types.MediaDocument;
  '\n  mutation GiveVerdict($mediaId: ID!, $value: VerdictValue!, $rationale: String!, $analysisIds: [ID!]) {\n    giveVerdict(mediaId: $mediaId, value: $value, rationale: $rationale, analysisIds: $analysisIds) {\n      ...VerdictBanner_Verdict\n    }\n  }\n': typeof types.GiveVerdictDocument;
  '\n  query Similar($id: ID!, $space: SimilaritySpace!, $scope: SimilarityScope!) {\n    similar(mediaId: $id, space: $space, scope: $scope, k: 12) {\n      score\n      distance\n      kind\n      matchedFace {\n        faceIndex\n      }\n      media {\n        id\n        caseId\n        originalName\n        url\n      }\n      knownFake {\n        id\n        originalName\n        family\n        source\n        generator\n        promotedFromMediaId\n      }\n    }\n  }\n': typeof types.SimilarDocument;
  '\n  query CaseReports($id: ID!) {\n    case(id: $id) {\n      id\n      reports {\n        ...ReportItem_Report\n      }\n    }\n  }\n': typeof types.CaseReportsDocument;
  '\n  mutation GenerateReport($caseId: ID!, $options: ReportOptionsInput) {\n    generateReport(caseId: $caseId, options: $options) {\n      ...ReportItem_Report\n    }\n  }\n': typeof types.GenerateReportDocument;
};
const documents: Documents = {
  '\n  fragment AdminUsersView_User on User {\n    id\n    email\n    displayName\n    role\n    disabled\n  }\n':
    types.AdminUsersView_UserFragmentDoc,
  '\n  fragment AuditEventItem_Event on AuditEvent {\n    id\n    action\n    occurredAt\n    actor {\n      id\n      displayName\n      email\n    }\n    targetType\n    targetId\n    details\n    hash\n  }\n':
    types.AuditEventItem_EventFragmentDoc,
  '\n  fragment CaseList_Case on Case {\n    id\n    title\n    status\n    createdAt\n    myRole\n  }\n':
    types.CaseList_CaseFragmentDoc,
  '\n  fragment CaseView_Case on Case {\n    id\n    title\n    status\n    createdAt\n    myRole\n    description\n    updatedAt\n    tags\n    createdBy {\n      id\n      email\n      displayName\n      role\n    }\n    members {\n      role\n      addedAt\n      assigned\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n':
    types.CaseView_CaseFragmentDoc,
  '\n  fragment EvidenceList_Media on Media {\n    id\n    caseId\n    originalName\n    kind\n    mimeType\n    sizeBytes\n    sha256\n    width\n    height\n    createdAt\n    url\n    video {\n      durationSec\n    }\n    sequence {\n      frameCount\n    }\n    analysis {\n      id\n      status\n      progress\n      error\n      attempts\n      detector {\n        installed\n        pFake\n        label\n        subject\n        rule\n        threshold\n        note\n        model {\n          id\n          version\n          sha256\n          isTestFixture\n        }\n      }\n      nearDuplicates {\n        knownFakeId\n        space\n        distance\n        score\n        knownFake {\n          id\n          originalName\n          family\n          source\n          generator\n          promotedFromMediaId\n        }\n      }\n    }\n    verdict {\n      id\n      value\n      createdAt\n    }\n  }\n':
    types.EvidenceList_MediaFragmentDoc,
  '\n  fragment ForensicSignalsPanel_Signals on ForensicSignals {\n    jpeg {\n      ...JpegSignalsView_Jpeg\n    }\n    metadata {\n      ...MetadataSignalsView_Metadata\n    }\n    hashes {\n      ...HashesView_Hashes\n    }\n  }\n':
    types.ForensicSignalsPanel_SignalsFragmentDoc,
  '\n  fragment HashesView_Hashes on PerceptualHashes {\n    phash\n    dhash\n  }\n':
    types.HashesView_HashesFragmentDoc,
  '\n  fragment JpegSignalsView_Jpeg on JpegSignals {\n    isJpeg\n    estimatedQuality\n    doubleCompression {\n      suspected\n      score\n      method\n      explanation\n    }\n    progressive\n    subsampling\n    quantizationTables {\n      id\n      values\n    }\n  }\n':
    types.JpegSignalsView_JpegFragmentDoc,
  '\n  fragment KnownFakeCard_KnownFake on KnownFake {\n    id\n    sha256\n    originalName\n    mimeType\n    kind\n    url\n    family\n    generator\n    source\n    dataset\n    notes\n    promotedFromMediaId\n    createdAt\n    createdBy {\n      id\n      email\n      displayName\n    }\n    analysis {\n      id\n      status\n      progress\n      error\n    }\n  }\n':
    types.KnownFakeCard_KnownFakeFragmentDoc,
  '\n  fragment MapStatsLine_Map on MapSignals {\n    stats {\n      mean\n      p99\n      max\n    }\n    parameters {\n      name\n      value\n    }\n  }\n':
    types.MapStatsLine_MapFragmentDoc,
  '\n  fragment MetadataSignalsView_Metadata on MetadataSignals {\n    camera {\n      make\n      model\n    }\n    software\n    timestamps {\n      original\n      digitized\n      modified\n    }\n    gpsPresent\n    gps {\n      latitude\n      longitude\n    }\n    missing\n    contradictions\n    raw\n  }\n':
    types.MetadataSignalsView_MetadataFragmentDoc,
  '\n  fragment NotesPanel_Notes on NoteConnection {\n    edges {\n      cursor\n      node {\n        id\n        body\n        caseId\n        mediaId\n        createdAt\n        author {\n          id\n          displayName\n        }\n      }\n    }\n    totalCount\n  }\n':
    types.NotesPanel_NotesFragmentDoc,
  '\n  fragment ReportItem_Report on Report {\n    id\n    status\n    progress\n    error\n    createdAt\n    finishedAt\n    pdfUrl\n    jsonUrl\n    pdfSha256\n    jsonSha256\n    generatorVersion\n    requestedBy {\n      id\n      displayName\n    }\n  }\n':
    types.ReportItem_ReportFragmentDoc,
  '\n  fragment VerdictBanner_Verdict on Verdict {\n    id\n    value\n    createdAt\n    rationale\n    analysisIds\n    supersedesId\n    givenBy {\n      id\n      displayName\n    }\n  }\n':
    types.VerdictBanner_VerdictFragmentDoc,
  '\n  query AdminUsers {\n    users {\n      ...AdminUsersView_User\n    }\n  }\n': types.AdminUsersDocument,
  '\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...AdminUsersView_User\n    }\n  }\n':
    types.AdminCreateUserDocument,
  '\n  mutation AdminSetUserRole($userId: ID!, $role: Role!) {\n    setUserRole(userId: $userId, role: $role) {\n      ...AdminUsersView_User\n    }\n  }\n':
    types.AdminSetUserRoleDocument,
  '\n  mutation AdminSetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      ...AdminUsersView_User\n    }\n  }\n':
    types.AdminSetUserDisabledDocument,
  '\n  mutation AdminResetUserPassword($userId: ID!) {\n    resetUserPassword(userId: $userId)\n  }\n':
    types.AdminResetUserPasswordDocument,
  '\n  query AdminKnownFakes($first: Int, $after: String, $family: ManipulationFamily) {\n    knownFakes(first: $first, after: $after, family: $family) {\n      edges {\n        cursor\n        node {\n          ...KnownFakeCard_KnownFake\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n':
    types.AdminKnownFakesDocument,
  '\n  mutation AdminUpdateKnownFake($id: ID!, $input: UpdateKnownFakeInput!) {\n    updateKnownFake(id: $id, input: $input) {\n      ...KnownFakeCard_KnownFake\n    }\n  }\n':
    types.AdminUpdateKnownFakeDocument,
  '\n  mutation AdminDeleteKnownFake($id: ID!) {\n    deleteKnownFake(id: $id)\n  }\n':
    types.AdminDeleteKnownFakeDocument,
  '\n  mutation PromoteToKnownFakes(\n    $mediaId: ID!\n    $family: ManipulationFamily!\n    $generator: String\n    $source: String\n    $dataset: String\n    $notes: String\n  ) {\n    promoteToKnownFakes(\n      mediaId: $mediaId\n      family: $family\n      generator: $generator\n      source: $source\n      dataset: $dataset\n      notes: $notes\n    ) {\n      id\n    }\n  }\n':
    types.PromoteToKnownFakesDocument,
  '\n  query AdminInstalledModels {\n    installedModels {\n      id\n      workerId\n      host\n      kind\n      modelId\n      version\n      sha256\n      manifest\n      fixture\n      inUse\n      providersRequested\n      providersUsed\n      loadedAt\n    }\n  }\n':
    types.AdminInstalledModelsDocument,
  '\n  query CaseAuditTimeline($id: ID!, $after: String, $action: String, $actorId: ID, $includeViews: Boolean) {\n    case(id: $id) {\n      id\n      title\n      members {\n        user {\n          id\n          displayName\n        }\n      }\n      auditEvents(first: 25, after: $after, action: $action, actorId: $actorId, includeViews: $includeViews) {\n        edges {\n          cursor\n          node {\n            ...AuditEventItem_Event\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n':
    types.CaseAuditTimelineDocument,
  '\n  query Comparison($mediaId: ID!, $withMediaId: ID, $withKnownFakeId: ID) {\n    comparison(mediaId: $mediaId, withMediaId: $withMediaId, withKnownFakeId: $withKnownFakeId) {\n      media {\n        id\n        caseId\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        analysis {\n          detector {\n            model {\n              isTestFixture\n            }\n          }\n        }\n      }\n      otherMedia {\n        id\n        caseId\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        analysis {\n          detector {\n            model {\n              isTestFixture\n            }\n          }\n        }\n      }\n      knownFake {\n        id\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        family\n        generator\n        source\n        dataset\n        notes\n      }\n      spaces {\n        space\n        distance\n        score\n      }\n    }\n  }\n':
    types.ComparisonDocument,
  '\n  query GalleryMedia($id: ID!, $first: Int, $after: String, $sort: MediaSort, $filter: MediaFilter) {\n    case(id: $id) {\n      id\n      media(first: $first, after: $after, sort: $sort, filter: $filter) {\n        edges {\n          cursor\n          node {\n            ...EvidenceList_Media\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n        unfilteredCount\n      }\n    }\n  }\n':
    types.GalleryMediaDocument,
  '\n  query MediaPosition($caseId: ID!, $mediaId: ID!, $sort: MediaSort, $filter: MediaFilter) {\n    case(id: $caseId) {\n      id\n      mediaPosition(mediaId: $mediaId, sort: $sort, filter: $filter) {\n        position\n        total\n        previous {\n          id\n          originalName\n        }\n        next {\n          id\n          originalName\n        }\n      }\n    }\n  }\n':
    types.MediaPositionDocument,
  '\n  query FaceHeatmaps($id: ID!) {\n    media(id: $id) {\n      analysis {\n        status\n        faceHeatmaps {\n          id\n          kind\n          faceIndex\n          url\n          overlayUrl\n          width\n          height\n          frameIndex\n        }\n      }\n    }\n  }\n':
    types.FaceHeatmapsDocument,
  '\n  query Me {\n    me {\n      id\n      email\n      displayName\n      role\n    }\n  }\n':
    types.MeDocument,
  '\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n':
    types.LoginDocument,
  '\n  mutation Logout {\n    logout\n  }\n': types.LogoutDocument,
  '\n  query Cases($first: Int, $after: String) {\n    cases(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...CaseList_Case\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n':
    types.CasesDocument,
  '\n  mutation CreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      ...CaseList_Case\n    }\n  }\n':
    types.CreateCaseDocument,
  '\n  query Case($id: ID!) {\n    case(id: $id) {\n      ...CaseView_Case\n    }\n  }\n': types.CaseDocument,
  '\n  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!) {\n    updateCase(id: $id, input: $input) {\n      ...CaseView_Case\n    }\n  }\n':
    types.UpdateCaseDocument,
  '\n  mutation AddCaseMember($caseId: ID!, $email: String!, $role: CaseRole!) {\n    addCaseMember(caseId: $caseId, email: $email, role: $role) {\n      ...CaseView_Case\n    }\n  }\n':
    types.AddCaseMemberDocument,
  '\n  mutation RemoveCaseMember($caseId: ID!, $userId: ID!) {\n    removeCaseMember(caseId: $caseId, userId: $userId) {\n      ...CaseView_Case\n    }\n  }\n':
    types.RemoveCaseMemberDocument,
  '\n  mutation SetCaseStatus($caseId: ID!, $status: CaseStatus!, $reason: String) {\n    setCaseStatus(caseId: $caseId, status: $status, reason: $reason) {\n      ...CaseView_Case\n    }\n  }\n':
    types.SetCaseStatusDocument,
  '\n  mutation SetCaseTags($caseId: ID!, $tags: [String!]!) {\n    setCaseTags(caseId: $caseId, tags: $tags) {\n      ...CaseView_Case\n    }\n  }\n':
    types.SetCaseTagsDocument,
  '\n  mutation SetCaseAssignee($caseId: ID!, $userId: ID!, $assigned: Boolean!) {\n    setCaseAssignee(caseId: $caseId, userId: $userId, assigned: $assigned) {\n      ...CaseView_Case\n    }\n  }\n':
    types.SetCaseAssigneeDocument,
  '\n  query CaseNotes($id: ID!) {\n    case(id: $id) {\n      id\n      notes(first: 50) {\n        ...NotesPanel_Notes\n      }\n    }\n  }\n':
    types.CaseNotesDocument,
  '\n  query MediaNotes($id: ID!) {\n    media(id: $id) {\n      id\n      notes(first: 50) {\n        ...NotesPanel_Notes\n      }\n    }\n  }\n':
    types.MediaNotesDocument,
  '\n  mutation AddNote($caseId: ID!, $mediaId: ID, $body: String!) {\n    addNote(caseId: $caseId, mediaId: $mediaId, body: $body) {\n      id\n    }\n  }\n':
    types.AddNoteDocument,
  '\n  query CaseMedia($id: ID!, $first: Int, $after: String) {\n    case(id: $id) {\n      id\n      media(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...EvidenceList_Media\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n':
    types.CaseMediaDocument,
  '\n  query Media($id: ID!, $caseId: ID!) {\n    media(id: $id) {\n      id\n      caseId\n      originalName\n      kind\n      mimeType\n      sizeBytes\n      sha256\n      width\n      height\n      createdAt\n      url\n      video {\n        container\n        codec\n        profile\n        durationSec\n        fps\n        frameCount\n        width\n        height\n        rotation\n        variableFrameRate\n        audio {\n          codec\n          channels\n          sampleRate\n        }\n      }\n      sequence {\n        frameCount\n        ignored\n        uncompressedBytes\n        sequences {\n          name\n          frames\n        }\n      }\n      uploadedBy {\n        id\n        email\n        displayName\n        role\n      }\n      analysis {\n        id\n        status\n        progress\n        error\n        attempts\n        detector {\n          installed\n          pFake\n          label\n          subject\n          rule\n          threshold\n          note\n          model {\n            id\n            version\n            sha256\n            isTestFixture\n          }\n        }\n        nearDuplicates {\n          knownFakeId\n          space\n          distance\n          score\n          knownFake {\n            id\n            originalName\n            family\n            source\n            generator\n            promotedFromMediaId\n          }\n        }\n        codeVersion\n        queuedAt\n        startedAt\n        finishedAt\n        faces {\n          box {\n            x\n            y\n            width\n            height\n          }\n          score\n          primary\n          pFake\n        }\n        heatmaps {\n          id\n          kind\n          url\n          overlayUrl\n          width\n          height\n          frameIndex\n        }\n        signals {\n          ...ForensicSignalsPanel_Signals\n          maps {\n            kind\n            ...MapStatsLine_Map\n          }\n        }\n        preprocessing\n        frames {\n          index\n          timeSec\n          memberName\n          pFake\n          subject\n          width\n          height\n          thumbnailUrl\n          faces {\n            track\n            box {\n              x\n              y\n              width\n              height\n            }\n            score\n            pFake\n          }\n        }\n        tracks {\n          id\n          primary\n          frames\n          meanPFake\n          maxPFake\n          fractionAbove\n        }\n        segments {\n          startSec\n          endSec\n          firstFrame\n          lastFrame\n          peak\n          track\n        }\n      }\n      verdicts {\n        ...VerdictBanner_Verdict\n      }\n    }\n    case(id: $caseId) {\n      id\n      title\n      status\n      myRole\n    }\n  }\n':
    types.MediaDocument,
  '\n  mutation GiveVerdict($mediaId: ID!, $value: VerdictValue!, $rationale: String!, $analysisIds: [ID!]) {\n    giveVerdict(mediaId: $mediaId, value: $value, rationale: $rationale, analysisIds: $analysisIds) {\n      ...VerdictBanner_Verdict\n    }\n  }\n':
    types.GiveVerdictDocument,
  '\n  query Similar($id: ID!, $space: SimilaritySpace!, $scope: SimilarityScope!) {\n    similar(mediaId: $id, space: $space, scope: $scope, k: 12) {\n      score\n      distance\n      kind\n      matchedFace {\n        faceIndex\n      }\n      media {\n        id\n        caseId\n        originalName\n        url\n      }\n      knownFake {\n        id\n        originalName\n        family\n        source\n        generator\n        promotedFromMediaId\n      }\n    }\n  }\n':
    types.SimilarDocument,
  '\n  query CaseReports($id: ID!) {\n    case(id: $id) {\n      id\n      reports {\n        ...ReportItem_Report\n      }\n    }\n  }\n':
    types.CaseReportsDocument,
  '\n  mutation GenerateReport($caseId: ID!, $options: ReportOptionsInput) {\n    generateReport(caseId: $caseId, options: $options) {\n      ...ReportItem_Report\n    }\n  }\n':
    types.GenerateReportDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment AdminUsersView_User on User {\n    id\n    email\n    displayName\n    role\n    disabled\n  }\n',
): typeof import('./graphql').AdminUsersView_UserFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment AuditEventItem_Event on AuditEvent {\n    id\n    action\n    occurredAt\n    actor {\n      id\n      displayName\n      email\n    }\n    targetType\n    targetId\n    details\n    hash\n  }\n',
): typeof import('./graphql').AuditEventItem_EventFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment CaseList_Case on Case {\n    id\n    title\n    status\n    createdAt\n    myRole\n  }\n',
): typeof import('./graphql').CaseList_CaseFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment CaseView_Case on Case {\n    id\n    title\n    status\n    createdAt\n    myRole\n    description\n    updatedAt\n    tags\n    createdBy {\n      id\n      email\n      displayName\n      role\n    }\n    members {\n      role\n      addedAt\n      assigned\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n',
): typeof import('./graphql').CaseView_CaseFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment EvidenceList_Media on Media {\n    id\n    caseId\n    originalName\n    kind\n    mimeType\n    sizeBytes\n    sha256\n    width\n    height\n    createdAt\n    url\n    video {\n      durationSec\n    }\n    sequence {\n      frameCount\n    }\n    analysis {\n      id\n      status\n      progress\n      error\n      attempts\n      detector {\n        installed\n        pFake\n        label\n        subject\n        rule\n        threshold\n        note\n        model {\n          id\n          version\n          sha256\n          isTestFixture\n        }\n      }\n      nearDuplicates {\n        knownFakeId\n        space\n        distance\n        score\n        knownFake {\n          id\n          originalName\n          family\n          source\n          generator\n          promotedFromMediaId\n        }\n      }\n    }\n    verdict {\n      id\n      value\n      createdAt\n    }\n  }\n',
): typeof import('./graphql').EvidenceList_MediaFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment ForensicSignalsPanel_Signals on ForensicSignals {\n    jpeg {\n      ...JpegSignalsView_Jpeg\n    }\n    metadata {\n      ...MetadataSignalsView_Metadata\n    }\n    hashes {\n      ...HashesView_Hashes\n    }\n  }\n',
): typeof import('./graphql').ForensicSignalsPanel_SignalsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment HashesView_Hashes on PerceptualHashes {\n    phash\n    dhash\n  }\n',
): typeof import('./graphql').HashesView_HashesFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment JpegSignalsView_Jpeg on JpegSignals {\n    isJpeg\n    estimatedQuality\n    doubleCompression {\n      suspected\n      score\n      method\n      explanation\n    }\n    progressive\n    subsampling\n    quantizationTables {\n      id\n      values\n    }\n  }\n',
): typeof import('./graphql').JpegSignalsView_JpegFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment KnownFakeCard_KnownFake on KnownFake {\n    id\n    sha256\n    originalName\n    mimeType\n    kind\n    url\n    family\n    generator\n    source\n    dataset\n    notes\n    promotedFromMediaId\n    createdAt\n    createdBy {\n      id\n      email\n      displayName\n    }\n    analysis {\n      id\n      status\n      progress\n      error\n    }\n  }\n',
): typeof import('./graphql').KnownFakeCard_KnownFakeFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment MapStatsLine_Map on MapSignals {\n    stats {\n      mean\n      p99\n      max\n    }\n    parameters {\n      name\n      value\n    }\n  }\n',
): typeof import('./graphql').MapStatsLine_MapFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment MetadataSignalsView_Metadata on MetadataSignals {\n    camera {\n      make\n      model\n    }\n    software\n    timestamps {\n      original\n      digitized\n      modified\n    }\n    gpsPresent\n    gps {\n      latitude\n      longitude\n    }\n    missing\n    contradictions\n    raw\n  }\n',
): typeof import('./graphql').MetadataSignalsView_MetadataFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment NotesPanel_Notes on NoteConnection {\n    edges {\n      cursor\n      node {\n        id\n        body\n        caseId\n        mediaId\n        createdAt\n        author {\n          id\n          displayName\n        }\n      }\n    }\n    totalCount\n  }\n',
): typeof import('./graphql').NotesPanel_NotesFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment ReportItem_Report on Report {\n    id\n    status\n    progress\n    error\n    createdAt\n    finishedAt\n    pdfUrl\n    jsonUrl\n    pdfSha256\n    jsonSha256\n    generatorVersion\n    requestedBy {\n      id\n      displayName\n    }\n  }\n',
): typeof import('./graphql').ReportItem_ReportFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment VerdictBanner_Verdict on Verdict {\n    id\n    value\n    createdAt\n    rationale\n    analysisIds\n    supersedesId\n    givenBy {\n      id\n      displayName\n    }\n  }\n',
): typeof import('./graphql').VerdictBanner_VerdictFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminUsers {\n    users {\n      ...AdminUsersView_User\n    }\n  }\n',
): typeof import('./graphql').AdminUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminCreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...AdminUsersView_User\n    }\n  }\n',
): typeof import('./graphql').AdminCreateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminSetUserRole($userId: ID!, $role: Role!) {\n    setUserRole(userId: $userId, role: $role) {\n      ...AdminUsersView_User\n    }\n  }\n',
): typeof import('./graphql').AdminSetUserRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminSetUserDisabled($userId: ID!, $disabled: Boolean!) {\n    setUserDisabled(userId: $userId, disabled: $disabled) {\n      ...AdminUsersView_User\n    }\n  }\n',
): typeof import('./graphql').AdminSetUserDisabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminResetUserPassword($userId: ID!) {\n    resetUserPassword(userId: $userId)\n  }\n',
): typeof import('./graphql').AdminResetUserPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminKnownFakes($first: Int, $after: String, $family: ManipulationFamily) {\n    knownFakes(first: $first, after: $after, family: $family) {\n      edges {\n        cursor\n        node {\n          ...KnownFakeCard_KnownFake\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n',
): typeof import('./graphql').AdminKnownFakesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminUpdateKnownFake($id: ID!, $input: UpdateKnownFakeInput!) {\n    updateKnownFake(id: $id, input: $input) {\n      ...KnownFakeCard_KnownFake\n    }\n  }\n',
): typeof import('./graphql').AdminUpdateKnownFakeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminDeleteKnownFake($id: ID!) {\n    deleteKnownFake(id: $id)\n  }\n',
): typeof import('./graphql').AdminDeleteKnownFakeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation PromoteToKnownFakes(\n    $mediaId: ID!\n    $family: ManipulationFamily!\n    $generator: String\n    $source: String\n    $dataset: String\n    $notes: String\n  ) {\n    promoteToKnownFakes(\n      mediaId: $mediaId\n      family: $family\n      generator: $generator\n      source: $source\n      dataset: $dataset\n      notes: $notes\n    ) {\n      id\n    }\n  }\n',
): typeof import('./graphql').PromoteToKnownFakesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminInstalledModels {\n    installedModels {\n      id\n      workerId\n      host\n      kind\n      modelId\n      version\n      sha256\n      manifest\n      fixture\n      inUse\n      providersRequested\n      providersUsed\n      loadedAt\n    }\n  }\n',
): typeof import('./graphql').AdminInstalledModelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CaseAuditTimeline($id: ID!, $after: String, $action: String, $actorId: ID, $includeViews: Boolean) {\n    case(id: $id) {\n      id\n      title\n      members {\n        user {\n          id\n          displayName\n        }\n      }\n      auditEvents(first: 25, after: $after, action: $action, actorId: $actorId, includeViews: $includeViews) {\n        edges {\n          cursor\n          node {\n            ...AuditEventItem_Event\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n',
): typeof import('./graphql').CaseAuditTimelineDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Comparison($mediaId: ID!, $withMediaId: ID, $withKnownFakeId: ID) {\n    comparison(mediaId: $mediaId, withMediaId: $withMediaId, withKnownFakeId: $withKnownFakeId) {\n      media {\n        id\n        caseId\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        analysis {\n          detector {\n            model {\n              isTestFixture\n            }\n          }\n        }\n      }\n      otherMedia {\n        id\n        caseId\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        analysis {\n          detector {\n            model {\n              isTestFixture\n            }\n          }\n        }\n      }\n      knownFake {\n        id\n        originalName\n        kind\n        width\n        height\n        url\n        sha256\n        family\n        generator\n        source\n        dataset\n        notes\n      }\n      spaces {\n        space\n        distance\n        score\n      }\n    }\n  }\n',
): typeof import('./graphql').ComparisonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query GalleryMedia($id: ID!, $first: Int, $after: String, $sort: MediaSort, $filter: MediaFilter) {\n    case(id: $id) {\n      id\n      media(first: $first, after: $after, sort: $sort, filter: $filter) {\n        edges {\n          cursor\n          node {\n            ...EvidenceList_Media\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n        unfilteredCount\n      }\n    }\n  }\n',
): typeof import('./graphql').GalleryMediaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query MediaPosition($caseId: ID!, $mediaId: ID!, $sort: MediaSort, $filter: MediaFilter) {\n    case(id: $caseId) {\n      id\n      mediaPosition(mediaId: $mediaId, sort: $sort, filter: $filter) {\n        position\n        total\n        previous {\n          id\n          originalName\n        }\n        next {\n          id\n          originalName\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').MediaPositionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query FaceHeatmaps($id: ID!) {\n    media(id: $id) {\n      analysis {\n        status\n        faceHeatmaps {\n          id\n          kind\n          faceIndex\n          url\n          overlayUrl\n          width\n          height\n          frameIndex\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').FaceHeatmapsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Me {\n    me {\n      id\n      email\n      displayName\n      role\n    }\n  }\n',
): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      user {\n        id\n        email\n        displayName\n        role\n      }\n    }\n  }\n',
): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation Logout {\n    logout\n  }\n',
): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Cases($first: Int, $after: String) {\n    cases(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...CaseList_Case\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n',
): typeof import('./graphql').CasesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      ...CaseList_Case\n    }\n  }\n',
): typeof import('./graphql').CreateCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Case($id: ID!) {\n    case(id: $id) {\n      ...CaseView_Case\n    }\n  }\n',
): typeof import('./graphql').CaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!) {\n    updateCase(id: $id, input: $input) {\n      ...CaseView_Case\n    }\n  }\n',
): typeof import('./graphql').UpdateCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddCaseMember($caseId: ID!, $email: String!, $role: CaseRole!) {\n    addCaseMember(caseId: $caseId, email: $email, role: $role) {\n      ...CaseView_Case\n    }\n  }\n',
): typeof import('./graphql').AddCaseMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RemoveCaseMember($caseId: ID!, $userId: ID!) {\n    removeCaseMember(caseId: $caseId, userId: $userId) {\n      ...CaseView_Case\n    }\n  }\n',
): typeof import('./graphql').RemoveCaseMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SetCaseStatus($caseId: ID!, $status: CaseStatus!, $reason: String) {\n    setCaseStatus(caseId: $caseId, status: $status, reason: $reason) {\n      ...CaseView_Case\n    }\n  }\n',
): typeof import('./graphql').SetCaseStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SetCaseTags($caseId: ID!, $tags: [String!]!) {\n    setCaseTags(caseId: $caseId, tags: $tags) {\n      ...CaseView_Case\n    }\n  }\n',
): typeof import('./graphql').SetCaseTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SetCaseAssignee($caseId: ID!, $userId: ID!, $assigned: Boolean!) {\n    setCaseAssignee(caseId: $caseId, userId: $userId, assigned: $assigned) {\n      ...CaseView_Case\n    }\n  }\n',
): typeof import('./graphql').SetCaseAssigneeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CaseNotes($id: ID!) {\n    case(id: $id) {\n      id\n      notes(first: 50) {\n        ...NotesPanel_Notes\n      }\n    }\n  }\n',
): typeof import('./graphql').CaseNotesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query MediaNotes($id: ID!) {\n    media(id: $id) {\n      id\n      notes(first: 50) {\n        ...NotesPanel_Notes\n      }\n    }\n  }\n',
): typeof import('./graphql').MediaNotesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddNote($caseId: ID!, $mediaId: ID, $body: String!) {\n    addNote(caseId: $caseId, mediaId: $mediaId, body: $body) {\n      id\n    }\n  }\n',
): typeof import('./graphql').AddNoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CaseMedia($id: ID!, $first: Int, $after: String) {\n    case(id: $id) {\n      id\n      media(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...EvidenceList_Media\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        totalCount\n      }\n    }\n  }\n',
): typeof import('./graphql').CaseMediaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Media($id: ID!, $caseId: ID!) {\n    media(id: $id) {\n      id\n      caseId\n      originalName\n      kind\n      mimeType\n      sizeBytes\n      sha256\n      width\n      height\n      createdAt\n      url\n      video {\n        container\n        codec\n        profile\n        durationSec\n        fps\n        frameCount\n        width\n        height\n        rotation\n        variableFrameRate\n        audio {\n          codec\n          channels\n          sampleRate\n        }\n      }\n      sequence {\n        frameCount\n        ignored\n        uncompressedBytes\n        sequences {\n          name\n          frames\n        }\n      }\n      uploadedBy {\n        id\n        email\n        displayName\n        role\n      }\n      analysis {\n        id\n        status\n        progress\n        error\n        attempts\n        detector {\n          installed\n          pFake\n          label\n          subject\n          rule\n          threshold\n          note\n          model {\n            id\n            version\n            sha256\n            isTestFixture\n          }\n        }\n        nearDuplicates {\n          knownFakeId\n          space\n          distance\n          score\n          knownFake {\n            id\n            originalName\n            family\n            source\n            generator\n            promotedFromMediaId\n          }\n        }\n        codeVersion\n        queuedAt\n        startedAt\n        finishedAt\n        faces {\n          box {\n            x\n            y\n            width\n            height\n          }\n          score\n          primary\n          pFake\n        }\n        heatmaps {\n          id\n          kind\n          url\n          overlayUrl\n          width\n          height\n          frameIndex\n        }\n        signals {\n          ...ForensicSignalsPanel_Signals\n          maps {\n            kind\n            ...MapStatsLine_Map\n          }\n        }\n        preprocessing\n        frames {\n          index\n          timeSec\n          memberName\n          pFake\n          subject\n          width\n          height\n          thumbnailUrl\n          faces {\n            track\n            box {\n              x\n              y\n              width\n              height\n            }\n            score\n            pFake\n          }\n        }\n        tracks {\n          id\n          primary\n          frames\n          meanPFake\n          maxPFake\n          fractionAbove\n        }\n        segments {\n          startSec\n          endSec\n          firstFrame\n          lastFrame\n          peak\n          track\n        }\n      }\n      verdicts {\n        ...VerdictBanner_Verdict\n      }\n    }\n    case(id: $caseId) {\n      id\n      title\n      status\n      myRole\n    }\n  }\n',
): typeof import('./graphql').MediaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation GiveVerdict($mediaId: ID!, $value: VerdictValue!, $rationale: String!, $analysisIds: [ID!]) {\n    giveVerdict(mediaId: $mediaId, value: $value, rationale: $rationale, analysisIds: $analysisIds) {\n      ...VerdictBanner_Verdict\n    }\n  }\n',
): typeof import('./graphql').GiveVerdictDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Similar($id: ID!, $space: SimilaritySpace!, $scope: SimilarityScope!) {\n    similar(mediaId: $id, space: $space, scope: $scope, k: 12) {\n      score\n      distance\n      kind\n      matchedFace {\n        faceIndex\n      }\n      media {\n        id\n        caseId\n        originalName\n        url\n      }\n      knownFake {\n        id\n        originalName\n        family\n        source\n        generator\n        promotedFromMediaId\n      }\n    }\n  }\n',
): typeof import('./graphql').SimilarDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CaseReports($id: ID!) {\n    case(id: $id) {\n      id\n      reports {\n        ...ReportItem_Report\n      }\n    }\n  }\n',
): typeof import('./graphql').CaseReportsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation GenerateReport($caseId: ID!, $options: ReportOptionsInput) {\n    generateReport(caseId: $caseId, options: $options) {\n      ...ReportItem_Report\n    }\n  }\n',
): typeof import('./graphql').GenerateReportDocument;

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
