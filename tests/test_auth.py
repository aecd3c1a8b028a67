"""Staff sign-in: password hashes, user stores, the secrets file, throttling and OIDC detection."""

from __future__ import annotations

import stat
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import argon2
import pytest

from helpers import ROOT
from zones import auth
from zones.auth import (
    SignInResult,
    SignInThrottle,
    UserError,
    add_user,
    hash_password,
    load_users,
    load_users_from_file,
    oidc_configured,
    oidc_providers,
    parse_users_env,
    sign_in,
    validate_new_password,
    validate_user_name,
    verify_password,
)
from zones.i18n import Message

PRODUCTION_HASHER = auth._hasher
PASSWORD = "correct horse battery"
OTHER_PASSWORD = "another long passphrase"


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> argon2.PasswordHasher:
    """Tests hash with the cheapest argon2 parameters; production keeps the defaults."""
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", hasher)
    return hasher


@pytest.fixture
def stored_hash() -> str:
    return hash_password(PASSWORD)


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttle(clock: FakeClock) -> SignInThrottle:
    return SignInThrottle(clock=clock)


@pytest.fixture
def verify_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the hash passed to every verify_password call."""
    calls: list[str] = []
    real_verify = auth.verify_password

    def counting_verify(stored: str, password: str) -> bool:
        calls.append(stored)
        return real_verify(stored, password)

    monkeypatch.setattr(auth, "verify_password", counting_verify)
    return calls


class SecretsWithoutFile(Mapping[str, Any]):
    """Behaves like st.secrets when there is no secrets.toml: every read raises."""

    def __getitem__(self, key: str) -> Any:
        raise FileNotFoundError("No secrets found.")

    def __iter__(self) -> Iterator[str]:
        raise FileNotFoundError("No secrets found.")

    def __len__(self) -> int:
        raise FileNotFoundError("No secrets found.")


# --- passwords ---------------------------------------------------------------------------------


def test_hash_round_trip(stored_hash: str) -> None:
    assert stored_hash.startswith("$argon2id$")
    assert verify_password(stored_hash, PASSWORD)
    assert not verify_password(stored_hash, OTHER_PASSWORD)


def test_hashes_are_salted() -> None:
    assert hash_password(PASSWORD) != hash_password(PASSWORD)


@pytest.mark.parametrize(
    "bad_hash",
    [
        "",
        "garbage",
        "$argon2id$v=19$broken",
        "5f4dcc3b5aa765d61d8327deb882cf99",
        "$2b$12$KIXQJ3z6Z5Z5Z5Z5Z5Z5Z.Z5Z5Z5Z5Z5Z5Z5Z5Z5Z5Z5Z5Z5Z5Z5",
    ],
)
def test_verify_rejects_invalid_hash(bad_hash: str) -> None:
    assert verify_password(bad_hash, PASSWORD) is False


def test_production_hasher_uses_argon2id_defaults() -> None:
    defaults = argon2.PasswordHasher()
    assert PRODUCTION_HASHER.type is argon2.Type.ID
    assert PRODUCTION_HASHER.time_cost == defaults.time_cost
    assert PRODUCTION_HASHER.memory_cost == defaults.memory_cost
    assert PRODUCTION_HASHER.parallelism == defaults.parallelism


def test_library_does_not_import_streamlit() -> None:
    code = "import sys, zones.auth; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_default_secrets_path_is_in_project_root() -> None:
    assert auth.DEFAULT_SECRETS_PATH == ROOT / ".streamlit" / "secrets.toml"


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a", "nguyen-van-a", "tran.thi_b", "admin2", "x" * 64])
def test_valid_user_names(name: str) -> None:
    assert validate_user_name(name) == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Nguyễn A",
            "user name 'Nguyễn A' may use only a-z, 0-9, '.', '_' and '-'. Fix: try 'nguyen-a'.",
        ),
        (
            "Trần Thị Đào",
            "user name 'Trần Thị Đào' may use only a-z, 0-9, '.', '_' and '-'. "
            "Fix: try 'tran-thi-dao'.",
        ),
        (
            "Admin",
            "user name 'Admin' may use only a-z, 0-9, '.', '_' and '-'. Fix: try 'admin'.",
        ),
        (
            "a b",
            "user name 'a b' may use only a-z, 0-9, '.', '_' and '-'. Fix: try 'a-b'.",
        ),
        (
            "!!!",
            "user name '!!!' may use only a-z, 0-9, '.', '_' and '-'. Fix: e.g. 'nguyen-van-a'.",
        ),
        (
            "",
            "user name is empty. Fix: choose 1-64 characters from a-z, 0-9, '.', '_' and '-', "
            "e.g. 'nguyen-van-a'.",
        ),
        (
            "x" * 65,
            "user name 'xxxxxxxxxxxxxxxxxxxx'... is 65 characters long. Fix: use at most 64.",
        ),
    ],
)
def test_invalid_user_names(name: str, message: str) -> None:
    with pytest.raises(UserError) as error:
        validate_user_name(name)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("call", "vietnamese"),
    [
        (lambda: validate_user_name(""),
         "tên đăng nhập đang trống. Cách sửa: chọn 1-64 ký tự trong a-z, 0-9, '.', '_' và '-', "
         "ví dụ 'nguyen-van-a'."),
        (lambda: validate_user_name("Nguyễn Văn A"),
         "tên đăng nhập 'Nguyễn Văn A' chỉ được dùng a-z, 0-9, '.', '_' và '-'. Cách sửa: thử "
         "'nguyen-van-a'."),
        (lambda: validate_user_name("x" * 1065),
         "tên đăng nhập 'xxxxxxxxxxxxxxxxxxxx'... dài 1.065 ký tự. Cách sửa: dùng tối đa 64."),
        (lambda: validate_new_password("ngắn"),
         "mật khẩu có 4 ký tự; cần ít nhất 12. Cách sửa: chọn mật khẩu dài hơn, ví dụ vài từ "
         "không liên quan đến nhau."),
        (lambda: parse_users_env("ana=x;ana=y"),
         "ZONES_USERS mục 2 lặp lại người dùng 'ana'. Cách sửa: chỉ giữ một mục."),
        (lambda: parse_users_env("Ana=x"),
         "ZONES_USERS: tên đăng nhập 'Ana' chỉ được dùng a-z, 0-9, '.', '_' và '-'. Cách sửa: "
         "thử 'ana'."),
    ],
    ids=["empty", "diacritics", "long", "short password", "repeated", "in the env"],
)
def test_user_errors_are_written_in_vietnamese(call, vietnamese: str) -> None:
    with pytest.raises(UserError) as error:
        call()
    assert error.value.text("vi") == vietnamese
    assert error.value.text("en") == str(error.value)


@pytest.mark.parametrize("password", ["x" * 12, "correct horse battery", "mật khẩu dài lắm"])
def test_valid_new_passwords(password: str) -> None:
    assert validate_new_password(password) == password


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (
            "",
            "password has 0 characters; it needs at least 12. "
            "Fix: choose a longer one, e.g. a few unrelated words.",
        ),
        (
            "x" * 11,
            "password has 11 characters; it needs at least 12. "
            "Fix: choose a longer one, e.g. a few unrelated words.",
        ),
    ],
)
def test_short_passwords_are_refused(password: str, message: str) -> None:
    with pytest.raises(UserError) as error:
        validate_new_password(password)
    assert str(error.value) == message


# --- loading users -----------------------------------------------------------------------------


def test_parse_users_env(stored_hash: str) -> None:
    other = hash_password(OTHER_PASSWORD)
    value = f" nguyen-van-a={stored_hash} ; tran.thi_b = {other};"
    assert parse_users_env(value) == {"nguyen-van-a": stored_hash, "tran.thi_b": other}


ENV_EXAMPLE = "ZONES_USERS='nguyen-van-a=$argon2id$...;tran-thi-b=$argon2id$...'"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{hash};bob",
            f"ZONES_USERS entry 2 ('bob') is not name=hash. Fix: separate entries with ';', "
            f"e.g. {ENV_EXAMPLE}.",
        ),
        (
            "ana={hash};bob=",
            f"ZONES_USERS entry 2 ('bob') is not name=hash. Fix: separate entries with ';', "
            f"e.g. {ENV_EXAMPLE}.",
        ),
        (
            "={hash}",
            f"ZONES_USERS entry 1 ('(empty)') is not name=hash. Fix: separate entries with ';', "
            f"e.g. {ENV_EXAMPLE}.",
        ),
        (
            "ana={hash};ana={hash}",
            "ZONES_USERS entry 2 repeats user 'ana'. Fix: keep only one entry.",
        ),
        (
            "Ana={hash}",
            "ZONES_USERS: user name 'Ana' may use only a-z, 0-9, '.', '_' and '-'. Fix: try 'ana'.",
        ),
        (
            "ana=secret123",
            "ZONES_USERS: user 'ana' has no valid argon2 hash. "
            "Fix: run `python -m zones add-user ana` to set a new password.",
        ),
    ],
)
def test_malformed_users_env(template: str, message: str, stored_hash: str) -> None:
    with pytest.raises(UserError) as error:
        parse_users_env(template.format(hash=stored_hash))
    assert str(error.value) == message


def test_env_wins_over_secrets(stored_hash: str) -> None:
    secrets = {"zones_users": {"from-file": stored_hash}}
    environ = {"ZONES_USERS": f"from-env={stored_hash}"}
    assert load_users(secrets, environ) == {"from-env": stored_hash}


@pytest.mark.parametrize("env_value", [None, "", "  "])
def test_secrets_are_used_when_env_is_unset_or_blank(
    env_value: str | None, stored_hash: str
) -> None:
    environ = {} if env_value is None else {"ZONES_USERS": env_value}
    secrets = {"zones_users": {"from-file": stored_hash}, "auth": {"redirect_uri": "x"}}
    assert load_users(secrets, environ) == {"from-file": stored_hash}


@pytest.mark.parametrize("secrets", [{}, {"auth": {}}, SecretsWithoutFile()])
def test_no_users_section_means_no_users(secrets: Mapping[str, Any]) -> None:
    assert load_users(secrets, environ={}) == {}


@pytest.mark.parametrize(
    ("secrets", "message"),
    [
        (
            {"zones_users": "ana"},
            'secrets: zones_users must be a table of name = "hash". '
            "Fix: write it as [zones_users] followed by one line per user.",
        ),
        (
            {"zones_users": {"ana": 42}},
            "secrets [zones_users]: user 'ana' has no valid argon2 hash. "
            "Fix: run `python -m zones add-user ana` to set a new password.",
        ),
    ],
)
def test_malformed_users_section(secrets: Mapping[str, Any], message: str) -> None:
    with pytest.raises(UserError) as error:
        load_users(secrets, environ={})
    assert str(error.value) == message


def test_load_users_from_missing_file(tmp_path: Path) -> None:
    assert load_users_from_file(tmp_path / "nowhere" / "secrets.toml") == {}


def test_load_users_from_invalid_toml(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text("[zones_users\nana = 'x'\n", encoding="utf-8")
    with pytest.raises(UserError) as error:
        load_users_from_file(path)
    assert str(error.value) == (
        f"{path} is not valid TOML: Expected ']' at the end of a table declaration "
        "(at line 1, column 13). Fix: correct that line."
    )


def test_load_users_from_default_file_when_no_secrets_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / ".streamlit" / "secrets.toml"
    monkeypatch.setattr(auth, "DEFAULT_SECRETS_PATH", path)
    add_user("ana", PASSWORD, path)
    users = load_users(environ={})
    assert list(users) == ["ana"]
    assert verify_password(users["ana"], PASSWORD)


# --- editing the secrets file ------------------------------------------------------------------

EXISTING_SECRETS = """\
# Deployment secrets: never commit this file.
[auth]
redirect_uri = "https://zones.example.vn/oauth2callback"  # must match the provider
cookie_secret = "not-a-real-secret"

