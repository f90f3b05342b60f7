'use client';

import { useEffect, useState } from 'react';
import { INSTALLED_MODELS_QUERY } from '@/lib/admin-operations';
import type { AdminInstalledModelsQuery } from '@/lib/gql/graphql';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { Alert } from './Alert';
import { CopyButton } from './CopyButton';
import { DateText } from './DateText';
import { FixtureMark } from './FixtureMark';
import { JsonDetails } from './JsonDetails';
import { LoadingState } from './LoadingState';
import styles from './Admin.module.css';

/** The manifest facts an administrator checks first; the rest is in the full manifest below. */
interface ManifestFacts {
  name?: string;
  input?: { size?: number; crop?: { face?: { enabled?: boolean; scale?: number } } };
  outputs?: { embedding?: { dim?: number } };
  calibration?: { threshold?: number; temperature?: number; fittedAt?: string };
  license?: string;
  source?: string;
}

type InstalledModel = AdminInstalledModelsQuery['installedModels'][number];

const facts = (manifest: unknown): ManifestFacts =>
  manifest && typeof manifest === 'object' ? (manifest as ManifestFacts) : {};

/** Models grouped by the worker that loaded them, in the order the API gives (newest start first). */
function byWorker(models: InstalledModel[]): [string, InstalledModel[]][] {
  const groups = new Map<string, InstalledModel[]>();
  for (const m of models) groups.set(m.workerId, [...(groups.get(m.workerId) ?? []), m]);
  return [...groups.entries()];
}

/**
 * /admin/detectors: what each running worker loaded, as it published it at start-up (the API
 * cannot read the workers' models folder): manifest, model file SHA-256, the test-fixture flag,
 * and the execution providers asked for against those the sessions were created with.
 */
export function InstalledModelsView() {
  const [models, setModels] = useState<InstalledModel[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    graphqlRequest(INSTALLED_MODELS_QUERY)
      .then(({ installedModels }) => active && setModels(installedModels))
      .catch((caught: unknown) => active && setError(errorMessage(caught)));
    return () => {
      active = false;
    };
  }, []);

  return (
    <section className={styles.page} aria-labelledby="detectors-heading">
      <div className="page-heading">
        <h1 id="detectors-heading">Detectors</h1>
      </div>
      <p className="muted">
        Each worker publishes the models it loaded when it starts and withdraws them when it stops; a worker
        that crashed stays listed until it starts again.
      </p>
      <Alert message={error} />
      {models === null ? (
        error ? null : (
          <LoadingState label="Loading installed models…" />
        )
      ) : models.length === 0 ? (
        <p className="empty" data-testid="no-workers">
          No worker has published its models: no worker is running, or none has started since this version was
          installed.
        </p>
      ) : (
        byWorker(models).map(([workerId, list]) => (
          <section key={workerId} className={styles.worker} aria-label={`Worker ${workerId}`}>
            <h2 className={styles.workerTitle}>
              Worker <code className="hash">{workerId}</code>
            </h2>
            <p className="muted">
              Started <DateText iso={list[0]!.loadedAt} withTime /> on {list[0]!.host}
            </p>
            {list.some((m) => m.kind === 'DETECTOR') ? null : (
              <p className="empty">No detector installed: analyses report “detector not installed”.</p>
            )}
            <ul className={styles.models} aria-label={`Models of worker ${workerId}`}>
              {list.map((m) => (
                <ModelCard key={m.id} model={m} />
              ))}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}

function ModelCard({ model }: { model: InstalledModel }) {
  const f = facts(model.manifest);
  const fellBack = model.providersRequested.join(',') !== model.providersUsed.join(',');
  return (
    <li
      className={`card ${styles.card}`}
      data-testid="installed-model"
      aria-label={`${model.modelId} ${model.version}`}
    >
      <div className={styles.cardHead}>
        <p className={styles.name}>
          <span className={styles.email}>
            {model.modelId} <span className="muted">{model.version}</span>
          </span>
          {f.name ? <span className="muted">{f.name}</span> : null}
        </p>
        <p className={styles.badges}>
          <span className="badge badge--family">
            {model.kind === 'DETECTOR' ? 'Detector' : 'Face models'}
          </span>
          {model.kind === 'DETECTOR' && model.inUse ? (
            <span className="badge badge--open">In use</span>
          ) : null}
          <FixtureMark fixture={model.fixture} />
        </p>
      </div>
      {model.fixture ? (
        <p className={styles.warning}>Test fixture: the scores it produces are not evidence.</p>
      ) : null}
      <dl className={styles.facts}>
        {model.sha256 ? (
          <>
            <dt>SHA-256</dt>
            <dd className={styles.secret}>
              <code className="hash hash--full" data-testid="model-sha256">
                {model.sha256}
              </code>
              <CopyButton text={model.sha256} label={`Copy the SHA-256 of ${model.modelId}`} />
            </dd>
          </>
        ) : null}
        {f.input?.size ? (
          <>
            <dt>Input size</dt>
            <dd>
              {f.input.size} × {f.input.size}
              {f.input.crop?.face?.enabled ? `, face crop × ${f.input.crop.face.scale ?? 1}` : ''}
            </dd>
          </>
        ) : null}
        {f.outputs?.embedding?.dim ? (
          <>
            <dt>Embedding</dt>
            <dd>{f.outputs.embedding.dim}-d</dd>
          </>
        ) : null}
        {f.calibration?.threshold !== undefined ? (
          <>
            <dt>Threshold</dt>
            <dd>
              {f.calibration.threshold}
              {f.calibration.temperature !== undefined ? ` (temperature ${f.calibration.temperature})` : ''}
              {f.calibration.fittedAt ? `, calibrated ${f.calibration.fittedAt.slice(0, 10)}` : ''}
            </dd>
          </>
        ) : null}
        {f.license ? (
          <>
            <dt>Licence</dt>
            <dd>{f.license}</dd>
          </>
        ) : null}
        <dt>Providers configured</dt>
        <dd data-testid="providers-requested">{model.providersRequested.join(', ') || '—'}</dd>
        <dt>Providers used</dt>
        <dd data-testid="providers-used">
          {model.providersUsed.join(', ') || 'not reported'}
          {fellBack && model.providersUsed.length > 0 ? (
            <span className={styles.warning}> — the configured providers were unavailable</span>
          ) : null}
        </dd>
        <dt>Loaded</dt>
        <dd>
          <DateText iso={model.loadedAt} withTime />
        </dd>
      </dl>
      <JsonDetails
        summary={model.kind === 'DETECTOR' ? 'Full manifest' : 'Weights (SHA-256 per file)'}
        value={model.manifest}
      />
    </li>
  );
}
