"""Staff sign-in: argon2 password accounts, OpenID Connect detection and sign-in throttling.

Viewers never sign in. Staff accounts live in `.streamlit/secrets.toml`::

    [zones_users]
    nguyen-van-a = "$argon2id$v=19$m=65536,t=3,p=4$..."

or, when it is set, in the environment variable `ZONES_USERS` as `name=hash;name2=hash` (the
variable wins over the file). `python -m zones add-user NAME` writes the file with `add_user`.
When the secrets configure OpenID Connect (`oidc_configured`), the app uses Streamlit's
`st.login` instead of passwords.

`SignInThrottle` slows down repeated failed sign-ins per client and account, per client and per
account, so that guessing passwords for one name or spraying many names is slow either way,
while one client's failures never delay another client's correct password.

This module never imports streamlit: the app passes `st.secrets`, which is a Mapping.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets as secrets_module
import threading
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager, suppress
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import argon2
import tomlkit
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from filelock import FileLock, Timeout
from tomlkit.exceptions import TOMLKitError

from zones.files import atomic_write
from zones.i18n import Message

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"
USERS_SECTION = "zones_users"
USERS_ENV = "ZONES_USERS"
AUTH_SECTION = "auth"

MAX_NAME_LENGTH = 64
MIN_PASSWORD_LENGTH = 12
NAME_CHARACTERS = Message("auth.name_characters")
_NAME_PATTERN = re.compile(r"[a-z0-9._-]+")
_ENV_ENTRY_SEPARATOR = ";"
_ENV_EXAMPLE = f"{USERS_ENV}='nguyen-van-a=$argon2id$...;tran-thi-b=$argon2id$...'"

WRONG_CREDENTIALS = Message("auth.wrong_credentials")

# Production uses argon2's recommended defaults; tests swap this for a cheaper hasher.
_hasher = argon2.PasswordHasher()
_dummy_hash_cache: tuple[argon2.PasswordHasher, str] | None = None

_OIDC_TOP_KEYS = ("redirect_uri", "cookie_secret")
_OIDC_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
DEFAULT_PROVIDER = "default"


class UserError(ValueError):
    """A user name, password or user store is not usable; the message says how to fix it.

    ``message`` is a catalogue Message; str() is its English text."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text("en"))
        self.message = message

    def text(self, lang: str) -> str:
        return self.message.text(lang)


# --- passwords ---------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password`, ready to store."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches `stored_hash`; False on a mismatch or an invalid hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    """A hash of a random password, made with the current hasher, for unknown user names."""
    global _dummy_hash_cache
    cached = _dummy_hash_cache
    if cached is None or cached[0] is not _hasher:
        cached = (_hasher, _hasher.hash(secrets_module.token_urlsafe(16)))
        _dummy_hash_cache = cached
    return cached[1]


def _is_argon2_hash(value: str) -> bool:
    try:
        argon2.extract_parameters(value)
    except InvalidHashError:
        return False
    return True


# --- validation --------------------------------------------------------------------------------


def suggest_user_name(name: str) -> str | None:
    """A valid user name close to `name` ('Nguyễn Văn A' -> 'nguyen-van-a'), or None."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(char for char in folded if not unicodedata.combining(char))
    candidate = re.sub(r"[^a-z0-9._-]+", "-", ascii_only.lower()).strip("-")
    candidate = candidate[:MAX_NAME_LENGTH].rstrip("-")
    return candidate if candidate and candidate != name else None


def validate_user_name(name: str) -> str:
    """Return `name` if it is 1-64 characters of a-z, 0-9, '.', '_' and '-'; else raise."""
    if not name:
        raise UserError(Message("auth.name_empty",
                                {"max": MAX_NAME_LENGTH, "characters": NAME_CHARACTERS}))
    if len(name) > MAX_NAME_LENGTH:
        raise UserError(Message("auth.name_too_long", {
            "start": repr(name[:20]), "length": len(name), "max": MAX_NAME_LENGTH,
        }))
    if not _NAME_PATTERN.fullmatch(name):
        suggestion = suggest_user_name(name)
        fix = (Message("auth.try_name", {"name": repr(suggestion)}) if suggestion
               else Message("auth.name_example"))
        raise UserError(Message("auth.name_characters_only",
                                {"name": repr(name), "characters": NAME_CHARACTERS, "fix": fix}))
    return name


def validate_new_password(password: str) -> str:
    """Return `password` if it is long enough for a new account; else raise."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(Message("auth.password_short",
                                {"length": len(password), "min": MIN_PASSWORD_LENGTH}))
    return password


