import { slice, str, optStr, int, bool, oneOf } from './define.ts';

/** The kernel's slice of the configuration. Module slices are added in src/modules.ts. */
export const kernelConfig = slice({
  port: int({ env: 'PORT', default: 3000, minimum: 0, maximum: 65535, description: 'HTTP port of the app.' }),
  host: str({ env: 'HOST', default: '0.0.0.0', description: 'Interface the app listens on.' }),
  baseUrl: str({
    env: 'BASE_URL',
    default: 'http://localhost:3000',
    defaultText: 'http://localhost:$PORT',
    pattern: '^https?://[^/]+(/.*)?$',
    description: 'Public URL of the platform, used in mails, links and feeds. https:// makes cookies Secure.',
  }),
  databaseUrl: optStr({
    env: 'DATABASE_URL',
    pattern: '^postgres(ql)?://',
    description: 'PostgreSQL server. When unset, an embedded PostgreSQL is started with data under DATA_DIR.',
  }),
  dbPoolSize: int({
    env: 'DB_POOL_SIZE',
    default: 10,
    minimum: 1,
    maximum: 200,
    description: 'Connections per app process.',
  }),
  dataDir: str({
    env: 'DATA_DIR',
    default: './data',
    description: 'Directory for the embedded PostgreSQL and local files.',
  }),
  tenantSeedDir: str({
    env: 'TENANT_SEED_DIR',
    default: './seeds/rhein-kreis-neuss',
    description:
      'Seed folder with the Kreis, its municipalities and org units (gemeinden.json, tenant.json).',
  }),
  demoMode: bool({
    env: 'DEMO_MODE',
    default: false,
    description:
      'Seeds demo accounts with published passwords and shows them on the login pages. Never in production.',
  }),
  logLevel: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, {
    env: 'LOG_LEVEL',
    default: 'info',
    description: 'pino log level.',
  }),
  trustProxy: bool({
    env: 'TRUST_PROXY',
    default: false,
    description: 'Trust X-Forwarded-* headers from the reverse proxy (client IP, protocol).',
  }),
  sessionIdleMinutes: int({
    env: 'SESSION_IDLE_MINUTES',
    default: 30,
    minimum: 1,
    description: 'A session ends after this long without a request.',
  }),
  sessionAbsoluteHours: int({
    env: 'SESSION_ABSOLUTE_HOURS',
    default: 12,
    minimum: 1,
    description: 'A session ends this long after login, whatever happens.',
  }),
  staffTotpRequired: bool({
    env: 'STAFF_TOTP_REQUIRED',
    default: false,
    description: 'Staff must set up and use a TOTP second factor.',
  }),
  authRateLimitMax: int({
    env: 'AUTH_RATE_LIMIT_MAX',
    default: 10,
    minimum: 1,
    description:
      'Requests per client IP and minute to each login, registration, password-reset and second-factor form.',
  }),
  redisUrl: optStr({
    env: 'REDIS_URL',
    pattern: '^rediss?://',
    description: 'Redis for shared rate-limit counters across app nodes. Memory store when unset.',
  }),
  rateLimitMax: int({
    env: 'RATE_LIMIT_MAX',
    default: 300,
    minimum: 1,
    description: 'Requests per client IP and minute (general limit).',
  }),
  pageCacheSeconds: int({
    env: 'PAGE_CACHE_SECONDS',
    default: 10,
    minimum: 0,
    maximum: 3600,
    description:
      'Public pages seen without a session are served from memory for this long (0 = off). Pages with forms are never cached.',
  }),
  pageCacheMaxEntries: int({
    env: 'PAGE_CACHE_MAX_ENTRIES',
    default: 1000,
    minimum: 1,
    description: 'Pages kept in the page cache per app process.',
  }),
  bodyLimitBytes: int({
    env: 'BODY_LIMIT_BYTES',
    default: 1_048_576,
    minimum: 1024,
    description: 'Largest accepted request body except uploads.',
  }),
  uploadLimitBytes: int({
    env: 'UPLOAD_LIMIT_BYTES',
    default: 20_971_520,
    minimum: 1024,
    description: 'Largest accepted uploaded file.',
  }),
  metricsToken: optStr({
    env: 'METRICS_TOKEN',
    minLength: 16,
    secret: true,
    description:
      'Bearer token for /metrics. When unset, /metrics answers only requests from the loopback interface.',
  }),
  smtpUrl: optStr({
    env: 'SMTP_URL',
    pattern: '^smtps?://',
    secret: true,
    description:
      'SMTP server (smtp://user:pass@host:587). When unset, mail goes to the outbox in the staff area.',
  }),
  mailFrom: str({
    env: 'MAIL_FROM',
    default: 'OpenKreis <noreply@openkreis.localhost>',
    description: 'Sender of all mail.',
  }),
  storageDriver: oneOf(['local', 's3'] as const, {
    env: 'STORAGE_DRIVER',
    default: 'local',
    description: 'Where uploaded files are kept.',
  }),
  s3Endpoint: optStr({ env: 'S3_ENDPOINT', description: 'S3-compatible endpoint URL (MinIO, Ceph, …).' }),
  s3Bucket: optStr({ env: 'S3_BUCKET', description: 'Bucket for files.' }),
  s3Region: str({ env: 'S3_REGION', default: 'eu-central-1', description: 'S3 region.' }),
  s3AccessKey: optStr({ env: 'S3_ACCESS_KEY', secret: true, description: 'S3 access key.' }),
  s3SecretKey: optStr({ env: 'S3_SECRET_KEY', secret: true, description: 'S3 secret key.' }),
  s3ForcePathStyle: bool({
    env: 'S3_FORCE_PATH_STYLE',
    default: true,
    description:
      'Address the bucket in the path (endpoint/bucket/key) as MinIO and Ceph need; false for virtual-hosted style.',
  }),
  oidcStaffIssuer: optStr({
    env: 'OIDC_STAFF_ISSUER',
    description: 'OpenID provider for staff single sign-on (issuer URL).',
  }),
  oidcStaffClientId: optStr({
    env: 'OIDC_STAFF_CLIENT_ID',
    description: 'Client id at the staff OpenID provider.',
  }),
  oidcStaffClientSecret: optStr({
    env: 'OIDC_STAFF_CLIENT_SECRET',
    secret: true,
    description: 'Client secret at the staff OpenID provider.',
  }),
  oidcCitizenIssuer: optStr({
    env: 'OIDC_CITIZEN_ISSUER',
    description: 'OpenID provider for citizens (a BundID broker).',
  }),
  oidcCitizenClientId: optStr({
    env: 'OIDC_CITIZEN_CLIENT_ID',
    description: 'Client id at the citizen OpenID provider.',
  }),
  oidcCitizenClientSecret: optStr({
    env: 'OIDC_CITIZEN_CLIENT_SECRET',
    secret: true,
    description: 'Client secret at the citizen OpenID provider.',
  }),
  oidcAllowInsecureHttp: bool({
    env: 'OIDC_ALLOW_INSECURE_HTTP',
    default: false,
    description: 'Allow OpenID providers over plain http (local test providers only). Never in production.',
  }),
  jobsInProcess: bool({
    env: 'JOBS_IN_PROCESS',
    default: true,
    description:
      'Run background jobs inside the app process. Set false when separate `worker` processes run them.',
  }),
  jobsPollIntervalMs: int({
    env: 'JOBS_POLL_INTERVAL_MS',
    default: 2000,
    minimum: 500,
    description: 'How often each job worker asks PostgreSQL for new jobs.',
  }),
  eventsPollIntervalMs: int({
    env: 'EVENTS_POLL_INTERVAL_MS',
    default: 1000,
    minimum: 50,
    description:
      'Fallback interval at which each node reads new domain events (LISTEN/NOTIFY wakes it sooner).',
  }),
  secretKey: str({
    env: 'SECRET_KEY',
    default: 'dev-insecure-secret-change-me-0000000000',
    minLength: 32,
    secret: true,
    defaultText: 'an insecure development value; set it in production',
    description: 'Secret for signing cookies and tokens (at least 32 characters).',
  }),
});
