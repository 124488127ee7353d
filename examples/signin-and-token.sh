#!/usr/bin/env bash
# Signs in to Twofold with a password and a second factor, makes a personal
# access token for GetAccount and GetEvents, and checks that it works.
# Needs bash, curl and jq.
#
#   API=http://127.0.0.1:8080 LOGIN=ada PASSWORD='correct horse' examples/signin-and-token.sh
#
# With 2FA on it asks on stderr for codes and reads them from stdin, one a
# line: six digits from the authenticator app, or a recovery code. It asks
# twice: to sign in, and for the step-up CreateToken needs (another code:
# the one used to sign in is spent). TOKEN_DESCRIPTION names the token
# ("example" by default).
#
# The token goes to stdout as `export TWOFOLD_TOKEN=tft_...`, so
# `eval "$(examples/signin-and-token.sh)"` sets it; everything else goes to
# stderr. Every method and result code is in docs/API.md.
#
# curl takes the password as an argument, which other users of a shared
# machine can see (`ps`) while it runs; the Python example sends it in the
# request body only.
set -euo pipefail

: "${API:?Set API to the server, e.g. http://127.0.0.1:8080}"
: "${LOGIN:?Set LOGIN to the account's login}"
: "${PASSWORD:?Set PASSWORD to the account's password}"
TOKEN_DESCRIPTION=${TOKEN_DESCRIPTION:-example}

SIGN_IN_PROMPT="Code from your authenticator app (or a recovery code): "
STEP_UP_PROMPT="Another code for the step-up, not the one you signed in with (the app's next one, or a recovery code): "

say() { printf '%s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

# `field NAME`: a field of the last answer, or nothing.
field() { jq -r --arg name "$1" '.[$name] // empty' <<<"$answer"; }

# `call SERVICE METHOD [curl options...]`: POSTs one method and sets
# $answer (its JSON) and $result (0 on success). When the server says to
# come back later (204 too many attempts, 500 the account changed too fast,
# 503 busy: nothing was counted or written), waits retryAfter seconds (also
# sent as Retry-After) and tries again, twice at most.
call() {
    local service=$1 method=$2
    shift 2
    local url try
    # The path names the method in lower case.
    url="$API/1.0/users/$service/rest/$(tr '[:upper:]' '[:lower:]' <<<"$method")"
    for try in 1 2 3; do
        # Every method is a POST, even one without parameters.
        answer=$(curl -sS -X POST "$url" "$@")
        result=$(jq -r '.result // "none"' <<<"$answer" 2>/dev/null) \
            || die "$method: the answer is not Twofold's JSON: $answer"
        case $result in
            204 | 500 | 503) ;;
            *) return 0 ;;
        esac
        [ "$try" -lt 3 ] || return 0
        local wait
        wait=$(field retryAfter)
        say "$method: $(field error) Trying again in ${wait:-1} s."
        sleep "${wait:-1}"
    done
}

# `ask PROMPT`: one line from stdin, after PROMPT on stderr.
ask() {
    local line
    printf '%s' "$1" >&2
    IFS= read -r line || die "No code on stdin."
    printf '%s' "$line"
}

# `code_refused`: after a code was refused, says why and waits if the
# answer asks for it, so the caller can ask for another code; exits when
# another code cannot help.
code_refused() {
    case $result in
        303)
            # Right, but its 30-second step was already used (the sign-in
            # took it, or the owner's own sign-in did). Not counted: the
            # app's next code works, and retryAfter says when it shows.
            say "That code was just used. The next one comes in $(field retryAfter) s."
            sleep "$(field retryAfter)"
            ;;
        300)
            # A wrong code, counted: every 5th in a row locks the app's codes.
            local left
            left=$(field attemptsLeft)
            [ "${left:-0}" -gt 0 ] || die "$(field error)"
            say "That code is not valid (attempts left before codes lock: $left)."
            ;;
        301)
            # Each kind has its own lock: a recovery code still works while
            # the app's codes are locked (and the other way round).
            say "Codes of that kind are locked for $(field retryAfter) s; the other kind still works."
            ;;
        302) say "$(field error)" ;;
        *) die "$(field error) (result $result)" ;;
    esac
}

# 1. The password. With 2FA on, the answer is a pending session (tfp_...)
#    that only Verify2FACode takes, for five minutes. --data-urlencode, not
#    -d, for whatever a person typed: with -d a `+`, `&` or `%` in the
#    password changes it, and each wrong password counts against the
#    sign-in throttle.
call authentication SignIn --data-urlencode "login=$LOGIN" --data-urlencode "password=$PASSWORD"
[ "$result" = 0 ] || die "SignIn: $(field error) (result $result)"
session=$(field session)

if [ "$(field twoFactorRequired)" = true ]; then
    if [ -n "$(field retryAfter)" ] || [ "$(field totpStopped)" = true ]; then
        say "Codes from the app are refused for now: use a recovery code."
    fi
    # 2. The second factor turns the pending session into a full one
    #    (tfs_...).
    pending=$session
    while :; do
        code=$(ask "$SIGN_IN_PROMPT")
        call authentication Verify2FACode --data-urlencode "session=$pending" --data-urlencode "code=$code"
        [ "$result" = 0 ] && break
        code_refused
    done
    session=$(field session)
    if [ "$(field recoveryCodeUsed)" = true ]; then
        say "Signed in with a recovery code; $(field recoveryCodesLeft) left."
    fi
fi

# 3. A personal access token. CreateToken is a sensitive method: it takes
#    the password again and, with 2FA on, a code of its own. The first call
#    sends the password alone; 209 says a code is needed too, decided before
#    anything is checked, so it costs no attempt (an account without 2FA
#    gets its token at once).
create_token() {
    call authentication CreateToken -H "Authorization: Bearer $session" \
        --data-urlencode "password=$PASSWORD" \
        --data-urlencode "description=$TOKEN_DESCRIPTION" \
        --data-urlencode "apiList=GetAccount;GetEvents" "$@"
}
create_token
while [ "$result" != 0 ]; do
    [ "$result" = 209 ] || code_refused
    code=$(ask "$STEP_UP_PROMPT")
    create_token --data-urlencode "code=$code"
done
# The key is shown in this answer only; the server keeps its hash.
token=$(jq -r '.token.key' <<<"$answer")
printf 'export TWOFOLD_TOKEN=%s\n' "$token"

# 4. The session is not needed any more: the token outlives it.
call authentication SignOut -H "Authorization: Bearer $session"

# 5. The token at work, as a Bearer token, on a method its apiList names.
call account GetAccount -H "Authorization: Bearer $token"
[ "$result" = 0 ] || die "GetAccount: $(field error) (result $result)"
say "GetAccount with the new token answers for $(field login)."