# --- loading users -----------------------------------------------------------------------------


def _checked_users(entries: Mapping[str, Any], source: str) -> dict[str, str]:
    """Check every name and hash of a user table read from `source`."""
    users: dict[str, str] = {}
    for name, stored_hash in entries.items():
        try:
            validate_user_name(name)
        except UserError as error:
            raise UserError(Message("auth.in_source",
                                    {"source": source, "message": error.message})) from None
        if not isinstance(stored_hash, str) or not _is_argon2_hash(stored_hash):
            raise UserError(Message("auth.no_hash",
                                    {"source": source, "name": repr(name), "user": name}))
        users[name] = stored_hash
    return users


def _parse_env_entry(entry: str, number: int) -> tuple[str, str]:
    name, separator, stored_hash = entry.partition("=")
    name, stored_hash = name.strip(), stored_hash.strip()
    if not separator or not name or not stored_hash:
        raise UserError(Message("auth.env_entry", {
            "env": USERS_ENV, "number": number, "name": repr(name or "(empty)"),
            "example": _ENV_EXAMPLE,
        }))
    return name, stored_hash


def parse_users_env(value: str) -> dict[str, str]:
    """Parse `name=hash;name2=hash` (blank entries are skipped) into checked users."""
    entries: dict[str, str] = {}
    parts = [part for part in value.split(_ENV_ENTRY_SEPARATOR) if part.strip()]
    for number, part in enumerate(parts, start=1):
        name, stored_hash = _parse_env_entry(part, number)
        if name in entries:
            raise UserError(Message("auth.env_repeat",
                                    {"env": USERS_ENV, "number": number, "name": repr(name)}))
        entries[name] = stored_hash
    return _checked_users(entries, USERS_ENV)


def _section(secrets: Mapping[str, Any], key: str) -> Any:
    """`secrets[key]` or None; st.secrets raises FileNotFoundError when it has no file."""
    try:
        return secrets[key]
    except (KeyError, FileNotFoundError):
        return None


def users_from_secrets(secrets: Mapping[str, Any], source: str = "secrets") -> dict[str, str]:
    """The checked `[zones_users]` table of a secrets mapping ({} when there is none)."""
    section = _section(secrets, USERS_SECTION)
    if section is None:
        return {}
    if not isinstance(section, Mapping):
        raise UserError(Message("auth.section_not_table",
                                {"source": source, "section": USERS_SECTION}))
    return _checked_users(section, f"{source} [{USERS_SECTION}]")


def load_users_from_file(path: Path = DEFAULT_SECRETS_PATH) -> dict[str, str]:
    """The users of a secrets.toml file ({} when the file does not exist)."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:  # a folder, no permission, an I/O error
        raise _unreadable(Path(path), error) from None
    except UnicodeDecodeError as error:
        raise UserError(Message("auth.not_utf8", {"path": str(path), "reason": str(error)})) \
            from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(Message("auth.not_toml", {"path": str(path), "reason": str(error)})) \
            from None
    return users_from_secrets(data, str(path))


def load_users(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Users from the env var `ZONES_USERS` when it is set and not blank, else from `secrets`.

    `secrets` is a plain mapping or `st.secrets`; None reads `DEFAULT_SECRETS_PATH`.
    """
    environ = os.environ if environ is None else environ
    from_env = environ.get(USERS_ENV, "")
    if from_env.strip():
        return parse_users_env(from_env)
    if secrets is None:
        return load_users_from_file(DEFAULT_SECRETS_PATH)
    return users_from_secrets(secrets)


# --- editing the secrets file ------------------------------------------------------------------


def _unreadable(path: Path, error: OSError) -> UserError:
    if path.is_dir():
        return UserError(Message("auth.is_folder", {"path": str(path)}))
    return UserError(Message("auth.unreadable", {"path": str(path), "reason": error.strerror}))


