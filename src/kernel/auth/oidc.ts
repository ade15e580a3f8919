import * as client from 'openid-client';
import type { Kernel } from '../kernel.ts';

export type OidcAudience = 'staff' | 'citizen';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** Absolute redirect URI registered at the provider. */
  redirectUri: string;
}

export const OIDC_CALLBACK_PATHS: Record<OidcAudience, string> = {
  citizen: '/anmelden/bundid/callback',
  staff: '/verwaltung/anmelden/sso/callback',
};

export function oidcSettings(kernel: Pick<Kernel, 'config'>, audience: OidcAudience): OidcSettings | null {
  const c = kernel.config;
  const [issuer, clientId, clientSecret] =
    audience === 'staff'
      ? [c.oidcStaffIssuer, c.oidcStaffClientId, c.oidcStaffClientSecret]
      : [c.oidcCitizenIssuer, c.oidcCitizenClientId, c.oidcCitizenClientSecret];
  if (!issuer || !clientId) return null;
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri: `${c.baseUrl.replace(/\/+$/, '')}${OIDC_CALLBACK_PATHS[audience]}`,
  };
}

/** What the browser carries (in a signed, short-lived cookie) from the redirect to the callback. */
export interface OidcPending {
  audience: OidcAudience;
  state: string;
  nonce: string;
  verifier: string;
  weiter?: string;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/**
 * Authorization code flow with PKCE, state and nonce (openid-client v6). Provider metadata is
 * discovered once per process and audience; a failed discovery is retried on the next login.
 */
export class OidcClients {
  private readonly configs = new Map<OidcAudience, Promise<client.Configuration>>();
  constructor(private readonly kernel: Pick<Kernel, 'config' | 'log'>) {}

  settings(audience: OidcAudience): OidcSettings | null {
    return oidcSettings(this.kernel, audience);
  }

  private configuration(audience: OidcAudience): Promise<client.Configuration> {
    let cached = this.configs.get(audience);
    if (!cached) {
      const s = this.settings(audience);
      if (!s) return Promise.reject(new Error(`OpenID Connect for ${audience} is not configured`));
      const auth = s.clientSecret ? client.ClientSecretPost(s.clientSecret) : client.None();
      cached = client.discovery(
        new URL(s.issuer),
        s.clientId,
        { redirect_uris: [s.redirectUri], response_types: ['code'] },
        auth,
        {
          // Plain http only when explicitly allowed (a local test provider); never by default.
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only as a warning sign; gated by config
          execute: this.kernel.config.oidcAllowInsecureHttp ? [client.allowInsecureRequests] : [],
          timeout: 10,
        },
      );
      cached.catch(() => this.configs.delete(audience));
      this.configs.set(audience, cached);
    }
    return cached;
  }

  /** The provider URL to send the browser to, and what to remember until the callback. */
  async start(
    audience: OidcAudience,
    weiter: string | undefined,
  ): Promise<{ url: URL; pending: OidcPending }> {
    const config = await this.configuration(audience);
    const s = this.settings(audience)!;
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: s.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, pending: { audience, state, nonce, verifier, ...(weiter ? { weiter } : {}) } };
  }

  /** Exchanges the code (checking state, nonce, PKCE and the ID token) for the user's identity. */
  async finish(pending: OidcPending, callbackPathAndQuery: string): Promise<OidcIdentity> {
    const config = await this.configuration(pending.audience);
    const s = this.settings(pending.audience)!;
    const current = new URL(callbackPathAndQuery, s.redirectUri);
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token claims');
    // Many providers put only "sub" into the ID token and the profile behind the userinfo
    // endpoint; openid-client checks that userinfo answers for the same subject.
    let claims: Record<string, unknown> & { iss: string; sub: string } = idClaims;
    if (idClaims.email === undefined && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = {
        ...info,
        ...idClaims,
        email: info.email,
        email_verified: info.email_verified,
        name: idClaims.name ?? info.name,
      };
    }
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    const name =
      str(claims.name) ??
      ([str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ') || null);
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: str(claims.email),
      emailVerified: claims.email_verified === true,
      name,
    };
  }
}
