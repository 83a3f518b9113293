
use builtin;
use str;

set edit:completion:arg-completer[tok] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tok'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tok'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keygen 'Create a keypair (RSA, EC or Ed25519) in the keyring (or a directory), or an HMAC secret file'
            cand keys 'List, show, rename and remove the keys in the keyring'
            cand sign 'Sign a JWT (one per subject)'
            cand verify 'Verify a token''s signature and claims the way an API gateway would'
            cand decode 'Show a token''s header and claims WITHOUT verifying it'
            cand fetch 'Get an OAuth 2.0 access token (client credentials), cached until it nears expiry'
            cand introspect 'Ask an authorization server whether a token is active (RFC 7662)'
            cand exec 'Run a command with an access token in its environment (fetched, or from the cache)'
            cand profile 'Save, list and remove fetch profiles'
            cand cache 'Manage the token cache'
            cand serve 'Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests'
            cand gateway 'Run a local API Gateway (HTTP API JWT authorizer, routes, mapping) in front of your app'
            cand jwks 'Print a JWK Set of public keys to host as /.well-known/jwks.json; convert JWK → PEM'
            cand completions 'Print a shell completion script'
            cand version 'Print tok''s version, commit, target and crypto backend (for bug reports)'
            cand paths 'Where tok keeps things'
            cand generate 'Write completion scripts or man pages into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;keygen'= {
            cand --type 'Key type'
            cand --bits 'RSA key size in bits: 2048 (default), 3072 or 4096'
            cand --curve 'EC curve (with --type ec): P-256 (default, ES256), P-384 (ES384) or P-521 (ES512)'
            cand --name 'Name of the key in the keyring [default: default]'
            cand --out 'Write DIR/private.pem and DIR/public.pem instead of into the keyring; with --type hmac, the secret FILE'
            cand --alg 'With --type hmac: the algorithm the secret is for, which sets its least length (32, 48 or 64 bytes) [default: HS256]'
            cand --bytes 'With --type hmac: random bytes in the secret [default: the hash size of --alg]'
            cand --stdout 'With --type hmac: print the secret on stdout instead of writing a file'
            cand --force 'Replace an existing key of that name (the old private key is lost)'
            cand --jwk 'Print the public key as a JWK on stdout (the summary then goes to stderr)'
            cand --json 'Print one JSON object instead of the summary: name (or dir), type, kid, the private and public paths, and the public JWK'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List keys: name, kid, bits, created'
            cand show 'Show one key (the keyring''s `default` unless named)'
            cand remove 'Remove a key (both halves) from the keyring; asks first on a terminal'
            cand rename 'Rename a keyring key (its kid does not change); an existing NEW is never replaced'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;keys;list'= {
            cand --json 'Print a JSON array'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys;show'= {
            cand --key 'A key file (PEM private, public or certificate; or a JWK) instead of a keyring name'
            cand --alg 'With --jwk: pin the key to one algorithm it signs (an `alg` member); without it the JWK has no `alg` and verifies every algorithm the key allows'
            cand --jwk 'Print the public key as a JWK'
            cand --pem 'Print the public key as SPKI PEM'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys;remove'= {
            cand -y 'Do not ask (needed when stdin is not a terminal)'
            cand --yes 'Do not ask (needed when stdin is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys;rename'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys;help'= {
            cand list 'List keys: name, kid, bits, created'
            cand show 'Show one key (the keyring''s `default` unless named)'
            cand remove 'Remove a key (both halves) from the keyring; asks first on a terminal'
            cand rename 'Rename a keyring key (its kid does not change); an existing NEW is never replaced'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;keys;help;list'= {
        }
        &'tok;keys;help;show'= {
        }
        &'tok;keys;help;remove'= {
        }
        &'tok;keys;help;rename'= {
        }
        &'tok;keys;help;help'= {
        }
        &'tok;sign'= {
            cand --sub 'Subject (`sub`); repeat to sign one token per subject'
            cand --subs-from 'Read subjects from FILE (or - for stdin), one a line; blank lines are skipped'
            cand --jobs 'With --subs-from: threads signing tokens [default: one a core]. The first 32 subjects are signed on one thread; after that the subjects are shared out, and the tokens still come in input order, each as soon as no more input is waiting'
            cand --ttl 'Lifetime: exp = now + TTL [default: 1h]; negative (-5m) for an already-expired token'
            cand --exp 'Absolute expiry (`exp`)'
            cand --nbf 'Not before (`nbf`)'
            cand --iss 'Issuer (`iss`)'
            cand --aud 'Audience (`aud`); repeat for several (then an array)'
            cand --scope 'Scope; repeat for several (space-joined into `scope`)'
            cand --jti 'JWT ID (`jti`); without a value, a random one per token'
            cand --typ 'Header `typ` (e.g. at+jwt)'
            cand --claim 'A claim: key=value (string) or key:=JSON (raw JSON); repeatable'
            cand --claims 'Merge claims from a JSON object in FILE (or - for stdin); flags win over it'
            cand --key 'Signing key: a keyring name or a PEM file (PKCS#8, PKCS#1 or SEC1) [default: default]'
            cand --alg 'RS256…PS512, ES256/384/512, EdDSA or HS256/384/512 (any case) [default: the key''s own: RS256 for RSA, ES256/384/512 by curve, EdDSA; or HS256 with a secret]'
            cand --secret-file 'Read the HMAC secret from a file (one trailing newline is ignored)'
            cand --url 'Print URL with the token as its `token` query parameter (for WebSocket clients)'
            cand --no-kid 'Leave `kid` out of the header'
            cand --secret-stdin 'Read the HMAC secret from stdin'
            cand --insecure 'Allow an HMAC secret shorter than the hash (RFC 7518 §3.2), for legacy authorizers'
            cand --json 'Print {"token","header","claims"} instead of the bare token'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;verify'= {
            cand --key 'Key: a keyring name, or a PEM file (public, certificate or private) or a JWK [default: the keyring, chosen by kid; `default` for tokens without one]'
            cand --jwks 'A JWK Set (or one JWK) from a file or an https URL; the key is chosen by the token''s kid'
            cand --issuer 'Find the JWK Set by OIDC discovery from this issuer, and require it in the token''s iss'
            cand --jwks-ttl 'How long a JWK Set fetched from a URL is reused'
            cand --jwks-cooldown 'After a refetch that did not find a token''s kid, make no other refetch for this long'
            cand --timeout 'Give up on a key server after this long'
            cand --secret-file 'Read the HMAC secret from a file (one trailing newline is ignored)'
            cand --alg 'Allowed algorithm(s), narrowing what the key allows; repeatable'
            cand --iss 'Expected issuer (exact string match)'
            cand --aud 'Accepted audience; repeatable (any one must match)'
            cand --scope 'Required scope; repeatable (all must be present in `scope` or `scp`)'
            cand --sub 'Expected subject'
            cand --require 'A claim that must be present; repeatable (e.g. --require exp)'
            cand --ignore 'Skip a claim check, shown as skipped in --explain; repeatable (e.g. --ignore exp to check the signature of an expired token). The signature is always checked'
            cand --leeway 'Clock skew allowed for exp, nbf and iat'
            cand --at 'Check times as of TIME instead of now (unix seconds, RFC 3339, or +/-DURATION)'
            cand --jobs 'With --each: threads verifying tokens [default: one a core]. The first 32 lines are verified on one thread; after that the lines are shared out, and the answers still come in input order, each as soon as no more input is waiting'
            cand --gateway 'Answer as an API Gateway HTTP API JWT authorizer would (needs --issuer and --aud): RSA only, no leeway, any one --scope; prints the status, header and claims it passes on'
            cand --policy 'Print the Lambda authorizer response for METHOD_ARN (an execute-api ARN): Allow (valid) with the claims as context, or Deny with the failed checks on stderr (--explain: every check on stderr)'
            cand --policy-resource 'The policy''s Resource: `exact` (METHOD_ARN) or `wildcard` (API_ID/STAGE/*/*, every method and path of the stage). API Gateway caches a policy per token: an exact one answers 403 when the same token calls another method or path while the cache lasts'
            cand --allow-http 'Allow plain http:// to a non-loopback key server'
            cand --secret-stdin 'Read the HMAC secret from stdin'
            cand --insecure 'Accept an oct (HMAC) key from a JWK Set file that is shorter than its algorithm''s hash (RFC 7518 §3.2), for legacy tokens; never an empty one'
            cand --explain 'Print every check with ✓/✗ and the values (with --json: a "checks" array)'
            cand --json 'Print {"valid":…,"header":…,"claims":…} (and "errors" when invalid)'
            cand -q 'Print nothing; the exit code tells'
            cand --quiet 'Print nothing; the exit code tells'
            cand --each 'Read tokens from stdin, one a line; write one result a line in the same order'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;decode'= {
            cand --json 'Print {"header","claims","times","signature_verified":false}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;fetch'= {
            cand --token-url 'The token endpoint URL'
            cand --issuer 'Find the token endpoint by OIDC discovery from this issuer'
            cand --auth0 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)'
            cand --cognito 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)'
            cand --client-id 'The client (application) id'
            cand --audience 'The API to get a token for, sent as `audience` (Auth0 needs it)'
            cand --scope 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)'
            cand --resource 'Resource indicator (RFC 8707); repeatable'
            cand --param 'Any other form parameter, e.g. organization=org_123; repeatable'
            cand --auth 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]'
            cand --key 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed'
            cand --alg 'Algorithm of the assertion [default: the key''s own: RS256, ES256/384/512 or EdDSA]'
            cand --assertion-aud 'The assertion''s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/'
            cand --client-secret-file 'Read the client secret from a file (one trailing newline is ignored)'
            cand --profile 'Start from a saved profile (flags override its values)'
            cand --timeout 'Give up on the server after this long'
            cand --min-ttl 'Reuse a cached token only while it has more than this left'
            cand --format 'What to print: token (bare), header (`Authorization: Bearer …`), json (the token response plus expires_at and cached), env (`export NAME=''…''`), curl (`-H ''Authorization: Bearer …''`)'
            cand --env 'With --format env: the variable to export [default: TOK_ACCESS_TOKEN]'
            cand --client-credentials 'Use the client-credentials grant (RFC 6749 §4.4)'
            cand --client-secret-stdin 'Read the client secret from stdin'
            cand --allow-http 'Allow plain http:// to a non-loopback host'
            cand --no-cache 'Neither read nor write the token cache'
            cand --refresh 'Get a new token even if a cached one is still good'
            cand --json 'The same as --format json'
            cand --header 'The same as --format header'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;introspect'= {
            cand --introspect-url 'The introspection endpoint [default: from the issuer''s discovery document]'
            cand --token-url 'The token endpoint URL'
            cand --issuer 'Find the token endpoint by OIDC discovery from this issuer'
            cand --auth0 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)'
            cand --cognito 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)'
            cand --client-id 'The client (application) id'
            cand --audience 'The API to get a token for, sent as `audience` (Auth0 needs it)'
            cand --scope 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)'
            cand --resource 'Resource indicator (RFC 8707); repeatable'
            cand --param 'Any other form parameter, e.g. organization=org_123; repeatable'
            cand --auth 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]'
            cand --key 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed'
            cand --alg 'Algorithm of the assertion [default: the key''s own: RS256, ES256/384/512 or EdDSA]'
            cand --assertion-aud 'The assertion''s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/'
            cand --client-secret-file 'Read the client secret from a file (one trailing newline is ignored)'
            cand --profile 'Start from a saved profile (flags override its values)'
            cand --timeout 'Give up on the server after this long'
            cand --client-secret-stdin 'Read the client secret from stdin'
            cand --allow-http 'Allow plain http:// to a non-loopback host'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;exec'= {
            cand --token-url 'The token endpoint URL'
            cand --issuer 'Find the token endpoint by OIDC discovery from this issuer'
            cand --auth0 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)'
            cand --cognito 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)'
            cand --client-id 'The client (application) id'
            cand --audience 'The API to get a token for, sent as `audience` (Auth0 needs it)'
            cand --scope 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)'
            cand --resource 'Resource indicator (RFC 8707); repeatable'
            cand --param 'Any other form parameter, e.g. organization=org_123; repeatable'
            cand --auth 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]'
            cand --key 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed'
            cand --alg 'Algorithm of the assertion [default: the key''s own: RS256, ES256/384/512 or EdDSA]'
            cand --assertion-aud 'The assertion''s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/'
            cand --client-secret-file 'Read the client secret from a file (one trailing newline is ignored)'
            cand --profile 'Start from a saved profile (flags override its values)'
            cand --timeout 'Give up on the server after this long'
            cand --min-ttl 'Reuse a cached token only while it has more than this left'
            cand --env 'The environment variable CMD finds the access token in'
            cand --client-credentials 'Accepted for symmetry with `tok fetch`; the client-credentials grant is implied'
            cand --client-secret-stdin 'Read the client secret from stdin'
            cand --allow-http 'Allow plain http:// to a non-loopback host'
            cand --no-cache 'Neither read nor write the token cache'
            cand --refresh 'Get a new token even if a cached one is still good'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;profile'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Save a profile; the client secret is prompted without echo (or read with --client-secret-stdin)'
            cand list 'List profiles (never their secrets)'
            cand remove 'Remove a profile and its saved secret'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;profile;add'= {
            cand --token-url 'The token endpoint URL'
            cand --issuer 'Find the token endpoint by OIDC discovery from this issuer'
            cand --auth0 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)'
            cand --cognito 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)'
            cand --client-id 'The client (application) id'
            cand --audience 'The API to get a token for, sent as `audience` (Auth0 needs it)'
            cand --scope 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)'
            cand --resource 'Resource indicator (RFC 8707); repeatable'
            cand --param 'Any other form parameter, e.g. organization=org_123; repeatable'
            cand --auth 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]'
            cand --key 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed'
            cand --alg 'Algorithm of the assertion [default: the key''s own: RS256, ES256/384/512 or EdDSA]'
            cand --assertion-aud 'The assertion''s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/'
            cand --client-secret-file 'Read the client secret from a file (one trailing newline is ignored)'
            cand --client-secret-stdin 'Read the client secret from stdin'
            cand --force 'Replace an existing profile of that name'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;profile;list'= {
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;profile;remove'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;profile;help'= {
            cand add 'Save a profile; the client secret is prompted without echo (or read with --client-secret-stdin)'
            cand list 'List profiles (never their secrets)'
            cand remove 'Remove a profile and its saved secret'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;profile;help;add'= {
        }
        &'tok;profile;help;list'= {
        }
        &'tok;profile;help;remove'= {
        }
        &'tok;profile;help;help'= {
        }
        &'tok;cache'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand clear 'Remove every cached token'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;cache;clear'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;cache;help'= {
            cand clear 'Remove every cached token'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;cache;help;clear'= {
        }
        &'tok;cache;help;help'= {
        }
        &'tok;serve'= {
            cand --addr 'Address to listen on; port 0 picks a free one'
            cand --issuer 'Issuer to put in tokens and metadata [default: the base URL]'
            cand --clients 'The registered clients (TOML, [[client]] tables)'
            cand --dialect 'Token shape: auth0 (iss with /, aud, azp, gty, sub=ID@clients) or cognito (client_id, token_use)'
            cand --ttl 'Token lifetime'
            cand --key 'Signing key: a keyring name or a PEM file [default: default]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;gateway'= {
            cand --upstream 'The app to forward accepted requests to (http://HOST:PORT)'
            cand --listen 'Address to listen on; port 0 picks a free one'
            cand --issuer 'The JWT authorizer''s issuer: keys by OIDC discovery (jwks_uri), cached and refetched on an unknown kid as `tok verify --issuer` does'
            cand --aud 'The JWT authorizer''s audience; repeatable (aud, or client_id when the token has no aud)'
            cand --identity-source 'Where the JWT authorizer finds the token: $request.header.NAME or $request.querystring.NAME (the value: the token, or `Bearer ` and the token)'
            cand --authorizer 'The JWT authorizer from a file: what `aws apigatewayv2 get-authorizer` prints'
            cand --route 'A route behind the JWT authorizer: a route key (`GET /rooms/{id}`, `ANY /{proxy+}`, `$default`) then its scopes, space-separated (any one suffices); repeatable'
            cand --open-route 'A route without authorization (AuthorizationType NONE); repeatable'
            cand --routes 'The routes from a file: what `aws apigatewayv2 get-routes` prints'
            cand --map 'Parameter mapping in AWS''s syntax, applied in order; repeatable: `overwrite:header.x-user-id=$context.authorizer.claims.sub`, `append:querystring.a=…`, `remove:header.x-debug=''''`, `overwrite:path=$request.path.id`'
            cand --ws-idle-timeout 'Close a WebSocket connection (1001 to both sides) after this long without a message either way (API Gateway: 10 minutes)'
            cand --ws-max-duration 'Close a WebSocket connection (1001 to both sides) this long after it opened, busy or not (API Gateway: 2 hours)'
            cand --lambda-policy 'Lambda-authorizer mode (REST / WebSocket APIs): protected routes are authorized by the policy `tok verify --issuer … --aud … --policy METHOD_ARN` returns, METHOD_ARN being API_ARN/VERB/PATH (or API_ARN/$connect); API_ARN is arn:aws:execute-api:REGION:ACCOUNT_ID:API_ID/STAGE. Refusals: 403 as API Gateway words them'
            cand --policy-resource 'The Lambda authorizer''s policy Resource: `exact` (the method ARN) or `wildcard` (API_ID/STAGE/*/*)'
            cand --authorizer-ttl 'API Gateway''s cache of the Lambda authorizer''s policy, keyed by the identity source value (REST default 300s; 0 = off): an exact policy then answers 403 on other methods'
            cand --cors 'The API''s CORS configuration from a file: what `aws apigatewayv2 get-api` prints (its CorsConfiguration). Preflights are then answered before routes and the authorizer'
            cand --cors-allow-origin 'CORS: an allowed origin (`https://app.example.com`, `*`, `https://*`); repeatable'
            cand --cors-allow-method 'CORS: a method the preflight allows (`GET`, `*`); repeatable'
            cand --cors-allow-header 'CORS: a request header the preflight allows (`authorization`, `*`); repeatable'
            cand --upstream-timeout 'Answer 503 when the upstream has not answered within this (API Gateway: 30s)'
            cand --jwks-ttl 'How long the issuer''s JWK Set is reused'
            cand --jwks-cooldown 'After a refetch that did not find a token''s kid, make no other refetch for this long'
            cand --websocket 'Relay WebSocket upgrades: each is `$connect`, authorized by the JWT authorizer (when configured; e.g. --identity-source route.request.querystring.token) before any upgrade, then relayed message by message both ways until either side closes, with API Gateway''s limits: a client frame over 32 KiB or message over 128 KiB closes with 1009; an upstream message over 128 KiB is dropped (logged), the connection stays'
            cand --cors-allow-credentials 'CORS: Access-Control-Allow-Credentials: true (not with origin `*`, as AWS refuses it)'
            cand --allow-http 'Allow plain http:// to a non-loopback issuer'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;jwks'= {
            cand --key 'A key to include: keyring name or PEM file; repeatable [default: every keyring key]'
            cand --out 'Write DIR/.well-known/jwks.json instead of printing'
            cand --alg 'Pin every key to one algorithm (an `alg` member) [default: no alg: any the key allows]'
            cand --issuer 'The issuer URL the discovery document names (where DIR will be hosted)'
            cand --to-pem 'Print the SPKI PEM of a key from a JWK Set file or URL'
            cand --kid 'With --to-pem: which key (needed when the set holds several)'
            cand --discovery 'With --out: also write DIR/.well-known/openid-configuration for --issuer'
            cand --allow-http 'Allow plain http:// to a non-loopback host for --to-pem URL'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;version'= {
            cand --json 'One JSON object (commit is null when not built from a git checkout)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;paths'= {
            cand --json 'One JSON object'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;generate'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;help'= {
            cand keygen 'Create a keypair (RSA, EC or Ed25519) in the keyring (or a directory), or an HMAC secret file'
            cand keys 'List, show, rename and remove the keys in the keyring'
            cand sign 'Sign a JWT (one per subject)'
            cand verify 'Verify a token''s signature and claims the way an API gateway would'
            cand decode 'Show a token''s header and claims WITHOUT verifying it'
            cand fetch 'Get an OAuth 2.0 access token (client credentials), cached until it nears expiry'
            cand introspect 'Ask the server whether a token is active (RFC 7662 introspection), e.g. an opaque one'
            cand exec 'Run a command with an access token in its environment (fetched, or from the cache)'
            cand profile 'Save, list and remove fetch profiles'
            cand cache 'Manage the token cache'
            cand serve 'Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests'
            cand gateway 'Run a local API Gateway (HTTP API JWT authorizer, routes, mapping) in front of your app'
            cand jwks 'Print a JWK Set of public keys to host as /.well-known/jwks.json; convert JWK → PEM'
            cand completions 'Print a shell completion script'
            cand version 'Print tok''s version, commit, target and crypto backend (for bug reports)'
            cand paths 'Print where tok keeps keys, secrets, config and cache, and which TOK_* variables are set'
            cand generate 'Write completion scripts or man pages into a directory (scripts/generate.sh; packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;help;keygen'= {
        }
        &'tok;help;keys'= {
        }
        &'tok;help;sign'= {
        }
        &'tok;help;verify'= {
        }
        &'tok;help;decode'= {
        }
        &'tok;help;fetch'= {
        }
        &'tok;help;introspect'= {
        }
        &'tok;help;exec'= {
        }
        &'tok;help;profile'= {
        }
        &'tok;help;cache'= {
        }
        &'tok;help;serve'= {
        }
        &'tok;help;gateway'= {
        }
        &'tok;help;jwks'= {
        }
        &'tok;help;completions'= {
        }
        &'tok;help;version'= {
        }
        &'tok;help;paths'= {
        }
        &'tok;help;generate'= {
        }
        &'tok;help;help'= {
        }
    ]
    $completions[$command]
}