def _read_document(path: Path) -> tomlkit.TOMLDocument:
    """The TOML document at `path`, with comments and layout; an empty one if it is missing."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return tomlkit.document()
    except OSError as error:
        raise _unreadable(path, error) from None
    except UnicodeDecodeError as error:
        raise UserError(Message("auth.not_utf8_unchanged",
                                {"path": str(path), "reason": str(error)})) from None
    try:
        return tomlkit.parse(text)
    except TOMLKitError as error:
        raise UserError(Message("auth.not_toml_unchanged",
                                {"path": str(path), "reason": str(error)})) from None


def _users_table(document: tomlkit.TOMLDocument, path: Path, create: bool) -> Any:
    """The `[zones_users]` table of `document` (created if asked), or None."""
    table = document.get(USERS_SECTION)
    if table is None and create:
        table = tomlkit.table()
        document[USERS_SECTION] = table
    if table is not None and not isinstance(table, MutableMapping):
        raise UserError(Message("auth.users_not_table",
                                {"path": str(path), "section": USERS_SECTION}))
    return table


def write_private_file(path: Path, text: str) -> None:
    """Replace `path` atomically with `text`, readable by the owner only (0600)."""
    atomic_write(path, text.encode("utf-8"), mode=0o600)


def add_user(name: str, password: str, path: Path = DEFAULT_SECRETS_PATH) -> bool:
    """Store `name` with a hash of `password`: True if created, False if its password changed."""
    validate_user_name(name)
    validate_new_password(password)
    path = Path(path)
    document = _read_document(path)
    users = _users_table(document, path, create=True)
    created = name not in users
    users[name] = hash_password(password)
    write_private_file(path, tomlkit.dumps(document))
    return created


# --- OpenID Connect ----------------------------------------------------------------------------


def _has_values(section: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    return all(section.get(key) for key in keys)


def _is_provider_section(key: str, value: Any) -> bool:
    return isinstance(value, Mapping) and "_" not in key and _has_values(value, _OIDC_PROVIDER_KEYS)


def oidc_providers(secrets: Mapping[str, Any]) -> list[str]:
    """Providers that `st.login(provider)` can use with these secrets ([] when none).

    Follows Streamlit's `[auth]` format: `redirect_uri` and `cookie_secret`, plus
    `client_id`, `client_secret` and `server_metadata_url` either in `[auth]` itself (the
    "default" provider) or in sub-tables such as `[auth.google]`. Streamlit rejects provider
    names that contain '_'.
    """
    auth = _section(secrets, AUTH_SECTION)
    if not isinstance(auth, Mapping) or not _has_values(auth, _OIDC_TOP_KEYS):
        return []
    providers = [DEFAULT_PROVIDER] if _has_values(auth, _OIDC_PROVIDER_KEYS) else []
    for key, value in auth.items():
        if _is_provider_section(key, value):
            providers.append(key)
    return providers


def oidc_configured(secrets: Mapping[str, Any]) -> bool:
    """True when the secrets configure OpenID Connect for `st.login`."""
    return bool(oidc_providers(secrets))


# --- throttling --------------------------------------------------------------------------------


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0  # clock time of the last failure, or of the start of a pending attempt
    pending: int = 0  # attempts allowed by begin_attempt whose outcome is not recorded yet


@dataclass(frozen=True)
class ThrottlePolicy:
    """`free` failures cost nothing; then each attempt waits 1, 2, 4... s, at most `max_wait`."""

    free: int
    max_wait: float = 300.0

    def wait(self, failures: _Failures, now: float) -> float:
        attempts = failures.count + failures.pending
        if attempts < self.free:
            return 0.0
        delay = min(2.0 ** min(attempts - self.free, 30), self.max_wait)
        return max(0.0, failures.last + delay - now)


NAME_POLICY = ThrottlePolicy(free=3)
"""One client's failures for one account."""
CLIENT_POLICY = ThrottlePolicy(free=20)
"""One client's failures over all accounts: spraying many names from one place is slow."""
ACCOUNT_POLICY = ThrottlePolicy(free=20)
"""One account's failures from all clients; it slows only clients that have themselves used up
their free tries on that account, so a colleague's correct password is never delayed."""
FORGET_AFTER = 3600.0
MAX_TRACKED = 10_000
LOCAL_CLIENT = "local"
THROTTLE_FILE_ENV = "ZONES_THROTTLE_FILE"
"""A file where the replicas of one deployment keep their sign-in failure counts together
(deploy/start sets it). Unset: each server process counts on its own, in memory."""
STATE_LOCK_TIMEOUT = 10.0


def throttle_key(name: str) -> str:
    """The key for a typed user name; longer input cannot be a valid name, so it is cut."""
    return name.strip().lower()[: MAX_NAME_LENGTH + 1]