[auth.google]
client_id = "id"
client_secret = "secret"
server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"
"""


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_add_user_creates_private_file_and_folder(tmp_path: Path) -> None:
    path = tmp_path / ".streamlit" / "secrets.toml"
    assert add_user("nguyen-van-a", PASSWORD, path) is True
    assert file_mode(path) == 0o600
    users = load_users_from_file(path)
    assert list(users) == ["nguyen-van-a"]
    assert verify_password(users["nguyen-van-a"], PASSWORD)
    assert [p.name for p in path.parent.iterdir()] == ["secrets.toml"]


def test_add_user_preserves_auth_section_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text(EXISTING_SECRETS, encoding="utf-8")
    path.chmod(0o644)
    assert add_user("nguyen-van-a", PASSWORD, path) is True
    text = path.read_text(encoding="utf-8")
    assert text.startswith(EXISTING_SECRETS)
    assert text[len(EXISTING_SECRETS) :].startswith('\n[zones_users]\nnguyen-van-a = "$argon2id$')
    assert file_mode(path) == 0o600
    assert oidc_configured(tomllib.loads(text))


def test_add_user_replaces_existing_password(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    add_user("ana", PASSWORD, path)
    add_user("bob", PASSWORD, path)
    before = load_users_from_file(path)
    assert add_user("ana", OTHER_PASSWORD, path) is False
    after = load_users_from_file(path)
    assert list(after) == ["ana", "bob"]
    assert after["bob"] == before["bob"]
    assert verify_password(after["ana"], OTHER_PASSWORD)
    assert not verify_password(after["ana"], PASSWORD)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "a = = 1\n",
            "{path} is not valid TOML (Unexpected character: '=' at line 1 col 4); it was left "
            "unchanged. Fix: correct it by hand, then run the command again.",
        ),
        (
            'zones_users = "ana"\n',
            "{path}: zones_users is not a table; the file was left unchanged. "
            "Fix: replace that line with a [zones_users] section.",
        ),
    ],
)
def test_add_user_refuses_unusable_file_without_changing_it(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text(content, encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(UserError) as error:
        add_user("ana", PASSWORD, path)
    assert str(error.value) == message.format(path=path)
    assert path.read_text(encoding="utf-8") == content
    assert file_mode(path) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["secrets.toml"]


@pytest.mark.parametrize(("name", "password"), [("Ana", PASSWORD), ("ana", "short")])
def test_add_user_validates_before_touching_the_file(
    tmp_path: Path, name: str, password: str
) -> None:
    path = tmp_path / "secrets.toml"
    with pytest.raises(UserError):
        add_user(name, password, path)
    assert not path.exists()


# --- throttling --------------------------------------------------------------------------------


def test_three_failures_are_free(throttle: SignInThrottle) -> None:
    for _ in range(3):
        assert throttle.check("ana") == 0
        throttle.record_failure("ana")
    assert throttle.check("ana") == 1


def test_waits_double_up_to_300_seconds(throttle: SignInThrottle, clock: FakeClock) -> None:
    for _ in range(3):
        throttle.record_failure("ana")
    for expected in [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]:
        assert throttle.check("ana") == expected
        clock.advance(expected - 0.5)
        assert throttle.check("ana") == 0.5
        clock.advance(0.5)
        assert throttle.check("ana") == 0
        throttle.record_failure("ana")


def test_success_resets_the_name(throttle: SignInThrottle, clock: FakeClock) -> None:
    for _ in range(5):
        throttle.record_failure("ana")
    assert throttle.check("ana") == 4
    throttle.record_success("ana")
    assert throttle.check("ana") == 0
    throttle.record_failure("ana")
    assert throttle.check("ana") == 0


def test_names_are_throttled_separately_and_case_insensitively(throttle: SignInThrottle) -> None:
    for _ in range(4):
        throttle.record_failure("Ana ")
    assert throttle.check("ana") == 2
    assert throttle.check("ANA") == 2
    assert throttle.check("bob") == 0


def test_spraying_many_names_from_one_client_is_throttled(
    throttle: SignInThrottle, clock: FakeClock
) -> None:
    for number in range(20):
        assert throttle.check(f"user-{number}") == 0
        throttle.record_failure(f"user-{number}")
    assert throttle.check("someone-else") == 1
    throttle.record_success("user-0")
    assert throttle.check("someone-else") == 1
    for expected in [1, 2, 4, 8]:
        assert throttle.check("fresh-name") == expected
        clock.advance(expected)
        throttle.record_failure(f"fresh-{expected}")
    assert throttle.check("anyone") == 16


def test_failures_are_forgotten_after_an_hour_without_failures(
    throttle: SignInThrottle, clock: FakeClock
) -> None:
    for number in range(25):
        throttle.record_failure("ana" if number < 10 else f"user-{number}")
    assert throttle.check("ana") > 0
    clock.advance(3599)
    assert throttle.check("ana") == 0
    clock.advance(1)
    throttle.record_failure("ana")
    assert throttle.check("ana") == 0
    assert throttle.check("bob") == 0


def test_begin_attempt_reserves_so_parallel_sessions_wait(
    throttle: SignInThrottle, clock: FakeClock
) -> None:
    throttle.record_failure("ana")
    throttle.record_failure("ana")
    assert throttle.begin_attempt("ana") == 0
    assert throttle.begin_attempt("ana") == 1
    throttle.record_failure("ana")
    assert throttle.check("ana") == 1
    clock.advance(1)
    assert throttle.begin_attempt("ana") == 0
    throttle.record_success("ana")
    assert throttle.check("ana") == 0


def test_throttle_counts_every_failure_from_many_threads(clock: FakeClock) -> None:
    throttle = SignInThrottle(clock=clock)

    def fail_many(thread: int) -> None:
        for number in range(50):
            throttle.record_failure(f"user-{thread}-{number}")

    threads = [threading.Thread(target=fail_many, args=(thread,)) for thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert throttle.check("anyone") == 300  # 400 failures: far past the 20 free ones


def test_tracked_names_are_bounded(clock: FakeClock) -> None:
    throttle = SignInThrottle(clock=clock, max_tracked=5)
    for number in range(8):
        clock.advance(1)
        throttle.record_failure(f"user-{number}", f"10.0.0.{number}")
    accounts = throttle._counts["account"]
    assert sorted(accounts) == [f"user-{number}" for number in range(3, 8)]
    assert len(throttle._counts["pair"]) == len(throttle._counts["client"]) == 5


# --- signing in --------------------------------------------------------------------------------


def test_sign_in_succeeds(throttle: SignInThrottle, stored_hash: str) -> None:
    result = sign_in({"nguyen-van-a": stored_hash}, " Nguyen-Van-A", PASSWORD, throttle)
    assert result == SignInResult(ok=True, user="nguyen-van-a", wait_seconds=0.0,
                                  message=Message("auth.signed_in", {"user": "nguyen-van-a"}))
    assert result.message.text("en") == "Signed in as nguyen-van-a."


def test_unknown_user_and_wrong_password_look_the_same(
    throttle: SignInThrottle, stored_hash: str, verify_calls: list[str]
) -> None:
    users = {"ana": stored_hash}
    wrong_password = sign_in(users, "ana", OTHER_PASSWORD, throttle)
    unknown_user = sign_in(users, "bob", PASSWORD, throttle)
    expected = SignInResult(
        ok=False, user=None, wait_seconds=0.0, message=Message("auth.wrong_credentials")
    )
    assert expected.message.text("en") == "Wrong user name or password."
    assert expected.message.text("vi") == "Sai tên đăng nhập hoặc mật khẩu."
    assert wrong_password == expected
    assert unknown_user == expected
    assert len(verify_calls) == 2
    assert verify_calls[0] == stored_hash
    assert verify_calls[1].startswith("$argon2id$")  # the dummy hash, verified all the same


def test_throttled_sign_in_never_verifies(
    throttle: SignInThrottle, clock: FakeClock, stored_hash: str, verify_calls: list[str]
) -> None:
    users = {"ana": stored_hash}
    waits = []
    for _ in range(6):
        clock.advance(max(throttle.check("ana"), 0))
        waits.append(sign_in(users, "ana", OTHER_PASSWORD, throttle).wait_seconds)
    assert waits == [0, 0, 1, 2, 4, 8]
    assert len(verify_calls) == 6
    result = sign_in(users, "ana", PASSWORD, throttle)
    assert (result.ok, result.user, result.wait_seconds) == (False, None, 8)
    assert result.message.text("en") == "Too many failed sign-ins. Try again in 8 s."
    assert result.message.text("vi") == "Đăng nhập sai quá nhiều lần. Thử lại sau 8 giây."
    assert len(verify_calls) == 6
    clock.advance(7.2)
    result = sign_in(users, "ana", PASSWORD, throttle)
    assert result.message.text("en") == "Too many failed sign-ins. Try again in 1 s."
    assert len(verify_calls) == 6
    clock.advance(0.8)
    assert sign_in(users, "ana", PASSWORD, throttle).ok
    assert throttle.check("ana") == 0


def test_unexpected_error_while_verifying_counts_as_failure(
    monkeypatch: pytest.MonkeyPatch, throttle: SignInThrottle, stored_hash: str
) -> None:
    def broken_verify(stored: str, password: str) -> bool:
        raise RuntimeError("boom")

    monkeypatch.setattr(auth, "verify_password", broken_verify)
    for _ in range(3):
        with pytest.raises(RuntimeError):
            sign_in({"ana": stored_hash}, "ana", PASSWORD, throttle)
    assert throttle.check("ana") == 1


# --- OpenID Connect ----------------------------------------------------------------------------

TOP = {"redirect_uri": "https://zones.example.vn/oauth2callback", "cookie_secret": "s3cret"}
PROVIDER = {
    "client_id": "id",
    "client_secret": "secret",
    "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
}


def without(mapping: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


@pytest.mark.parametrize(
    ("secrets", "providers"),
    [
        ({}, []),
        (SecretsWithoutFile(), []),
        ({"auth": "yes"}, []),
        ({"auth": TOP}, []),
        ({"auth": {**TOP, **PROVIDER}}, ["default"]),
        ({"auth": {**TOP, "google": PROVIDER}}, ["google"]),
        (
            {"auth": {**TOP, **PROVIDER, "google": PROVIDER, "entra": PROVIDER}},
            ["default", "google", "entra"],
        ),
        ({"auth": {**without(TOP, "redirect_uri"), **PROVIDER}}, []),
        ({"auth": {**without(TOP, "cookie_secret"), "google": PROVIDER}}, []),
        ({"auth": {**TOP, **without(PROVIDER, "client_secret")}}, []),
        ({"auth": {**TOP, "google": without(PROVIDER, "server_metadata_url")}}, []),
        ({"auth": {**TOP, "google": {**PROVIDER, "client_id": ""}}}, []),
        ({"auth": {**TOP, "microsoft_entra": PROVIDER}}, []),
        ({"auth": {**TOP, "client_kwargs": {"prompt": "login"}}}, []),
        ({"auth": {**TOP, "google": "not a table"}}, []),
        ({"zones_users": {}, "auth": {**TOP, "google": PROVIDER}}, ["google"]),
    ],
)
def test_oidc_configuration(secrets: Mapping[str, Any], providers: list[str]) -> None:
    assert oidc_providers(secrets) == providers
    assert oidc_configured(secrets) is bool(providers)
