# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tok_global_optspecs
    string join \n h/help V/version
end

function __fish_tok_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tok_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tok_using_subcommand
    set -l cmd (__fish_tok_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tok -n "__fish_tok_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tok -n "__fish_tok_needs_command" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_needs_command" -f -a "keygen" -d 'Create a keypair (RSA, EC or Ed25519) in the keyring (or a directory), or an HMAC secret file'
complete -c tok -n "__fish_tok_needs_command" -f -a "keys" -d 'List, show, rename and remove the keys in the keyring'
complete -c tok -n "__fish_tok_needs_command" -f -a "sign" -d 'Sign a JWT (one per subject)'
complete -c tok -n "__fish_tok_needs_command" -f -a "verify" -d 'Verify a token\'s signature and claims the way an API gateway would'
complete -c tok -n "__fish_tok_needs_command" -f -a "decode" -d 'Show a token\'s header and claims WITHOUT verifying it'
complete -c tok -n "__fish_tok_needs_command" -f -a "fetch" -d 'Get an OAuth 2.0 access token (client credentials), cached until it nears expiry'
complete -c tok -n "__fish_tok_needs_command" -f -a "introspect" -d 'Ask an authorization server whether a token is active (RFC 7662)'
complete -c tok -n "__fish_tok_needs_command" -f -a "exec" -d 'Run a command with an access token in its environment (fetched, or from the cache)'
complete -c tok -n "__fish_tok_needs_command" -f -a "profile" -d 'Save, list and remove fetch profiles'
complete -c tok -n "__fish_tok_needs_command" -f -a "cache" -d 'Manage the token cache'
complete -c tok -n "__fish_tok_needs_command" -f -a "serve" -d 'Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests'
complete -c tok -n "__fish_tok_needs_command" -f -a "gateway" -d 'Run a local API Gateway (HTTP API JWT authorizer, routes, mapping) in front of your app'
complete -c tok -n "__fish_tok_needs_command" -f -a "jwks" -d 'Print a JWK Set of public keys to host as /.well-known/jwks.json; convert JWK → PEM'
complete -c tok -n "__fish_tok_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c tok -n "__fish_tok_needs_command" -f -a "version" -d 'Print tok\'s version, commit, target and crypto backend (for bug reports)'
complete -c tok -n "__fish_tok_needs_command" -f -a "paths" -d 'Where tok keeps things'
complete -c tok -n "__fish_tok_needs_command" -f -a "generate" -d 'Write completion scripts or man pages into a directory'
complete -c tok -n "__fish_tok_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tok -n "__fish_tok_using_subcommand keygen" -l type -d 'Key type' -r -f -a "rsa\t'An RSA keypair (--bits): RS256, PS256…'
ec\t'An EC keypair (--curve): ES256, ES384, ES512'
ed25519\t'An Ed25519 keypair: EdDSA'
hmac\t'An HMAC secret (HS256/384/512), written to --out FILE'"
complete -c tok -n "__fish_tok_using_subcommand keygen" -l bits -d 'RSA key size in bits: 2048 (default), 3072 or 4096' -r
complete -c tok -n "__fish_tok_using_subcommand keygen" -l curve -d 'EC curve (with --type ec): P-256 (default, ES256), P-384 (ES384) or P-521 (ES512)' -r -f -a "P-256\t''
P-384\t''
P-521\t''"
complete -c tok -n "__fish_tok_using_subcommand keygen" -l name -d 'Name of the key in the keyring [default: default]' -r
complete -c tok -n "__fish_tok_using_subcommand keygen" -l out -d 'Write DIR/private.pem and DIR/public.pem instead of into the keyring; with --type hmac, the secret FILE' -r -F
complete -c tok -n "__fish_tok_using_subcommand keygen" -l alg -d 'With --type hmac: the algorithm the secret is for, which sets its least length (32, 48 or 64 bytes) [default: HS256]' -r -f -a "HS256\t''
HS384\t''
HS512\t''"
complete -c tok -n "__fish_tok_using_subcommand keygen" -l bytes -d 'With --type hmac: random bytes in the secret [default: the hash size of --alg]' -r
complete -c tok -n "__fish_tok_using_subcommand keygen" -l stdout -d 'With --type hmac: print the secret on stdout instead of writing a file'
complete -c tok -n "__fish_tok_using_subcommand keygen" -l force -d 'Replace an existing key of that name (the old private key is lost)'
complete -c tok -n "__fish_tok_using_subcommand keygen" -l jwk -d 'Print the public key as a JWK on stdout (the summary then goes to stderr)'
complete -c tok -n "__fish_tok_using_subcommand keygen" -l json -d 'Print one JSON object instead of the summary: name (or dir), type, kid, the private and public paths, and the public JWK'
complete -c tok -n "__fish_tok_using_subcommand keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tok -n "__fish_tok_using_subcommand keygen" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand keys; and not __fish_seen_subcommand_from list show remove rename help" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand keys; and not __fish_seen_subcommand_from list show remove rename help" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand keys; and not __fish_seen_subcommand_from list show remove rename help" -f -a "list" -d 'List keys: name, kid, bits, created'
complete -c tok -n "__fish_tok_using_subcommand keys; and not __fish_seen_subcommand_from list show remove rename help" -f -a "show" -d 'Show one key (the keyring\'s `default` unless named)'
complete -c tok -n "__fish_tok_using_subcommand keys; and not __fish_seen_subcommand_from list show remove rename help" -f -a "remove" -d 'Remove a key (both halves) from the keyring; asks first on a terminal'
complete -c tok -n "__fish_tok_using_subcommand keys; and not __fish_seen_subcommand_from list show remove rename help" -f -a "rename" -d 'Rename a keyring key (its kid does not change); an existing NEW is never replaced'
complete -c tok -n "__fish_tok_using_subcommand keys; and not __fish_seen_subcommand_from list show remove rename help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from list" -l json -d 'Print a JSON array'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from show" -l key -d 'A key file (PEM private, public or certificate; or a JWK) instead of a keyring name' -r -F
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from show" -l alg -d 'With --jwk: pin the key to one algorithm it signs (an `alg` member); without it the JWK has no `alg` and verifies every algorithm the key allows' -r -f -a "RS256\t''
RS384\t''
RS512\t''
PS256\t''
PS384\t''
PS512\t''
ES256\t''
ES384\t''
ES512\t''
EdDSA\t''
Ed25519\t''"
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from show" -l jwk -d 'Print the public key as a JWK'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from show" -l pem -d 'Print the public key as SPKI PEM'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask (needed when stdin is not a terminal)'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List keys: name, kid, bits, created'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one key (the keyring\'s `default` unless named)'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a key (both halves) from the keyring; asks first on a terminal'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename a keyring key (its kid does not change); an existing NEW is never replaced'
complete -c tok -n "__fish_tok_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tok -n "__fish_tok_using_subcommand sign" -l sub -d 'Subject (`sub`); repeat to sign one token per subject' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l subs-from -d 'Read subjects from FILE (or - for stdin), one a line; blank lines are skipped' -r -F
complete -c tok -n "__fish_tok_using_subcommand sign" -l jobs -d 'With --subs-from: threads signing tokens [default: one a core]. The first 32 subjects are signed on one thread; after that the subjects are shared out, and the tokens still come in input order, each as soon as no more input is waiting' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l ttl -d 'Lifetime: exp = now + TTL [default: 1h]; negative (-5m) for an already-expired token' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l exp -d 'Absolute expiry (`exp`)' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l nbf -d 'Not before (`nbf`)' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l iss -d 'Issuer (`iss`)' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l aud -d 'Audience (`aud`); repeat for several (then an array)' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l scope -d 'Scope; repeat for several (space-joined into `scope`)' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l jti -d 'JWT ID (`jti`); without a value, a random one per token' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l typ -d 'Header `typ` (e.g. at+jwt)' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l claim -d 'A claim: key=value (string) or key:=JSON (raw JSON); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l claims -d 'Merge claims from a JSON object in FILE (or - for stdin); flags win over it' -r -F
complete -c tok -n "__fish_tok_using_subcommand sign" -l key -d 'Signing key: a keyring name or a PEM file (PKCS#8, PKCS#1 or SEC1) [default: default]' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l alg -d 'RS256…PS512, ES256/384/512, EdDSA or HS256/384/512 (any case) [default: the key\'s own: RS256 for RSA, ES256/384/512 by curve, EdDSA; or HS256 with a secret]' -r -f -a "RS256\t''
RS384\t''
RS512\t''
PS256\t''
PS384\t''
PS512\t''
ES256\t''
ES384\t''
ES512\t''
EdDSA\t''
Ed25519\t''
HS256\t''
HS384\t''
HS512\t''"
complete -c tok -n "__fish_tok_using_subcommand sign" -l secret-file -d 'Read the HMAC secret from a file (one trailing newline is ignored)' -r -F
complete -c tok -n "__fish_tok_using_subcommand sign" -l url -d 'Print URL with the token as its `token` query parameter (for WebSocket clients)' -r
complete -c tok -n "__fish_tok_using_subcommand sign" -l no-kid -d 'Leave `kid` out of the header'
complete -c tok -n "__fish_tok_using_subcommand sign" -l secret-stdin -d 'Read the HMAC secret from stdin'
complete -c tok -n "__fish_tok_using_subcommand sign" -l insecure -d 'Allow an HMAC secret shorter than the hash (RFC 7518 §3.2), for legacy authorizers'
complete -c tok -n "__fish_tok_using_subcommand sign" -l json -d 'Print {"token","header","claims"} instead of the bare token'
complete -c tok -n "__fish_tok_using_subcommand sign" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand sign" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand verify" -l key -d 'Key: a keyring name, or a PEM file (public, certificate or private) or a JWK [default: the keyring, chosen by kid; `default` for tokens without one]' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l jwks -d 'A JWK Set (or one JWK) from a file or an https URL; the key is chosen by the token\'s kid' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l issuer -d 'Find the JWK Set by OIDC discovery from this issuer, and require it in the token\'s iss' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l jwks-ttl -d 'How long a JWK Set fetched from a URL is reused' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l jwks-cooldown -d 'After a refetch that did not find a token\'s kid, make no other refetch for this long' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l timeout -d 'Give up on a key server after this long' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l secret-file -d 'Read the HMAC secret from a file (one trailing newline is ignored)' -r -F
complete -c tok -n "__fish_tok_using_subcommand verify" -l alg -d 'Allowed algorithm(s), narrowing what the key allows; repeatable' -r -f -a "RS256\t''
RS384\t''
RS512\t''
PS256\t''
PS384\t''
PS512\t''
ES256\t''
ES384\t''
ES512\t''
EdDSA\t''
Ed25519\t''
HS256\t''
HS384\t''
HS512\t''"
complete -c tok -n "__fish_tok_using_subcommand verify" -l iss -d 'Expected issuer (exact string match)' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l aud -d 'Accepted audience; repeatable (any one must match)' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l scope -d 'Required scope; repeatable (all must be present in `scope` or `scp`)' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l sub -d 'Expected subject' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l require -d 'A claim that must be present; repeatable (e.g. --require exp)' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l ignore -d 'Skip a claim check, shown as skipped in --explain; repeatable (e.g. --ignore exp to check the signature of an expired token). The signature is always checked' -r -f -a "exp\t''
nbf\t''
iat\t''
iss\t''
aud\t''
scope\t''
sub\t''"
complete -c tok -n "__fish_tok_using_subcommand verify" -l leeway -d 'Clock skew allowed for exp, nbf and iat' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l at -d 'Check times as of TIME instead of now (unix seconds, RFC 3339, or +/-DURATION)' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l jobs -d 'With --each: threads verifying tokens [default: one a core]. The first 32 lines are verified on one thread; after that the lines are shared out, and the answers still come in input order, each as soon as no more input is waiting' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l gateway -d 'Answer as an API Gateway HTTP API JWT authorizer would (needs --issuer and --aud): RSA only, no leeway, any one --scope; prints the status, header and claims it passes on' -r -f -a "http-api\t''"
complete -c tok -n "__fish_tok_using_subcommand verify" -l policy -d 'Print the Lambda authorizer response for METHOD_ARN (an execute-api ARN): Allow (valid) with the claims as context, or Deny with the failed checks on stderr (--explain: every check on stderr)' -r
complete -c tok -n "__fish_tok_using_subcommand verify" -l policy-resource -d 'The policy\'s Resource: `exact` (METHOD_ARN) or `wildcard` (API_ID/STAGE/*/*, every method and path of the stage). API Gateway caches a policy per token: an exact one answers 403 when the same token calls another method or path while the cache lasts' -r -f -a "exact\t''
wildcard\t''"
complete -c tok -n "__fish_tok_using_subcommand verify" -l allow-http -d 'Allow plain http:// to a non-loopback key server'
complete -c tok -n "__fish_tok_using_subcommand verify" -l secret-stdin -d 'Read the HMAC secret from stdin'
complete -c tok -n "__fish_tok_using_subcommand verify" -l insecure -d 'Accept an oct (HMAC) key from a JWK Set file that is shorter than its algorithm\'s hash (RFC 7518 §3.2), for legacy tokens; never an empty one'
complete -c tok -n "__fish_tok_using_subcommand verify" -l explain -d 'Print every check with ✓/✗ and the values (with --json: a "checks" array)'
complete -c tok -n "__fish_tok_using_subcommand verify" -l json -d 'Print {"valid":…,"header":…,"claims":…} (and "errors" when invalid)'
complete -c tok -n "__fish_tok_using_subcommand verify" -s q -l quiet -d 'Print nothing; the exit code tells'
complete -c tok -n "__fish_tok_using_subcommand verify" -l each -d 'Read tokens from stdin, one a line; write one result a line in the same order'
complete -c tok -n "__fish_tok_using_subcommand verify" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand verify" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand decode" -l json -d 'Print {"header","claims","times","signature_verified":false}'
complete -c tok -n "__fish_tok_using_subcommand decode" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand decode" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand fetch" -l token-url -d 'The token endpoint URL' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l issuer -d 'Find the token endpoint by OIDC discovery from this issuer' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l auth0 -d 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l cognito -d 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l client-id -d 'The client (application) id' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l audience -d 'The API to get a token for, sent as `audience` (Auth0 needs it)' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l scope -d 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l resource -d 'Resource indicator (RFC 8707); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l param -d 'Any other form parameter, e.g. organization=org_123; repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l auth -d 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]' -r -f -a "basic\t''
post\t''
private-key-jwt\t''
client-secret-jwt\t''"
complete -c tok -n "__fish_tok_using_subcommand fetch" -l key -d 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l alg -d 'Algorithm of the assertion [default: the key\'s own: RS256, ES256/384/512 or EdDSA]' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l assertion-aud -d 'The assertion\'s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l client-secret-file -d 'Read the client secret from a file (one trailing newline is ignored)' -r -F
complete -c tok -n "__fish_tok_using_subcommand fetch" -l profile -d 'Start from a saved profile (flags override its values)' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l timeout -d 'Give up on the server after this long' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l min-ttl -d 'Reuse a cached token only while it has more than this left' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l format -d 'What to print: token (bare), header (`Authorization: Bearer …`), json (the token response plus expires_at and cached), env (`export NAME=\'…\'`), curl (`-H \'Authorization: Bearer …\'`)' -r -f -a "token\t''
header\t''
json\t''
env\t''
curl\t''"
complete -c tok -n "__fish_tok_using_subcommand fetch" -l env -d 'With --format env: the variable to export [default: TOK_ACCESS_TOKEN]' -r
complete -c tok -n "__fish_tok_using_subcommand fetch" -l client-credentials -d 'Use the client-credentials grant (RFC 6749 §4.4)'
complete -c tok -n "__fish_tok_using_subcommand fetch" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c tok -n "__fish_tok_using_subcommand fetch" -l allow-http -d 'Allow plain http:// to a non-loopback host'
complete -c tok -n "__fish_tok_using_subcommand fetch" -l no-cache -d 'Neither read nor write the token cache'
complete -c tok -n "__fish_tok_using_subcommand fetch" -l refresh -d 'Get a new token even if a cached one is still good'
complete -c tok -n "__fish_tok_using_subcommand fetch" -l json -d 'The same as --format json'
complete -c tok -n "__fish_tok_using_subcommand fetch" -l header -d 'The same as --format header'
complete -c tok -n "__fish_tok_using_subcommand fetch" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand introspect" -l introspect-url -d 'The introspection endpoint [default: from the issuer\'s discovery document]' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l token-url -d 'The token endpoint URL' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l issuer -d 'Find the token endpoint by OIDC discovery from this issuer' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l auth0 -d 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l cognito -d 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l client-id -d 'The client (application) id' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l audience -d 'The API to get a token for, sent as `audience` (Auth0 needs it)' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l scope -d 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l resource -d 'Resource indicator (RFC 8707); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l param -d 'Any other form parameter, e.g. organization=org_123; repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l auth -d 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]' -r -f -a "basic\t''
post\t''
private-key-jwt\t''
client-secret-jwt\t''"
complete -c tok -n "__fish_tok_using_subcommand introspect" -l key -d 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l alg -d 'Algorithm of the assertion [default: the key\'s own: RS256, ES256/384/512 or EdDSA]' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l assertion-aud -d 'The assertion\'s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l client-secret-file -d 'Read the client secret from a file (one trailing newline is ignored)' -r -F
complete -c tok -n "__fish_tok_using_subcommand introspect" -l profile -d 'Start from a saved profile (flags override its values)' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l timeout -d 'Give up on the server after this long' -r
complete -c tok -n "__fish_tok_using_subcommand introspect" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c tok -n "__fish_tok_using_subcommand introspect" -l allow-http -d 'Allow plain http:// to a non-loopback host'
complete -c tok -n "__fish_tok_using_subcommand introspect" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand introspect" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand exec" -l token-url -d 'The token endpoint URL' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l issuer -d 'Find the token endpoint by OIDC discovery from this issuer' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l auth0 -d 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l cognito -d 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l client-id -d 'The client (application) id' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l audience -d 'The API to get a token for, sent as `audience` (Auth0 needs it)' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l scope -d 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l resource -d 'Resource indicator (RFC 8707); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l param -d 'Any other form parameter, e.g. organization=org_123; repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l auth -d 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]' -r -f -a "basic\t''
post\t''
private-key-jwt\t''
client-secret-jwt\t''"
complete -c tok -n "__fish_tok_using_subcommand exec" -l key -d 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l alg -d 'Algorithm of the assertion [default: the key\'s own: RS256, ES256/384/512 or EdDSA]' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l assertion-aud -d 'The assertion\'s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l client-secret-file -d 'Read the client secret from a file (one trailing newline is ignored)' -r -F
complete -c tok -n "__fish_tok_using_subcommand exec" -l profile -d 'Start from a saved profile (flags override its values)' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l timeout -d 'Give up on the server after this long' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l min-ttl -d 'Reuse a cached token only while it has more than this left' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l env -d 'The environment variable CMD finds the access token in' -r
complete -c tok -n "__fish_tok_using_subcommand exec" -l client-credentials -d 'Accepted for symmetry with `tok fetch`; the client-credentials grant is implied'
complete -c tok -n "__fish_tok_using_subcommand exec" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c tok -n "__fish_tok_using_subcommand exec" -l allow-http -d 'Allow plain http:// to a non-loopback host'
complete -c tok -n "__fish_tok_using_subcommand exec" -l no-cache -d 'Neither read nor write the token cache'
complete -c tok -n "__fish_tok_using_subcommand exec" -l refresh -d 'Get a new token even if a cached one is still good'
complete -c tok -n "__fish_tok_using_subcommand exec" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand exec" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand profile; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand profile; and not __fish_seen_subcommand_from add list remove help" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand profile; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Save a profile; the client secret is prompted without echo (or read with --client-secret-stdin)'
complete -c tok -n "__fish_tok_using_subcommand profile; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'List profiles (never their secrets)'
complete -c tok -n "__fish_tok_using_subcommand profile; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Remove a profile and its saved secret'
complete -c tok -n "__fish_tok_using_subcommand profile; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l token-url -d 'The token endpoint URL' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l issuer -d 'Find the token endpoint by OIDC discovery from this issuer' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l auth0 -d 'Auth0 tenant domain (→ https://DOMAIN/oauth/token)' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l cognito -d 'Cognito user pool domain (→ https://DOMAIN/oauth2/token)' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-id -d 'The client (application) id' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l audience -d 'The API to get a token for, sent as `audience` (Auth0 needs it)' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l scope -d 'Scope; repeatable, space-joined (Cognito: resource-server-id/scope)' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l resource -d 'Resource indicator (RFC 8707); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l param -d 'Any other form parameter, e.g. organization=org_123; repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l auth -d 'Client authentication: basic (Authorization header), post (form body), private-key-jwt (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]' -r -f -a "basic\t''
post\t''
private-key-jwt\t''
client-secret-jwt\t''"
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l key -d 'The private key (keyring name or PEM file) that signs private-key-jwt assertions; no secret is then sent or needed' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l alg -d 'Algorithm of the assertion [default: the key\'s own: RS256, ES256/384/512 or EdDSA]' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l assertion-aud -d 'The assertion\'s `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the trailing slash, e.g. https://tenant.auth0.com/' -r
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-secret-file -d 'Read the client secret from a file (one trailing newline is ignored)' -r -F
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -l force -d 'Replace an existing profile of that name'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "add" -d 'Save a profile; the client secret is prompted without echo (or read with --client-secret-stdin)'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "list" -d 'List profiles (never their secrets)'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a profile and its saved secret'
complete -c tok -n "__fish_tok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tok -n "__fish_tok_using_subcommand cache; and not __fish_seen_subcommand_from clear help" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand cache; and not __fish_seen_subcommand_from clear help" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand cache; and not __fish_seen_subcommand_from clear help" -f -a "clear" -d 'Remove every cached token'
complete -c tok -n "__fish_tok_using_subcommand cache; and not __fish_seen_subcommand_from clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tok -n "__fish_tok_using_subcommand cache; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand cache; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Remove every cached token'
complete -c tok -n "__fish_tok_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tok -n "__fish_tok_using_subcommand serve" -l addr -d 'Address to listen on; port 0 picks a free one' -r
complete -c tok -n "__fish_tok_using_subcommand serve" -l issuer -d 'Issuer to put in tokens and metadata [default: the base URL]' -r
complete -c tok -n "__fish_tok_using_subcommand serve" -l clients -d 'The registered clients (TOML, [[client]] tables)' -r -F
complete -c tok -n "__fish_tok_using_subcommand serve" -l dialect -d 'Token shape: auth0 (iss with /, aud, azp, gty, sub=ID@clients) or cognito (client_id, token_use)' -r -f -a "auth0\t''
cognito\t''"
complete -c tok -n "__fish_tok_using_subcommand serve" -l ttl -d 'Token lifetime' -r
complete -c tok -n "__fish_tok_using_subcommand serve" -l key -d 'Signing key: a keyring name or a PEM file [default: default]' -r
complete -c tok -n "__fish_tok_using_subcommand serve" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand serve" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand gateway" -l upstream -d 'The app to forward accepted requests to (http://HOST:PORT)' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l listen -d 'Address to listen on; port 0 picks a free one' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l issuer -d 'The JWT authorizer\'s issuer: keys by OIDC discovery (jwks_uri), cached and refetched on an unknown kid as `tok verify --issuer` does' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l aud -d 'The JWT authorizer\'s audience; repeatable (aud, or client_id when the token has no aud)' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l identity-source -d 'Where the JWT authorizer finds the token: $request.header.NAME or $request.querystring.NAME (the value: the token, or `Bearer ` and the token)' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l authorizer -d 'The JWT authorizer from a file: what `aws apigatewayv2 get-authorizer` prints' -r -F
complete -c tok -n "__fish_tok_using_subcommand gateway" -l route -d 'A route behind the JWT authorizer: a route key (`GET /rooms/{id}`, `ANY /{proxy+}`, `$default`) then its scopes, space-separated (any one suffices); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l open-route -d 'A route without authorization (AuthorizationType NONE); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l routes -d 'The routes from a file: what `aws apigatewayv2 get-routes` prints' -r -F
complete -c tok -n "__fish_tok_using_subcommand gateway" -l map -d 'Parameter mapping in AWS\'s syntax, applied in order; repeatable: `overwrite:header.x-user-id=$context.authorizer.claims.sub`, `append:querystring.a=…`, `remove:header.x-debug=\'\'`, `overwrite:path=$request.path.id`' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l ws-idle-timeout -d 'Close a WebSocket connection (1001 to both sides) after this long without a message either way (API Gateway: 10 minutes)' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l ws-max-duration -d 'Close a WebSocket connection (1001 to both sides) this long after it opened, busy or not (API Gateway: 2 hours)' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l lambda-policy -d 'Lambda-authorizer mode (REST / WebSocket APIs): protected routes are authorized by the policy `tok verify --issuer … --aud … --policy METHOD_ARN` returns, METHOD_ARN being API_ARN/VERB/PATH (or API_ARN/$connect); API_ARN is arn:aws:execute-api:REGION:ACCOUNT_ID:API_ID/STAGE. Refusals: 403 as API Gateway words them' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l policy-resource -d 'The Lambda authorizer\'s policy Resource: `exact` (the method ARN) or `wildcard` (API_ID/STAGE/*/*)' -r -f -a "exact\t''
wildcard\t''"
complete -c tok -n "__fish_tok_using_subcommand gateway" -l authorizer-ttl -d 'API Gateway\'s cache of the Lambda authorizer\'s policy, keyed by the identity source value (REST default 300s; 0 = off): an exact policy then answers 403 on other methods' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l cors -d 'The API\'s CORS configuration from a file: what `aws apigatewayv2 get-api` prints (its CorsConfiguration). Preflights are then answered before routes and the authorizer' -r -F
complete -c tok -n "__fish_tok_using_subcommand gateway" -l cors-allow-origin -d 'CORS: an allowed origin (`https://app.example.com`, `*`, `https://*`); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l cors-allow-method -d 'CORS: a method the preflight allows (`GET`, `*`); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l cors-allow-header -d 'CORS: a request header the preflight allows (`authorization`, `*`); repeatable' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l upstream-timeout -d 'Answer 503 when the upstream has not answered within this (API Gateway: 30s)' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l jwks-ttl -d 'How long the issuer\'s JWK Set is reused' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l jwks-cooldown -d 'After a refetch that did not find a token\'s kid, make no other refetch for this long' -r
complete -c tok -n "__fish_tok_using_subcommand gateway" -l websocket -d 'Relay WebSocket upgrades: each is `$connect`, authorized by the JWT authorizer (when configured; e.g. --identity-source route.request.querystring.token) before any upgrade, then relayed message by message both ways until either side closes, with API Gateway\'s limits: a client frame over 32 KiB or message over 128 KiB closes with 1009; an upstream message over 128 KiB is dropped (logged), the connection stays'
complete -c tok -n "__fish_tok_using_subcommand gateway" -l cors-allow-credentials -d 'CORS: Access-Control-Allow-Credentials: true (not with origin `*`, as AWS refuses it)'
complete -c tok -n "__fish_tok_using_subcommand gateway" -l allow-http -d 'Allow plain http:// to a non-loopback issuer'
complete -c tok -n "__fish_tok_using_subcommand gateway" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand gateway" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand jwks" -l key -d 'A key to include: keyring name or PEM file; repeatable [default: every keyring key]' -r
complete -c tok -n "__fish_tok_using_subcommand jwks" -l out -d 'Write DIR/.well-known/jwks.json instead of printing' -r -F
complete -c tok -n "__fish_tok_using_subcommand jwks" -l alg -d 'Pin every key to one algorithm (an `alg` member) [default: no alg: any the key allows]' -r -f -a "RS256\t''
RS384\t''
RS512\t''
PS256\t''
PS384\t''
PS512\t''
ES256\t''
ES384\t''
ES512\t''
EdDSA\t''
Ed25519\t''"
complete -c tok -n "__fish_tok_using_subcommand jwks" -l issuer -d 'The issuer URL the discovery document names (where DIR will be hosted)' -r
complete -c tok -n "__fish_tok_using_subcommand jwks" -l to-pem -d 'Print the SPKI PEM of a key from a JWK Set file or URL' -r
complete -c tok -n "__fish_tok_using_subcommand jwks" -l kid -d 'With --to-pem: which key (needed when the set holds several)' -r
complete -c tok -n "__fish_tok_using_subcommand jwks" -l discovery -d 'With --out: also write DIR/.well-known/openid-configuration for --issuer'
complete -c tok -n "__fish_tok_using_subcommand jwks" -l allow-http -d 'Allow plain http:// to a non-loopback host for --to-pem URL'
complete -c tok -n "__fish_tok_using_subcommand jwks" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand jwks" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand completions" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand version" -l json -d 'One JSON object (commit is null when not built from a git checkout)'
complete -c tok -n "__fish_tok_using_subcommand version" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand version" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand paths" -l json -d 'One JSON object'
complete -c tok -n "__fish_tok_using_subcommand paths" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand paths" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand generate" -s h -l help -d 'Print help'
complete -c tok -n "__fish_tok_using_subcommand generate" -s V -l version -d 'Print version'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "keygen" -d 'Create a keypair (RSA, EC or Ed25519) in the keyring (or a directory), or an HMAC secret file'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "keys" -d 'List, show, rename and remove the keys in the keyring'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "sign" -d 'Sign a JWT (one per subject)'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "verify" -d 'Verify a token\'s signature and claims the way an API gateway would'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "decode" -d 'Show a token\'s header and claims WITHOUT verifying it'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "fetch" -d 'Get an OAuth 2.0 access token (client credentials), cached until it nears expiry'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "introspect" -d 'Ask the server whether a token is active (RFC 7662 introspection), e.g. an opaque one'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "exec" -d 'Run a command with an access token in its environment (fetched, or from the cache)'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "profile" -d 'Save, list and remove fetch profiles'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "cache" -d 'Manage the token cache'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "serve" -d 'Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "gateway" -d 'Run a local API Gateway (HTTP API JWT authorizer, routes, mapping) in front of your app'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "jwks" -d 'Print a JWK Set of public keys to host as /.well-known/jwks.json; convert JWK → PEM'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "completions" -d 'Print a shell completion script'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "version" -d 'Print tok\'s version, commit, target and crypto backend (for bug reports)'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "paths" -d 'Print where tok keeps keys, secrets, config and cache, and which TOK_* variables are set'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "generate" -d 'Write completion scripts or man pages into a directory (scripts/generate.sh; packagers)'
complete -c tok -n "__fish_tok_using_subcommand help; and not __fish_seen_subcommand_from keygen keys sign verify decode fetch introspect exec profile cache serve gateway jwks completions version paths generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