def client_key(ip_address: str | None, headers: Mapping[str, str]) -> str:
    """Who is signing in, for throttling.

    The connection's address when Streamlit reports one. It reports none for a connection from
    this machine, which is what a reverse proxy here (nginx) makes: then the last address in
    X-Forwarded-For, the one the proxy appended (earlier ones are whatever the client sent).
    """
    if ip_address:
        return ip_address
    forwarded = next((value for key, value in headers.items()
                      if key.lower() == "x-forwarded-for"), "")
    last = forwarded.split(",")[-1].strip()
    return last[:64] or LOCAL_CLIENT


class SignInThrottle:
    """Slows down failed sign-ins; shared by all sessions of the server.

    Failures are counted per client and account, per client, and per account. A client's first
    3 failures on an account are free, then each of its attempts on it waits 1, 2, 4... s (at
    most 300 s) after the last failure; a success resets that pair. A client's first 20 failures
    over all accounts are free, then the same doubling applies to that client only. An account's
    failures from all clients slow only clients past their own free tries on it. So failures
    from one client never delay another client's correct password. Counts are forgotten after
    `forget_after` seconds without failures.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        name_policy: ThrottlePolicy = NAME_POLICY,
        client_policy: ThrottlePolicy = CLIENT_POLICY,
        account_policy: ThrottlePolicy = ACCOUNT_POLICY,
        forget_after: float = FORGET_AFTER,
        max_tracked: int = MAX_TRACKED,
        state_file: Path | None = None,
    ) -> None:
        self._clock = clock
        self._state_file = state_file
        self._policies = {"pair": name_policy, "client": client_policy,
                          "account": account_policy}
        self._forget_after = forget_after
        self._max_tracked = max_tracked
        self._lock = threading.Lock()
        self._counts: dict[str, dict[object, _Failures]] = {kind: {} for kind in self._policies}

    def check(self, name: str, client: str = LOCAL_CLIENT) -> float:
        """Seconds `client` must wait before an attempt for `name` (0 if allowed now)."""
        with self._state():
            return self._wait(self._keys(name, client), self._clock())

    def begin_attempt(self, name: str, client: str = LOCAL_CLIENT) -> float:
        """Like `check`, but when allowed (0) also reserves the attempt until its outcome is
        recorded, so that parallel sessions cannot all slip past the same check."""
        keys = self._keys(name, client)
        with self._state():
            now = self._clock()
            wait = self._wait(keys, now)
            if wait == 0:
                for failures in self._records(keys, now):
                    failures.pending += 1
                    failures.last = max(failures.last, now)
            return wait

    def record_failure(self, name: str, client: str = LOCAL_CLIENT) -> None:
        keys = self._keys(name, client)
        with self._state():
            now = self._clock()
            for failures in self._records(keys, now):
                failures.count += 1
                failures.pending = max(0, failures.pending - 1)
                failures.last = now
            self._limit_tracked(now)

    def record_success(self, name: str, client: str = LOCAL_CLIENT) -> None:
        """Forget this client's failures on `name`; its count over all accounts stays."""
        keys = self._keys(name, client)
        with self._state():
            self._counts["pair"].pop(keys["pair"], None)
            for kind in ("client", "account"):
                failures = self._counts[kind].get(keys[kind])
                if failures is not None:
                    failures.pending = max(0, failures.pending - 1)

    @contextmanager
    def _state(self) -> Iterator[None]:
        """Hold the counts for one operation: in memory, or read from the shared state file
        under its lock and written back, so that replicas count failures together."""
        with self._lock:
            if self._state_file is None:
                yield
                return
            lock = FileLock(f"{self._state_file}.lock")
            try:
                lock.acquire(timeout=STATE_LOCK_TIMEOUT)
            except (Timeout, OSError):
                # The shared file cannot be used: this process keeps counting on its own
                # rather than refusing every sign-in.
                yield
                return
            try:
                with suppress(OSError):  # unreadable: carry on with this process's counts
                    self._counts = _read_counts(self._state_file, self._policies)
                yield
                with suppress(OSError):
                    atomic_write(self._state_file, _counts_bytes(self._counts), mode=0o600)
            finally:
                lock.release()

    @staticmethod
    def _keys(name: str, client: str) -> dict[str, object]:
        account = throttle_key(name)
        client = client or LOCAL_CLIENT
        return {"pair": (client, account), "client": client, "account": account}

    def _is_stale(self, failures: _Failures, now: float) -> bool:
        return failures.pending == 0 and now - failures.last >= self._forget_after

    def _records(self, keys: dict[str, object], now: float) -> list[_Failures]:
        records = []
        for kind, key in keys.items():
            failures = self._counts[kind].get(key)
            if failures is None or self._is_stale(failures, now):
                failures = self._counts[kind][key] = _Failures()
            records.append(failures)
        return records

    def _current(self, kind: str, key: object, now: float) -> _Failures | None:
        failures = self._counts[kind].get(key)
        return None if failures is None or self._is_stale(failures, now) else failures

    def _wait(self, keys: dict[str, object], now: float) -> float:
        waits = [0.0]
        pair = self._current("pair", keys["pair"], now)
        kinds = ["pair", "client"]
        if pair is not None and pair.count + pair.pending >= self._policies["pair"].free:
            kinds.append("account")
        for kind in kinds:
            failures = self._current(kind, keys[kind], now)
            if failures is not None:
                waits.append(self._policies[kind].wait(failures, now))
        return max(waits)

    def _limit_tracked(self, now: float) -> None:
        for counts in self._counts.values():
            if len(counts) <= self._max_tracked:
                continue
            for key in [key for key, value in counts.items() if self._is_stale(value, now)]:
                del counts[key]
            oldest_first = sorted(counts, key=lambda key: counts[key].last)
            for key in oldest_first[: len(counts) - self._max_tracked]:
                del counts[key]


