import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestUser {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 for tests. Interactions are automatic:
 * the login prompt signs in `nextUser`, the consent prompt grants what was asked.
 */
export class TestProvider {
  nextUser = 'user-1';
  readonly users = new Map<string, TestUser>();
  private constructor(
    readonly issuer: string,
    private readonly server: Server,
  ) {}

  static async start(clients: TestClient[]): Promise<TestProvider> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tp = new TestProvider(issuer, server);
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const provider = new Provider(issuer, {
      clients: clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uris: [c.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      })),
      jwks: { keys: [{ ...jwk, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
      cookies: { keys: ['openkreis-test-provider-cookie-key'] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      features: { devInteractions: { enabled: false } },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      findAccount: async (_ctx: unknown, sub: string) => {
        const user = tp.users.get(sub);
        return user ? { accountId: sub, claims: async () => ({ sub, ...user }) } : undefined;
      },
    });
    provider.on('server_error', (_ctx, err) => console.error('test provider error', err));
    const handle = provider.callback();
    server.on('request', (req, res) => {
      if (!req.url?.startsWith('/interaction/')) return handle(req, res);
      void (async () => {
        try {
          const details = await provider.interactionDetails(req, res);
          if (details.prompt.name === 'login') {
            await provider.interactionFinished(
              req,
              res,
              { login: { accountId: tp.nextUser } },
              { mergeWithLastSubmission: false },
            );
            return;
          }
          const grant = new provider.Grant({
            accountId: details.session!.accountId!,
            clientId: String(details.params.client_id),
          });
          grant.addOIDCScope(String(details.params.scope));
          const grantId = await grant.save();
          await provider.interactionFinished(
            req,
            res,
            { consent: { grantId } },
            { mergeWithLastSubmission: true },
          );
        } catch (err) {
          res.statusCode = 500;
          res.end(String(err));
        }
      })();
    });
    return tp;
  }

  /**
   * Follows the browser's redirects from the authorization URL through the provider until it
   * leaves the provider; returns that URL (the client's callback with code and state).
   */
  async authorize(authorizationUrl: string): Promise<URL> {
    const cookies = new Map<string, string>();
    let url = new URL(authorizationUrl);
    for (let i = 0; i < 12 && url.origin === this.issuer; i++) {
      const res = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`provider answered ${res.status} without redirect: ${await res.text()}`);
      url = new URL(location, url);
    }
    return url;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
