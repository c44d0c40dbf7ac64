import random
import string


class PasswordResetService:
    def create(self, user):
        code = "".join(random.choices(string.digits, k=6))
        # ruleid: python-weak-random
        user.reset_code = code
        return code

    def new_salt(self):
        # ruleid: python-weak-random
        salt = random.randbytes(16)
        return salt


def make_api_token():
    alphabet = string.ascii_letters + string.digits
    # ruleid: python-weak-random
    return "".join(random.choice(alphabet) for _ in range(40))


def pick_server(servers):
    # ok: python-weak-random
    return random.choice(servers)


def backoff(attempt):
    # ok: python-weak-random
    delay = min(30, 2**attempt) * random.random()
    return delay


def sample_ids(ids):
    # ok: python-weak-random
    test_accounts = random.sample(ids, 5)
    return test_accounts
