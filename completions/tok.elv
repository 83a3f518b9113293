
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
            cand keygen 'Create a keypair (RSA, EC or Ed25519) in the keyring (or in a directory)'
            cand keys 'List and show the keys in the keyring'
            cand sign 'Sign a JWT (one per subject)'
            cand verify 'Verify a token''s signature and claims the way an API gateway would'
            cand decode 'Show a token''s header and claims WITHOUT verifying it'
            cand fetch 'Get an OAuth 2.0 access token (client credentials), cached until it nears expiry'
            cand exec 'Run a command with an access token in its environment (fetched, or from the cache)'
            cand profile 'Save, list and remove fetch profiles'
            cand cache 'Manage the token cache'
            cand serve 'Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests'
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
            cand --name 'Name of the key in the keyring'
            cand --out 'Write DIR/private.pem and DIR/public.pem instead of into the keyring'
            cand --force 'Replace an existing key of that name (the old private key is lost)'
            cand --jwk 'Print the public key as a JWK on stdout (the summary then goes to stderr)'
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand --key 'A key file (PEM private, public or certificate; or an RSA JWK) instead of a keyring name'
            cand --alg 'With --jwk: pin the key to one RSA algorithm (an `alg` member); without it the JWK has no `alg` and verifies every RSA algorithm the key signs with'
            cand --jwk 'Print the public key as a JWK'
            cand --pem 'Print the public key as SPKI PEM'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tok;keys;help'= {
            cand list 'List keys: name, kid, bits, created'
            cand show 'Show one key (the keyring''s `default` unless named)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tok;keys;help;list'= {
        }
        &'tok;keys;help;show'= {
        }
        &'tok;keys;help;help'= {
        }
        &'tok;sign'= {
            cand --sub 'Subject (`sub`); repeat to sign one token per subject'
            cand --subs-from 'Read subjects from FILE (or - for stdin), one a line; blank lines are skipped'
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
            cand --key 'Signing key: a keyring name or a PEM file (PKCS#8 or PKCS#1) [default: default]'
            cand --alg 'RS256, RS384, RS512, PS256, PS384, PS512, HS256, HS384 or HS512 [default: RS256, or HS256 with a secret]'
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
            cand --key 'Key: a keyring name, or a PEM file (public, certificate or private) or RSA JWK [default: the keyring, chosen by kid; `default` for tokens without one]'
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
            cand --auth 'Client authentication: basic (Authorization header) or post (form body) [default: basic]'
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
            cand --auth 'Client authentication: basic (Authorization header) or post (form body) [default: basic]'
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
            cand --auth 'Client authentication: basic (Authorization header) or post (form body) [default: basic]'
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
        &'tok;jwks'= {
            cand --key 'A key to include: keyring name or PEM file; repeatable [default: every keyring key]'
            cand --out 'Write DIR/.well-known/jwks.json instead of printing'
            cand --alg 'Pin every key to one RSA algorithm (an `alg` member) [default: no alg, any RSA alg]'
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
            cand keygen 'Create a keypair (RSA, EC or Ed25519) in the keyring (or in a directory)'
            cand keys 'List and show the keys in the keyring'
            cand sign 'Sign a JWT (one per subject)'
            cand verify 'Verify a token''s signature and claims the way an API gateway would'
            cand decode 'Show a token''s header and claims WITHOUT verifying it'
            cand fetch 'Get an OAuth 2.0 access token (client credentials), cached until it nears expiry'
            cand exec 'Run a command with an access token in its environment (fetched, or from the cache)'
            cand profile 'Save, list and remove fetch profiles'
            cand cache 'Manage the token cache'
            cand serve 'Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests'
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
        &'tok;help;exec'= {
        }
        &'tok;help;profile'= {
        }
        &'tok;help;cache'= {
        }
        &'tok;help;serve'= {
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
