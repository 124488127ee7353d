#!/usr/bin/env python3
"""Signs in to Twofold with a password and a second factor, makes a personal
access token for GetAccount and GetEvents, and checks that it works. Python's
standard library only.

    API=http://127.0.0.1:8080 LOGIN=ada PASSWORD='correct horse' \\
        python3 examples/signin_and_token.py

Where the second factor comes from, in this order:

  RECOVERY_CODE        a recovery code (xxxxx-xxxxx) to sign in with; it is
                       then spent, so the step-up takes the next source
  TWOFOLD_TOTP_SECRET  the base32 secret Setup2FA showed: the script makes the
                       codes itself (RFC 6238), so it runs unattended. This
                       secret is the second factor: keep it like the password
  otherwise            it asks on stderr and reads codes from stdin, one a
                       line: six digits from the app, or a recovery code

TOKEN_DESCRIPTION names the token ("example" by default). The token goes to
stdout as `export TWOFOLD_TOKEN=tft_...`, so `eval "$(...)"` sets it;
everything else goes to stderr. Every method and result code is in
docs/API.md.
"""

import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import time
import urllib.error
import urllib.request

# The result codes this script acts on (docs/API.md, "Result codes").
OK = 0
TOO_MANY_ATTEMPTS = 204  # the sign-in throttle: wait retryAfter
NEEDS_CODE = 209  # a sensitive call with 2FA on: send `code` too
WRONG_CODE = 300  # counted; attemptsLeft says how many more lock codes
LOCKED = 301  # that kind of code is locked for retryAfter; the other works
TOTP_STOPPED = 302  # only a recovery code works now
CODE_JUST_USED = 303  # that code's 30-second step was used: not counted
BUSY = 500  # the account changed too fast: nothing was written
UNAVAILABLE = 503  # the server is busy: wait retryAfter

# What is worth waiting for: the server said to come back later, and
# nothing was counted or written.
COME_BACK_LATER = (TOO_MANY_ATTEMPTS, BUSY, UNAVAILABLE)
TRIES = 3

PERIOD = 30  # seconds per code, as in every authenticator app

SIGN_IN_PROMPT = "Code from your authenticator app (or a recovery code): "
# The code used to sign in does not count for a step-up: its step is spent.
STEP_UP_PROMPT = (
    "Another code for the step-up, not the one you signed in with "
    "(the app's next one, or a recovery code): "
)


def say(text):
    """A line for the person running the script: stderr, so stdout stays
    the token's."""
    print(text, file=sys.stderr, flush=True)


def setting(name, default=None):
    value = os.environ.get(name) or default
    if value is None:
        sys.exit(f"Set {name} (API, LOGIN and PASSWORD are required).")
    return value


API = setting("API").rstrip("/")
LOGIN = setting("LOGIN")
PASSWORD = setting("PASSWORD")
DESCRIPTION = setting("TOKEN_DESCRIPTION", "example")


