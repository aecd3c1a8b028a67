"""Sign-in under attack: failures from one client never delay another client's correct
password; a failing client is slowed, on one account and over all accounts; the client is the
connection's address, or the address a local reverse proxy appended."""

from __future__ import annotations

import argon2
import pytest

from zones import auth
from zones.auth import SignInThrottle, client_key, hash_password, sign_in

PASSWORD = "correct horse battery"
ATTACKER, STAFF, OTHER = "203.0.113.9", "198.51.100.7", "192.0.2.44"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=8,
                                                               parallelism=1))


@pytest.fixture
def users() -> dict[str, str]:
    return {"lan": hash_password(PASSWORD), "minh": hash_password(PASSWORD + "!")}


def made_up_names(throttle, users, count: int, client: str = ATTACKER) -> None:
    for number in range(count):
        sign_in(users, f"ghost-{number}", "guess", throttle, client)


def guesses_for(name: str):
    def attack(throttle, users, count: int, client: str = ATTACKER) -> None:
        for _ in range(count):
            sign_in(users, name, "wrong guess", throttle, client)
            throttle._clock.now += 400  # outwait every delay: the worst case for the account
    return attack


def many_clients_on(name: str):
    def attack(throttle, users, count: int, client: str = ATTACKER) -> None:
        for number in range(count):
            for _ in range(3):
                sign_in(users, name, "wrong guess", throttle, f"10.1.{number // 250}.{number % 250}")
    return attack


ATTACKS = [
    ("21 made-up names (the issue's case)", made_up_names, 21),
    ("200 made-up names", made_up_names, 200),
    ("30 guesses at lan's password", guesses_for("lan"), 30),
    ("3 guesses each from 100 clients at lan", many_clients_on("lan"), 100),
    ("guesses at minh, a colleague", guesses_for("minh"), 30),
]


@pytest.mark.parametrize(("attack", "count"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_attack_never_delays_another_clients_correct_password(users, attack, count: int) -> None:
    throttle = SignInThrottle(clock=Clock())
    attack(throttle, users, count)
    result = sign_in(users, "lan", PASSWORD, throttle, STAFF)
    assert result.ok and result.wait_seconds == 0


@pytest.mark.parametrize(("attack", "count"), [a[1:] for a in ATTACKS[:2]],
                         ids=[a[0] for a in ATTACKS[:2]])
def test_the_failing_client_itself_is_slowed(users, attack, count: int) -> None:
    throttle = SignInThrottle(clock=Clock())
    attack(throttle, users, count)
    result = sign_in(users, "lan", PASSWORD, throttle, ATTACKER)
    assert not result.ok and result.wait_seconds > 0
    assert result.message.key == "auth.too_many_failures"


def test_a_throttled_correct_password_is_refused_without_verifying(users, monkeypatch) -> None:
    throttle = SignInThrottle(clock=Clock())
    for _ in range(4):
        sign_in(users, "lan", "wrong", throttle, ATTACKER)
    verified: list[str] = []
    monkeypatch.setattr(auth, "verify_password", lambda *a: verified.append("x") or True)
    result = sign_in(users, "lan", PASSWORD, throttle, ATTACKER)
    assert not result.ok and result.wait_seconds > 0 and verified == []


def test_account_wide_failures_slow_only_clients_past_their_free_tries(users) -> None:
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    many_clients_on("lan")(throttle, users, 30)  # 90 failures on lan from 30 addresses
    for _ in range(2):  # a colleague's typos: still free
        assert sign_in(users, "lan", "typo", throttle, OTHER).wait_seconds == 0
    assert throttle.check("lan", OTHER) == 0
    sign_in(users, "lan", "typo", throttle, OTHER)  # the third: now the account's count applies
    assert throttle.check("lan", OTHER) == 300


def test_success_resets_only_that_client_and_account(users) -> None:
    throttle = SignInThrottle(clock=Clock())
    for client in (STAFF, ATTACKER):
        for _ in range(3):
            sign_in(users, "lan", "wrong", throttle, client)
    throttle._clock.now += 10
    assert sign_in(users, "lan", PASSWORD, throttle, STAFF).ok
    assert throttle.check("lan", STAFF) == 0
    assert throttle._counts["pair"][(ATTACKER, "lan")].count == 3  # still counted
    assert sign_in(users, "lan", "wrong", throttle, ATTACKER).wait_seconds == 2


CLIENTS = [
    ("direct connection", "203.0.113.9", {}, "203.0.113.9"),
    ("direct connection ignores a forged header", "203.0.113.9",
     {"X-Forwarded-For": "1.1.1.1"}, "203.0.113.9"),
    ("behind nginx on this machine", None, {"X-Forwarded-For": "198.51.100.7"}, "198.51.100.7"),
    ("behind nginx, client sent its own header", None,
     {"X-Forwarded-For": "1.1.1.1, 2.2.2.2, 198.51.100.7"}, "198.51.100.7"),
    ("header name in lower case", None, {"x-forwarded-for": "198.51.100.7"}, "198.51.100.7"),
    ("IPv6 client", None, {"X-Forwarded-For": "2001:db8::1"}, "2001:db8::1"),
    ("local, no proxy", None, {}, "local"),
    ("empty header", None, {"X-Forwarded-For": " , "}, "local"),
    ("absurdly long header", None, {"X-Forwarded-For": "9" * 5000}, "9" * 64),
]


@pytest.mark.parametrize(("ip", "headers", "expected"), [c[1:] for c in CLIENTS],
                         ids=[c[0] for c in CLIENTS])
def test_client_key(ip, headers, expected: str) -> None:
    assert client_key(ip, headers) == expected
