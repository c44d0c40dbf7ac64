import random
import secrets
import string
import uuid
from random import choice, randint

ALPHABET = string.ascii_letters + string.digits


def issue_reset_token(user):
    # ruleid: python-weak-random
    user.reset_token = "".join(random.choice(ALPHABET) for _ in range(32))


def send_otp(phone):
    # ruleid: python-weak-random
    otp = randint(100000, 999999)
    sms.send(phone, f"Your code is {otp}")


def generate_api_key() -> str:
    # ruleid: python-weak-random
    return "%032x" % random.getrandbits(128)


def new_session(response):
    # ruleid: python-weak-random
    response.set_cookie("session_id", str(uuid.uuid1()), secure=True, httponly=True)
    # ruleid: python-weak-random
    return {"csrf_token": "".join(choice(ALPHABET) for _ in range(24))}


def temporary_password() -> dict:
    # ruleid: python-weak-random
    return dict(password="".join(random.choices(ALPHABET, k=12)))


def issue_reset_token_secure(user):
    # ok: python-weak-random
    user.reset_token = secrets.token_urlsafe(32)


def send_otp_secure(phone):
    # ok: python-weak-random
    otp = secrets.randbelow(900000) + 100000
    sms.send(phone, f"Your code is {otp}")


def retry_delay(attempt: int) -> float:
    # ok: python-weak-random
    jitter = random.uniform(0, 0.5)
    return 2**attempt + jitter


def sample_for_audit(transactions):
    # ok: python-weak-random
    return random.sample(transactions, k=10)


def shuffle_questions(questions):
    # ok: python-weak-random
    random.shuffle(questions)
    return questions


def generate_token_secure() -> str:
    # ok: python-weak-random
    return secrets.token_hex(16)


def session_id_v4() -> str:
    # ok: python-weak-random
    session_id = str(uuid.uuid4())
    return session_id


def shipping_quote(base: float) -> float:
    # ok: python-weak-random
    shipping_cost = base + random.uniform(0, 2)
    return shipping_cost


def token_refresh_delay() -> float:
    # ok: python-weak-random
    token_expiry_jitter = random.randint(0, 30)
    return token_expiry_jitter


def issue_pin(card):
    digits = [str(random.randint(0, 9)) for _ in range(4)]
    # ruleid: python-weak-random
    card.pin = "".join(digits)
