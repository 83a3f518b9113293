// An oidc-provider (https://github.com/panva/node-oidc-provider) on 127.0.0.1 for
// tests/interop_oauth.rs: client credentials, introspection, and the clients in the JSON file
// named by argv[2]. Prints the issuer (http://127.0.0.1:PORT) as its first stdout line, logs
// every refused client authentication to stderr (the server itself answers only "client
// authentication failed"), and exits on SIGTERM or SIGINT.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const clientsFile = process.argv[2];
if (!clientsFile) {
  console.error('usage: node server.mjs CLIENTS.json');
  process.exit(2);
}
const clients = JSON.parse(readFileSync(clientsFile, 'utf8'));

// The resource server whose access tokens are JWTs (RFC 8707 resource indicator); without a
// `resource` the client-credentials token is opaque, and introspectable.
const RESOURCE = 'https://api.tok.example/';

// A fresh signing key for this run (the `jwks` option; all keys private, JWK Set format).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' };

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => undefined,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator !== RESOURCE) {
            throw new errors.InvalidTarget();
          }
          return {
            scope: 'read write',
            audience: RESOURCE,
            accessTokenTTL: 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
  });

  // The docs' recipe for client authentication errors: out-of-band, here on stderr.
  const logError = (event) => (ctx, err) => {
    const detail = err.error_detail ?? err.error_description ?? '';
    console.error(`${event} ${err.message}: ${detail}`);
  };
  for (const event of ['grant.error', 'introspection.error', 'server_error']) {
    provider.on(event, logError(event));
  }

  // A pre-middleware (the docs' "Pre- and post-middlewares"): how a Basic credential spelled
  // its spaces (RFC 6749 §2.3.1 form-encoding allows '+' or '%20'), never the secret itself.
  provider.use(async (ctx, next) => {
    const [scheme, value] = (ctx.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'basic' && value) {
      const credentials = Buffer.from(value, 'base64').toString('utf8');
      const spelling = ['%20', '+', ' '].filter((s) => credentials.includes(s));
      console.error(`basic ${ctx.path}: spaces sent as ${spelling.map((s) => JSON.stringify(s)).join(', ') || 'none'}`);
    }
    await next();
  });

  server.on('request', provider.callback());
  console.log(issuer);
});

// Close the listener and every connection (keep-alive ones too), then leave; never hang.
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
