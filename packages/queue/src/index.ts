import PgBoss from 'pg-boss';

/** Queue names and their retry policy, shared by the processes that send and those that work. */
export const QUEUES = {
  analyzeMedia: {
    name: 'analyze-media',
    options: {
      retryLimit: 3,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 30 * 60,
      retentionDays: 14,
    },
  },
  generateReport: {
    name: 'generate-report',
    options: {
      retryLimit: 2,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 30 * 60,
      retentionDays: 14,
    },
  },
  reindex: {
    name: 'reindex-detector',
    options: { retryLimit: 0, expireInSeconds: 12 * 60 * 60, retentionDays: 14 },
  },
} as const;

export interface ReindexJob {
  runId: string;
}

export interface AnalyzeMediaJob {
  analysisId: string;
}

export interface GenerateReportJob {
  reportId: string;
}

export interface QueueOptions {
  url: string;
  poolSize?: number;
  /** Only workers run pg-boss maintenance; senders (the API) stay light. */
  role: 'sender' | 'worker';
  applicationName?: string;
}

/** Starts pg-boss on Loupe's database and makes sure every queue exists with its policy. */
export async function startQueue(options: QueueOptions, onError: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.url,
    max: options.poolSize ?? 3,
    application_name: options.applicationName ?? `loupe-${options.role}`,
    supervise: options.role === 'worker',
    schedule: options.role === 'worker',
  });
  boss.on('error', onError);
  await boss.start();
  for (const queue of Object.values(QUEUES)) {
    const existing = await boss.getQueue(queue.name);
    if (existing) await boss.updateQueue(queue.name, { name: queue.name, ...queue.options });
    else await boss.createQueue(queue.name, { name: queue.name, ...queue.options });
  }
  return boss;
}

export type { PgBoss };