def call(method, params, bearer=None):
    """POSTs `params` to `method` as JSON and returns the answer (a dict
    whose `result` is 0 on success). When the server says to come back
    later, waits `retryAfter` seconds and tries again, a few times at most."""
    service = "account" if method in ("GetAccount", "GetEvents") else "authentication"
    headers = {"Content-Type": "application/json"}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    for attempt in range(1, TRIES + 1):
        request = urllib.request.Request(
            f"{API}/1.0/users/{service}/rest/{method.lower()}",
            data=json.dumps(params).encode(),
            headers=headers,
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as refusal:
            # A refusal is JSON too: result, error, and where they apply
            # retryAfter (also the Retry-After header) and attemptsLeft.
            answer = refused(refusal)
        except urllib.error.URLError as error:
            sys.exit(f"{method}: cannot reach {API}: {error.reason}")
        if answer["result"] not in COME_BACK_LATER or attempt == TRIES:
            return answer
        wait = answer.get("retryAfter", 1)
        say(f"{method}: {answer['error']} Trying again in {wait} s.")
        time.sleep(wait)


def refused(refusal):
    """The answer in an HTTP error; a proxy in front may answer without
    Twofold's JSON, and then only the status and Retry-After tell."""
    try:
        answer = json.load(refusal)
    except ValueError:
        result = UNAVAILABLE if refusal.code == 503 else None
        answer = {"result": result, "error": f"HTTP {refusal.code} {refusal.reason}."}
    retry_after = refusal.headers.get("Retry-After", "")
    if "retryAfter" not in answer and retry_after.isdigit():
        answer["retryAfter"] = int(retry_after)
    return answer


def fail(method, answer):
    sys.exit(f"{method}: {answer['error']} (result {answer['result']})")


def ask(prompt):
    """One line from stdin, after `prompt` on stderr."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        sys.exit("No code on stdin.")
    return line.strip()


def secret_key(text):
    """The bytes of a base32 secret as Setup2FA shows it (any case, spaces
    allowed, no padding)."""
    clean = "".join(text.split()).upper()
    return base64.b32decode(clean + "=" * (-len(clean) % 8))


def totp(key, at):
    """The code an authenticator app shows at `at` (RFC 6238: HMAC-SHA1 of
    the 30-second step, six digits)."""
    counter = struct.pack(">Q", int(at // PERIOD))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F  # RFC 4226's dynamic truncation
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class SecondFactor:
    """Where codes come from: RECOVERY_CODE once, then codes made from
    TWOFOLD_TOTP_SECRET, else the person at the terminal."""

    def __init__(self):
        self.recovery_code = os.environ.get("RECOVERY_CODE") or None
        secret = os.environ.get("TWOFOLD_TOTP_SECRET")
        try:
            self.key = secret_key(secret) if secret else None
        except ValueError:
            sys.exit("TWOFOLD_TOTP_SECRET is not base32 (the secret Setup2FA showed).")
        self.source = None

    def code(self, prompt):
        """A code to send."""
        if self.recovery_code:
            code, self.recovery_code = self.recovery_code, None
            self.source = "RECOVERY_CODE"
            return code
        if self.key:
            self.source = "TWOFOLD_TOTP_SECRET"
            return totp(self.key, time.time())
        self.source = "stdin"
        return ask(prompt)

    def after(self, method, answer, prompt):
        """The code to send after `answer` refused the last one, once any
        wait it asks for is over; exits when another code cannot help."""
        result = answer["result"]
        if result == CODE_JUST_USED:
            # Right, but its step was already accepted (the sign-in took
            # it, or the owner's own sign-in did). Not counted: the next
            # code works, and retryAfter says when the app shows it.
            wait = answer["retryAfter"]
            if self.source == "TWOFOLD_TOTP_SECRET":
                # The server also accepts the step after the current one
                # (for phones whose clocks run ahead), so with the secret
                # that next code can go at once.
                next_code_at = time.time() + wait
                time.sleep(max(0, wait - PERIOD))
                return totp(self.key, next_code_at)
            if self.source == "stdin":
                say(f"That code was just used. The next one comes in {wait} s.")
                time.sleep(wait)
                return ask(prompt)
        if self.source == "stdin":
            if result == WRONG_CODE and answer.get("attemptsLeft", 0) > 0:
                left = answer["attemptsLeft"]
                say(f"That code is not valid (attempts left before codes lock: {left}).")
                return ask(prompt)
            if result == LOCKED:
                # Each kind has its own lock: a recovery code still works
                # while the app's codes are locked (and the other way round).
                wait = answer["retryAfter"]
                say(f"Codes of that kind are locked for {wait} s; the other kind still works.")
                return ask(prompt)
            if result == TOTP_STOPPED:
                say(answer["error"])
                return ask(prompt)
        if result == WRONG_CODE and self.source == "TWOFOLD_TOTP_SECRET":
            sys.exit(
                f"{method}: a code made from TWOFOLD_TOTP_SECRET was refused: "
                "check the secret and this machine's clock."
            )
        fail(method, answer)


def sign_in(factor):
    """A full session (tfs_...)."""
    # 1. The password. With 2FA on, the answer is a pending session
    #    (tfp_...) that only Verify2FACode takes, for five minutes.
    answer = call("SignIn", {"login": LOGIN, "password": PASSWORD})
    if answer["result"] != OK:
        fail("SignIn", answer)
    if not answer["twoFactorRequired"]:
        return answer["session"]
    if answer.get("totpStopped") or "retryAfter" in answer:
        say("Codes from the app are refused for now: use a recovery code.")

    # 2. The second factor turns the pending session into a full one.
    pending = answer["session"]
    code = factor.code(SIGN_IN_PROMPT)
    while True:
        answer = call("Verify2FACode", {"session": pending, "code": code})
        if answer["result"] == OK:
            break
        code = factor.after("Verify2FACode", answer, SIGN_IN_PROMPT)
    if answer["recoveryCodeUsed"]:
        say(f"Signed in with a recovery code; {answer['recoveryCodesLeft']} left.")
    return answer["session"]


def create_token(session, factor):
    """A personal access token (tft_...) that may call GetAccount and
    GetEvents."""
    # 3. CreateToken is a sensitive method: it takes the password again
    #    and, with 2FA on, a code of its own. The first call sends the
    #    password alone; 209 says a code is needed too, decided before
    #    anything is checked, so it costs no attempt (an account without
    #    2FA gets its token at once).
    params = {
        "password": PASSWORD,
        "description": DESCRIPTION,
        "apiList": ["GetAccount", "GetEvents"],
    }
    answer = call("CreateToken", params, bearer=session)
    while answer["result"] != OK:
        if answer["result"] == NEEDS_CODE:
            params["code"] = factor.code(STEP_UP_PROMPT)
        else:
            params["code"] = factor.after("CreateToken", answer, STEP_UP_PROMPT)
        answer = call("CreateToken", params, bearer=session)
    # The key is shown in this answer only; the server keeps its hash.
    return answer["token"]["key"]


def main():
    factor = SecondFactor()
    session = sign_in(factor)
    token = create_token(session, factor)
    print(f"export TWOFOLD_TOKEN={token}", flush=True)

    # 4. The session is not needed any more: the token outlives it.
    call("SignOut", {}, bearer=session)

    # 5. The token at work, as a Bearer token, on a method its apiList names.
    answer = call("GetAccount", {}, bearer=token)
    if answer["result"] != OK:
        fail("GetAccount", answer)
    say(f"GetAccount with the new token answers for {answer['login']}.")


if __name__ == "__main__":
    main()