def _key_text(key: object) -> str:
    return json.dumps(list(key) if isinstance(key, tuple) else key, ensure_ascii=False)


def _key_of(text: str) -> object:
    value = json.loads(text)
    return tuple(value) if isinstance(value, list) else value


def _counts_bytes(counts: Mapping[str, Mapping[object, _Failures]]) -> bytes:
    return json.dumps({kind: {_key_text(key): astuple(failures) for key, failures in by.items()}
                       for kind, by in counts.items()}).encode("utf-8")


def _read_counts(path: Path, kinds: Mapping[str, object]) -> dict[str, dict[object, _Failures]]:
    """The shared counts; a missing, torn or foreign file counts as no failures yet."""
    counts: dict[str, dict[object, _Failures]] = {kind: {} for kind in kinds}
    try:
        stored = json.loads(path.read_bytes())
        for kind in counts:
            for key, (count, last, pending) in stored.get(kind, {}).items():
                counts[kind][_key_of(key)] = _Failures(int(count), float(last), int(pending))
    except FileNotFoundError:
        pass
    except (ValueError, TypeError, AttributeError):
        return {kind: {} for kind in kinds}
    return counts


def throttle_file_from_env(environ: Mapping[str, str] = os.environ) -> Path | None:
    value = environ.get(THROTTLE_FILE_ENV, "").strip()
    return Path(value) if value else None


def new_throttle(environ: Mapping[str, str] = os.environ) -> SignInThrottle:
    """The server's throttle: shared through a file when the deployment names one (the clock is
    then wall time, the same in every replica), else in this process's memory."""
    path = throttle_file_from_env(environ)
    if path is None:
        return SignInThrottle()
    return SignInThrottle(time.time, state_file=path)


# --- signing in --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    user: str | None
    wait_seconds: float
    message: Message


def _throttled(wait: float) -> SignInResult:
    message = Message("auth.too_many_failures", {"seconds": math.ceil(wait)})
    return SignInResult(ok=False, user=None, wait_seconds=wait, message=message)


def sign_in(
    users: Mapping[str, str], name: str, password: str, throttle: SignInThrottle,
    client: str = LOCAL_CLIENT,
) -> SignInResult:
    """Check `name` and `password` against `users`, within the limits of `throttle`.

    A throttled attempt is refused without verifying. Unknown names and wrong passwords get the
    same message and take the same time (an unknown name is verified against a dummy hash).
    """
    wait = throttle.begin_attempt(name, client)
    if wait > 0:
        return _throttled(wait)
    user = throttle_key(name)
    stored_hash = users.get(user)
    ok = False
    try:
        ok = verify_password(stored_hash or _dummy_hash(), password) and stored_hash is not None
    finally:
        if ok:
            throttle.record_success(user, client)
        else:
            throttle.record_failure(user, client)
    if ok:
        signed_in = Message("auth.signed_in", {"user": user})
        return SignInResult(ok=True, user=user, wait_seconds=0.0, message=signed_in)
    wait = throttle.check(user, client)
    return SignInResult(ok=False, user=None, wait_seconds=wait, message=WRONG_CREDENTIALS)
