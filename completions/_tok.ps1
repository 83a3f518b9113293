
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tok' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tok'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tok' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create a keypair (RSA, EC or Ed25519) in the keyring (or a directory), or an HMAC secret file')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'List, show, rename and remove the keys in the keyring')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a JWT (one per subject)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a token''s signature and claims the way an API gateway would')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header and claims WITHOUT verifying it')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Get an OAuth 2.0 access token (client credentials), cached until it nears expiry')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask an authorization server whether a token is active (RFC 7662)')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with an access token in its environment (fetched, or from the cache)')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Save, list and remove fetch profiles')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Manage the token cache')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests')
            [CompletionResult]::new('gateway', 'gateway', [CompletionResultType]::ParameterValue, 'Run a local API Gateway (HTTP API JWT authorizer, routes, mapping) in front of your app')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print a JWK Set of public keys to host as /.well-known/jwks.json; convert JWK → PEM')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print tok''s version, commit, target and crypto backend (for bug reports)')
            [CompletionResult]::new('paths', 'paths', [CompletionResultType]::ParameterValue, 'Where tok keeps things')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completion scripts or man pages into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tok;keygen' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Key type')
            [CompletionResult]::new('--bits', '--bits', [CompletionResultType]::ParameterName, 'RSA key size in bits: 2048 (default), 3072 or 4096')
            [CompletionResult]::new('--curve', '--curve', [CompletionResultType]::ParameterName, 'EC curve (with --type ec): P-256 (default, ES256), P-384 (ES384) or P-521 (ES512)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the key in the keyring [default: default]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write DIR/private.pem and DIR/public.pem instead of into the keyring; with --type hmac, the secret FILE')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'With --type hmac: the algorithm the secret is for, which sets its least length (32, 48 or 64 bytes) [default: HS256]')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'With --type hmac: random bytes in the secret [default: the hash size of --alg]')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'With --type hmac: print the secret on stdout instead of writing a file')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing key of that name (the old private key is lost)')
            [CompletionResult]::new('--jwk', '--jwk', [CompletionResultType]::ParameterName, 'Print the public key as a JWK on stdout (the summary then goes to stderr)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of the summary: name (or dir), type, kid, the private and public paths, and the public JWK')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;keys' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys: name, kid, bits, created')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key (the keyring''s `default` unless named)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key (both halves) from the keyring; asks first on a terminal')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a keyring key (its kid does not change); an existing NEW is never replaced')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tok;keys;list' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;keys;show' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A key file (PEM private, public or certificate; or a JWK) instead of a keyring name')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'With --jwk: pin the key to one algorithm it signs (an `alg` member); without it the JWK has no `alg` and verifies every algorithm the key allows')
            [CompletionResult]::new('--jwk', '--jwk', [CompletionResultType]::ParameterName, 'Print the public key as a JWK')
            [CompletionResult]::new('--pem', '--pem', [CompletionResultType]::ParameterName, 'Print the public key as SPKI PEM')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;keys;remove' {
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask (needed when stdin is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;keys;rename' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;keys;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys: name, kid, bits, created')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key (the keyring''s `default` unless named)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a key (both halves) from the keyring; asks first on a terminal')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a keyring key (its kid does not change); an existing NEW is never replaced')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tok;keys;help;list' {
            break
        }
        'tok;keys;help;show' {
            break
        }
        'tok;keys;help;remove' {
            break
        }
        'tok;keys;help;rename' {
            break
        }
        'tok;keys;help;help' {
            break
        }
        'tok;sign' {
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Subject (`sub`); repeat to sign one token per subject')
            [CompletionResult]::new('--subs-from', '--subs-from', [CompletionResultType]::ParameterName, 'Read subjects from FILE (or - for stdin), one a line; blank lines are skipped')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'With --subs-from: threads signing tokens [default: one a core]. The first 32 subjects are signed on one thread; after that the subjects are shared out, and the tokens still come in input order, each as soon as no more input is waiting')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Lifetime: exp = now + TTL [default: 1h]; negative (-5m) for an already-expired token')
            [CompletionResult]::new('--exp', '--exp', [CompletionResultType]::ParameterName, 'Absolute expiry (`exp`)')
            [CompletionResult]::new('--nbf', '--nbf', [CompletionResultType]::ParameterName, 'Not before (`nbf`)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Issuer (`iss`)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Audience (`aud`); repeat for several (then an array)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope; repeat for several (space-joined into `scope`)')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, 'JWT ID (`jti`); without a value, a random one per token')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'Header `typ` (e.g. at+jwt)')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim: key=value (string) or key:=JSON (raw JSON); repeatable')
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'Merge claims from a JSON object in FILE (or - for stdin); flags win over it')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Signing key: a keyring name or a PEM file (PKCS#8, PKCS#1 or SEC1) [default: default]')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'RS256…PS512, ES256/384/512, EdDSA or HS256/384/512 (any case) [default: the key''s own: RS256 for RSA, ES256/384/512 by curve, EdDSA; or HS256 with a secret]')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the HMAC secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Print URL with the token as its `token` query parameter (for WebSocket clients)')
            [CompletionResult]::new('--no-kid', '--no-kid', [CompletionResultType]::ParameterName, 'Leave `kid` out of the header')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the HMAC secret from stdin')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow an HMAC secret shorter than the hash (RFC 7518 §3.2), for legacy authorizers')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"token","header","claims"} instead of the bare token')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;verify' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Key: a keyring name, or a PEM file (public, certificate or private) or a JWK [default: the keyring, chosen by kid; `default` for tokens without one]')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'A JWK Set (or one JWK) from a file or an https URL; the key is chosen by the token''s kid')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Find the JWK Set by OIDC discovery from this issuer, and require it in the token''s iss')
            [CompletionResult]::new('--jwks-ttl', '--jwks-ttl', [CompletionResultType]::ParameterName, 'How long a JWK Set fetched from a URL is reused')
            [CompletionResult]::new('--jwks-cooldown', '--jwks-cooldown', [CompletionResultType]::ParameterName, 'After a refetch that did not find a token''s kid, make no other refetch for this long')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a key server after this long')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the HMAC secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed algorithm(s), narrowing what the key allows; repeatable')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Expected issuer (exact string match)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Accepted audience; repeatable (any one must match)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Required scope; repeatable (all must be present in `scope` or `scp`)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Expected subject')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'A claim that must be present; repeatable (e.g. --require exp)')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Skip a claim check, shown as skipped in --explain; repeatable (e.g. --ignore exp to check the signature of an expired token). The signature is always checked')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew allowed for exp, nbf and iat')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Check times as of TIME instead of now (unix seconds, RFC 3339, or +/-DURATION)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'With --each: threads verifying tokens [default: one a core]. The first 32 lines are verified on one thread; after that the lines are shared out, and the answers still come in input order, each as soon as no more input is waiting')
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'Answer as an API Gateway HTTP API JWT authorizer would (needs --issuer and --aud): RSA only, no leeway, any one --scope; prints the status, header and claims it passes on')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Print the Lambda authorizer response for METHOD_ARN (an execute-api ARN): Allow (valid) with the claims as context, or Deny with the failed checks on stderr (--explain: every check on stderr)')
            [CompletionResult]::new('--policy-resource', '--policy-resource', [CompletionResultType]::ParameterName, 'The policy''s Resource: `exact` (METHOD_ARN) or `wildcard` (API_ID/STAGE/*/*, every method and path of the stage). API Gateway caches a policy per token: an exact one answers 403 when the same token calls another method or path while the cache lasts')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a non-loopback key server')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the HMAC secret from stdin')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept an oct (HMAC) key from a JWK Set file that is shorter than its algorithm''s hash (RFC 7518 §3.2), for legacy tokens; never an empty one')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print every check with ✓/✗ and the values (with --json: a "checks" array)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"valid":…,"header":…,"claims":…} (and "errors" when invalid)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; the exit code tells')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing; the exit code tells')
            [CompletionResult]::new('--each', '--each', [CompletionResultType]::ParameterName, 'Read tokens from stdin, one a line; write one result a line in the same order')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;decode' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"header","claims","times","signature_verified":false}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;fetch' {
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'The token endpoint URL')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Find the token endpoint by OIDC discovery from this issuer')
            [CompletionResult]::new('--auth0', '--auth0', [CompletionResultType]::ParameterName, 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)')
            [CompletionResult]::new('--cognito', '--cognito', [CompletionResultType]::ParameterName, 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client (application) id')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API to get a token for, sent as `audience` (Auth0 needs it)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707); repeatable')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Any other form parameter, e.g. organization=org_123; repeatable')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Algorithm of the assertion [default: the key''s own: RS256, ES256/384/512 or EdDSA]')
            [CompletionResult]::new('--assertion-aud', '--assertion-aud', [CompletionResultType]::ParameterName, 'The assertion''s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Start from a saved profile (flags override its values)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse a cached token only while it has more than this left')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to print: token (bare), header (`Authorization: Bearer …`), json (the token response plus expires_at and cached), env (`export NAME=''…''`), curl (`-H ''Authorization: Bearer …''`)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'With --format env: the variable to export [default: TOK_ACCESS_TOKEN]')
            [CompletionResult]::new('--client-credentials', '--client-credentials', [CompletionResultType]::ParameterName, 'Use the client-credentials grant (RFC 6749 §4.4)')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a non-loopback host')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor write the token cache')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Get a new token even if a cached one is still good')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'The same as --format json')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The same as --format header')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;introspect' {
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'The introspection endpoint [default: from the issuer''s discovery document]')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'The token endpoint URL')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Find the token endpoint by OIDC discovery from this issuer')
            [CompletionResult]::new('--auth0', '--auth0', [CompletionResultType]::ParameterName, 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)')
            [CompletionResult]::new('--cognito', '--cognito', [CompletionResultType]::ParameterName, 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client (application) id')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API to get a token for, sent as `audience` (Auth0 needs it)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707); repeatable')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Any other form parameter, e.g. organization=org_123; repeatable')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Algorithm of the assertion [default: the key''s own: RS256, ES256/384/512 or EdDSA]')
            [CompletionResult]::new('--assertion-aud', '--assertion-aud', [CompletionResultType]::ParameterName, 'The assertion''s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Start from a saved profile (flags override its values)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a non-loopback host')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;exec' {
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'The token endpoint URL')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Find the token endpoint by OIDC discovery from this issuer')
            [CompletionResult]::new('--auth0', '--auth0', [CompletionResultType]::ParameterName, 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)')
            [CompletionResult]::new('--cognito', '--cognito', [CompletionResultType]::ParameterName, 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client (application) id')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API to get a token for, sent as `audience` (Auth0 needs it)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707); repeatable')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Any other form parameter, e.g. organization=org_123; repeatable')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Algorithm of the assertion [default: the key''s own: RS256, ES256/384/512 or EdDSA]')
            [CompletionResult]::new('--assertion-aud', '--assertion-aud', [CompletionResultType]::ParameterName, 'The assertion''s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Start from a saved profile (flags override its values)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse a cached token only while it has more than this left')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment variable CMD finds the access token in')
            [CompletionResult]::new('--client-credentials', '--client-credentials', [CompletionResultType]::ParameterName, 'Accepted for symmetry with `tok fetch`; the client-credentials grant is implied')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a non-loopback host')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor write the token cache')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Get a new token even if a cached one is still good')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;profile' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Save a profile; the client secret is prompted without echo (or read with --client-secret-stdin)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles (never their secrets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile and its saved secret')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tok;profile;add' {
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'The token endpoint URL')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Find the token endpoint by OIDC discovery from this issuer')
            [CompletionResult]::new('--auth0', '--auth0', [CompletionResultType]::ParameterName, 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)')
            [CompletionResult]::new('--cognito', '--cognito', [CompletionResultType]::ParameterName, 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The client (application) id')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The API to get a token for, sent as `audience` (Auth0 needs it)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707); repeatable')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Any other form parameter, e.g. organization=org_123; repeatable')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Algorithm of the assertion [default: the key''s own: RS256, ES256/384/512 or EdDSA]')
            [CompletionResult]::new('--assertion-aud', '--assertion-aud', [CompletionResultType]::ParameterName, 'The assertion''s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (one trailing newline is ignored)')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing profile of that name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;profile;list' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;profile;remove' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;profile;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Save a profile; the client secret is prompted without echo (or read with --client-secret-stdin)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List profiles (never their secrets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile and its saved secret')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tok;profile;help;add' {
            break
        }
        'tok;profile;help;list' {
            break
        }
        'tok;profile;help;remove' {
            break
        }
        'tok;profile;help;help' {
            break
        }
        'tok;cache' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove every cached token')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tok;cache;clear' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;cache;help' {
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove every cached token')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tok;cache;help;clear' {
            break
        }
        'tok;cache;help;help' {
            break
        }
        'tok;serve' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address to listen on; port 0 picks a free one')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer to put in tokens and metadata [default: the base URL]')
            [CompletionResult]::new('--clients', '--clients', [CompletionResultType]::ParameterName, 'The registered clients (TOML, [[client]] tables)')
            [CompletionResult]::new('--dialect', '--dialect', [CompletionResultType]::ParameterName, 'Token shape: auth0 (iss with /, aud, azp, gty, sub=ID@clients) or cognito (client_id, token_use)')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Token lifetime')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Signing key: a keyring name or a PEM file [default: default]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;gateway' {
            [CompletionResult]::new('--upstream', '--upstream', [CompletionResultType]::ParameterName, 'The app to forward accepted requests to (http://HOST:PORT)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on; port 0 picks a free one')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The JWT authorizer''s issuer: keys by OIDC discovery (jwks_uri), cached and refetched on an unknown kid as `tok verify --issuer` does')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'The JWT authorizer''s audience; repeatable (aud, or client_id when the token has no aud)')
            [CompletionResult]::new('--identity-source', '--identity-source', [CompletionResultType]::ParameterName, 'Where the JWT authorizer finds the token: $request.header.NAME or $request.querystring.NAME (the value: the token, or `Bearer ` and the token)')
            [CompletionResult]::new('--authorizer', '--authorizer', [CompletionResultType]::ParameterName, 'The JWT authorizer from a file: what `aws apigatewayv2 get-authorizer` prints')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'A route behind the JWT authorizer: a route key (`GET /rooms/{id}`, `ANY /{proxy+}`, `$default`) then its scopes, space-separated (any one suffices); repeatable')
            [CompletionResult]::new('--open-route', '--open-route', [CompletionResultType]::ParameterName, 'A route without authorization (AuthorizationType NONE); repeatable')
            [CompletionResult]::new('--routes', '--routes', [CompletionResultType]::ParameterName, 'The routes from a file: what `aws apigatewayv2 get-routes` prints')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Parameter mapping in AWS''s syntax, applied in order; repeatable: `overwrite:header.x-user-id=$context.authorizer.claims.sub`, `append:querystring.a=…`, `remove:header.x-debug=''''`, `overwrite:path=$request.path.id`')
            [CompletionResult]::new('--ws-idle-timeout', '--ws-idle-timeout', [CompletionResultType]::ParameterName, 'Close a WebSocket connection (1001 to both sides) after this long without a message either way (API Gateway: 10 minutes)')
            [CompletionResult]::new('--ws-max-duration', '--ws-max-duration', [CompletionResultType]::ParameterName, 'Close a WebSocket connection (1001 to both sides) this long after it opened, busy or not (API Gateway: 2 hours)')
            [CompletionResult]::new('--lambda-policy', '--lambda-policy', [CompletionResultType]::ParameterName, 'Lambda-authorizer mode (REST / WebSocket APIs): protected routes are authorized by the policy `tok verify --issuer … --aud … --policy METHOD_ARN` returns, METHOD_ARN being API_ARN/VERB/PATH (or API_ARN/$connect); API_ARN is arn:aws:execute-api:REGION:ACCOUNT_ID:API_ID/STAGE. Refusals: 403 as API Gateway words them')
            [CompletionResult]::new('--policy-resource', '--policy-resource', [CompletionResultType]::ParameterName, 'The Lambda authorizer''s policy Resource: `exact` (the method ARN) or `wildcard` (API_ID/STAGE/*/*)')
            [CompletionResult]::new('--authorizer-ttl', '--authorizer-ttl', [CompletionResultType]::ParameterName, 'API Gateway''s cache of the Lambda authorizer''s policy, keyed by the identity source value (REST default 300s; 0 = off): an exact policy then answers 403 on other methods')
            [CompletionResult]::new('--cors', '--cors', [CompletionResultType]::ParameterName, 'The API''s CORS configuration from a file: what `aws apigatewayv2 get-api` prints (its CorsConfiguration). Preflights are then answered before routes and the authorizer')
            [CompletionResult]::new('--cors-allow-origin', '--cors-allow-origin', [CompletionResultType]::ParameterName, 'CORS: an allowed origin (`https://app.example.com`, `*`, `https://*`); repeatable')
            [CompletionResult]::new('--cors-allow-method', '--cors-allow-method', [CompletionResultType]::ParameterName, 'CORS: a method the preflight allows (`GET`, `*`); repeatable')
            [CompletionResult]::new('--cors-allow-header', '--cors-allow-header', [CompletionResultType]::ParameterName, 'CORS: a request header the preflight allows (`authorization`, `*`); repeatable')
            [CompletionResult]::new('--upstream-timeout', '--upstream-timeout', [CompletionResultType]::ParameterName, 'Answer 503 when the upstream has not answered within this (API Gateway: 30s)')
            [CompletionResult]::new('--jwks-ttl', '--jwks-ttl', [CompletionResultType]::ParameterName, 'How long the issuer''s JWK Set is reused')
            [CompletionResult]::new('--jwks-cooldown', '--jwks-cooldown', [CompletionResultType]::ParameterName, 'After a refetch that did not find a token''s kid, make no other refetch for this long')
            [CompletionResult]::new('--websocket', '--websocket', [CompletionResultType]::ParameterName, 'Relay WebSocket upgrades: each is `$connect`, authorized by the JWT authorizer (when configured; e.g. --identity-source route.request.querystring.token) before any upgrade, then relayed message by message both ways until either side closes, with API Gateway''s limits: a client frame over 32 KiB or message over 128 KiB closes with 1009; an upstream message over 128 KiB is dropped (logged), the connection stays')
            [CompletionResult]::new('--cors-allow-credentials', '--cors-allow-credentials', [CompletionResultType]::ParameterName, 'CORS: Access-Control-Allow-Credentials: true (not with origin `*`, as AWS refuses it)')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a non-loopback issuer')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;jwks' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A key to include: keyring name or PEM file; repeatable [default: every keyring key]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write DIR/.well-known/jwks.json instead of printing')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Pin every key to one algorithm (an `alg` member) [default: no alg: any the key allows]')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer URL the discovery document names (where DIR will be hosted)')
            [CompletionResult]::new('--to-pem', '--to-pem', [CompletionResultType]::ParameterName, 'Print the SPKI PEM of a key from a JWK Set file or URL')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'With --to-pem: which key (needed when the set holds several)')
            [CompletionResult]::new('--discovery', '--discovery', [CompletionResultType]::ParameterName, 'With --out: also write DIR/.well-known/openid-configuration for --issuer')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a non-loopback host for --to-pem URL')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;version' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object (commit is null when not built from a git checkout)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;paths' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;generate' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tok;help' {
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Create a keypair (RSA, EC or Ed25519) in the keyring (or a directory), or an HMAC secret file')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'List, show, rename and remove the keys in the keyring')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a JWT (one per subject)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a token''s signature and claims the way an API gateway would')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token''s header and claims WITHOUT verifying it')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Get an OAuth 2.0 access token (client credentials), cached until it nears expiry')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the server whether a token is active (RFC 7662 introspection), e.g. an opaque one')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with an access token in its environment (fetched, or from the cache)')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Save, list and remove fetch profiles')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Manage the token cache')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests')
            [CompletionResult]::new('gateway', 'gateway', [CompletionResultType]::ParameterValue, 'Run a local API Gateway (HTTP API JWT authorizer, routes, mapping) in front of your app')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print a JWK Set of public keys to host as /.well-known/jwks.json; convert JWK → PEM')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print tok''s version, commit, target and crypto backend (for bug reports)')
            [CompletionResult]::new('paths', 'paths', [CompletionResultType]::ParameterValue, 'Print where tok keeps keys, secrets, config and cache, and which TOK_* variables are set')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completion scripts or man pages into a directory (scripts/generate.sh; packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tok;help;keygen' {
            break
        }
        'tok;help;keys' {
            break
        }
        'tok;help;sign' {
            break
        }
        'tok;help;verify' {
            break
        }
        'tok;help;decode' {
            break
        }
        'tok;help;fetch' {
            break
        }
        'tok;help;introspect' {
            break
        }
        'tok;help;exec' {
            break
        }
        'tok;help;profile' {
            break
        }
        'tok;help;cache' {
            break
        }
        'tok;help;serve' {
            break
        }
        'tok;help;gateway' {
            break
        }
        'tok;help;jwks' {
            break
        }
        'tok;help;completions' {
            break
        }
        'tok;help;version' {
            break
        }
        'tok;help;paths' {
            break
        }
        'tok;help;generate' {
            break
        }
        'tok;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
