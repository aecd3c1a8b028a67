"""Sign-in under attack: failures from one client never delay another client's correct
password; a failing client is slowed, on one account and over all accounts; the client is the
connection's address, or the address a local reverse proxy appended."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import argon2
import pytest

from zones import auth
from zones.auth import SignInThrottle, _read_counts, client_key, hash_password, sign_in

PASSWORD = "correct horse battery"
ATTACKER, STAFF, OTHER = "203.0.113.9", "198.51.100.7", "192.0.2.44"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Replicas:
    """Two server processes' throttles sharing one state file (as deploy/start sets them up);
    each call goes to the other one, so every count must travel through the file."""

    def __init__(self, clock: Clock, path) -> None:
        self._replicas = [SignInThrottle(clock, state_file=path) for _ in range(2)]
        self._path = path
        self._turn = 0
        self._clock = clock

    def __getattr__(self, name: str):
        replica = self._replicas[self._turn % 2]
        self._turn += 1
        return getattr(replica, name)

    @property
    def _counts(self):
        return _read_counts(self._path, {"pair": 0, "client": 0, "account": 0})


@pytest.fixture(params=["one process", "two replicas sharing a file"])
def new_throttle(request, tmp_path):
    """SignInThrottle(clock) as one process keeps it, or as two replicas that share it."""
    if request.param == "one process":
        return lambda clock: SignInThrottle(clock=clock)
    return lambda clock: Replicas(clock, tmp_path / "signin-throttle.json")


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        auth, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


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
                sign_in(
                    users, name, "wrong guess", throttle, f"10.1.{number // 250}.{number % 250}"
                )

    return attack


ATTACKS = [
    ("21 made-up names (the issue's case)", made_up_names, 21),
    ("200 made-up names", made_up_names, 200),
    ("30 guesses at lan's password", guesses_for("lan"), 30),
    ("3 guesses each from 100 clients at lan", many_clients_on("lan"), 100),
    ("guesses at minh, a colleague", guesses_for("minh"), 30),
]


@pytest.mark.parametrize(("attack", "count"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_attack_never_delays_another_clients_correct_password(
    users, attack, count: int, new_throttle
) -> None:
    throttle = new_throttle(Clock())
    attack(throttle, users, count)
    result = sign_in(users, "lan", PASSWORD, throttle, STAFF)
    assert result.ok and result.wait_seconds == 0


@pytest.mark.parametrize(
    ("attack", "count"), [a[1:] for a in ATTACKS[:2]], ids=[a[0] for a in ATTACKS[:2]]
)
def test_the_failing_client_itself_is_slowed(users, attack, count: int, new_throttle) -> None:
    throttle = new_throttle(Clock())
    attack(throttle, users, count)
    result = sign_in(users, "lan", PASSWORD, throttle, ATTACKER)
    assert not result.ok and result.wait_seconds > 0
    assert result.message.key == "auth.too_many_failures"


def test_a_throttled_correct_password_is_refused_without_verifying(
    users, monkeypatch, new_throttle
) -> None:
    throttle = new_throttle(Clock())
    for _ in range(4):
        sign_in(users, "lan", "wrong", throttle, ATTACKER)
    verified: list[str] = []
    monkeypatch.setattr(auth, "verify_password", lambda *a: verified.append("x") or True)
    result = sign_in(users, "lan", PASSWORD, throttle, ATTACKER)
    assert not result.ok and result.wait_seconds > 0 and verified == []


def test_account_wide_failures_slow_only_clients_past_their_free_tries(users, new_throttle) -> None:
    clock = Clock()
    throttle = new_throttle(clock)
    many_clients_on("lan")(throttle, users, 30)  # 90 failures on lan from 30 addresses
    for _ in range(2):  # a colleague's typos: still free
        assert sign_in(users, "lan", "typo", throttle, OTHER).wait_seconds == 0
    assert throttle.check("lan", OTHER) == 0
    sign_in(users, "lan", "typo", throttle, OTHER)  # the third: now the account's count applies
    assert throttle.check("lan", OTHER) == 300


def test_success_resets_only_that_client_and_account(users, new_throttle) -> None:
    throttle = new_throttle(Clock())
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
    (
        "direct connection ignores a forged header",
        "203.0.113.9",
        {"X-Forwarded-For": "1.1.1.1"},
        "203.0.113.9",
    ),
    ("behind nginx on this machine", None, {"X-Forwarded-For": "198.51.100.7"}, "198.51.100.7"),
    (
        "behind nginx, client sent its own header",
        None,
        {"X-Forwarded-For": "1.1.1.1, 2.2.2.2, 198.51.100.7"},
        "198.51.100.7",
    ),
    ("header name in lower case", None, {"x-forwarded-for": "198.51.100.7"}, "198.51.100.7"),
    ("IPv6 client", None, {"X-Forwarded-For": "2001:db8::1"}, "2001:db8::1"),
    ("local, no proxy", None, {}, "local"),
    ("empty header", None, {"X-Forwarded-For": " , "}, "local"),
    ("absurdly long header", None, {"X-Forwarded-For": "9" * 5000}, "9" * 64),
]


@pytest.mark.parametrize(
    ("ip", "headers", "expected"), [c[1:] for c in CLIENTS], ids=[c[0] for c in CLIENTS]
)
def test_client_key(ip, headers, expected: str) -> None:
    assert client_key(ip, headers) == expected


# --- replicas: one count for the whole deployment ----------------------------------------------


def _fail_many(path: str, client: str, times: int) -> None:
    throttle = SignInThrottle(state_file=Path(path))
    for _ in range(times):
        throttle.record_failure("lan", client)


def test_replica_processes_saving_at_once_lose_no_failure(tmp_path: Path) -> None:
    """Four server processes record failures at the same moment: none is lost."""
    path = tmp_path / "signin-throttle.json"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_fail_many, args=(str(path), f"10.0.0.{i}", 25))
               for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    counts = _read_counts(path, {"pair": 0, "client": 0, "account": 0})
    assert counts["account"]["lan"].count == 100
    assert sorted(f.count for f in counts["client"].values()) == [25, 25, 25, 25]


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'{"pair": {"x": 5}}',
                                     b"\xff\xfe garbage"])
def test_a_broken_state_file_counts_as_no_failures(tmp_path: Path, users, content: bytes) -> None:
    path = tmp_path / "signin-throttle.json"
    path.write_bytes(content)
    throttle = SignInThrottle(Clock(), state_file=path)
    assert sign_in(users, "lan", PASSWORD, throttle, STAFF).ok
    assert sign_in(users, "lan", "wrong", throttle, ATTACKER).wait_seconds == 0
    assert _read_counts(path, {"pair": 0, "client": 0, "account": 0})["client"][ATTACKER].count == 1


def test_an_unusable_state_file_falls_back_to_counting_in_this_process(tmp_path: Path,
                                                                       users) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the state folder should be")
    throttle = SignInThrottle(Clock(), state_file=blocked / "signin-throttle.json")
    for _ in range(4):
        sign_in(users, "lan", "wrong", throttle, ATTACKER)
    assert sign_in(users, "lan", PASSWORD, throttle, ATTACKER).wait_seconds > 0  # still slowed
    assert sign_in(users, "lan", PASSWORD, throttle, STAFF).ok  # and nobody else is


@pytest.mark.parametrize(("environ", "shared"), [({}, False), ({"ZONES_THROTTLE_FILE": " "}, False),
                                                ({"ZONES_THROTTLE_FILE": "/run/x.json"}, True)])
def test_the_deployment_chooses_a_shared_throttle(environ, shared: bool) -> None:
    throttle = auth.new_throttle(environ)
    assert (throttle._state_file is not None) == shared


def test_deploy_start_shares_the_throttle_between_its_replicas() -> None:
    start = (Path(__file__).resolve().parents[2] / "deploy" / "start").read_text()
    assert 'ZONES_THROTTLE_FILE="${ZONES_THROTTLE_FILE:-$RUN/signin-throttle.json}"' in start
    assert "export ZONES_THROTTLE_FILE" in start
