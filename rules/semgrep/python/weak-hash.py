import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from Crypto.Hash import MD5


def file_fingerprint(data: bytes) -> str:
    # ruleid: python-weak-hash
    return hashlib.md5(data).hexdigest()


def signature_digest(message: bytes) -> bytes:
    # ruleid: python-weak-hash
    return hashlib.new("sha1", message).digest()


def constant_digest() -> str:
    # ruleid: python-weak-hash
    return hashlib.sha1(b"settlement-batch").hexdigest()


def crypto_digest():
    # ruleid: python-weak-hash
    return hashes.Hash(hashes.MD5())


def pycryptodome_digest(payload: bytes):
    # ruleid: python-weak-hash
    return MD5.new(payload).hexdigest()


def integrity(data: bytes) -> str:
    # ok: python-weak-hash
    return hashlib.sha256(data).hexdigest()


def cache_key(url: str) -> str:
    # ok: python-weak-hash
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def keyed(key: bytes, message: bytes) -> str:
    # ok: python-weak-hash
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def modern() -> str:
    # ok: python-weak-hash
    return hashlib.new("sha3_256", b"batch").hexdigest()


def store_password(user, password: str) -> None:
    # ruleid: python-weak-password-hash
    user.password_hash = hashlib.md5(password.encode()).hexdigest()


def store_password_salted(user, salt: str) -> None:
    # ruleid: python-weak-password-hash
    user.password_hash = hashlib.sha256((salt + user.password).encode()).hexdigest()


def store_password_form(form) -> str:
    digest = hashlib.sha512()
    # ruleid: python-weak-password-hash
    digest.update(form["new_password"].encode())
    return digest.hexdigest()


def store_password_pbkdf2_weak(password: bytes, salt: bytes) -> bytes:
    # ruleid: python-weak-password-hash
    return hashlib.pbkdf2_hmac("sha256", password, salt, 1000)


def store_password_pbkdf2(password: bytes, salt: bytes) -> bytes:
    # ok: python-weak-password-hash
    return hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)


def store_password_scrypt(password: bytes, salt: bytes) -> bytes:
    # ok: python-weak-password-hash
    return hashlib.scrypt(password, salt=salt, n=2**14, r=8, p=1)


def password_reset_fingerprint(user_id: str, issued: str) -> str:
    # ok: python-weak-password-hash
    return hashlib.sha256(f"{user_id}:{issued}".encode()).hexdigest()


def has_password_digest(data: bytes) -> str:
    # ok: python-weak-password-hash
    return hashlib.sha256(data).hexdigest()


# --- what the digest is for decides the rule (and the severity) ---------------------------------


def etag_of(response, body: bytes) -> None:
    # ruleid: python-weak-hash-checksum
    response.headers["ETag"] = hashlib.md5(body).hexdigest()
    # ruleid: python-weak-hash-checksum
    response.set_etag(hashlib.sha1(body).hexdigest())
    # ok: python-weak-hash-checksum
    response.set_etag(hashlib.sha256(body).hexdigest())


def remember(update_obj: dict, content: bytes, row) -> None:
    # ruleid: python-weak-hash-checksum
    update_obj["previous_md5_before_filters"] = hashlib.md5(content).hexdigest()
    # ruleid: python-weak-hash-checksum
    fetched_md5 = hashlib.md5(content).hexdigest()
    # ruleid: python-weak-hash-checksum
    row.checksum = hashlib.sha1(content).hexdigest()
    # ruleid: python-weak-hash-checksum
    cache_key = "page:" + hashlib.md5(content).hexdigest()
    # ruleid: python-weak-hash
    digest = hashlib.md5(content).hexdigest()
    # ok: python-weak-hash-checksum
    cache_key = hashlib.md5(content, usedforsecurity=False).hexdigest()
    # ok: python-weak-hash-checksum
    row.checksum = hashlib.blake2b(content).hexdigest()
    # ruleid: python-weak-hash-signature
    token_md5 = hashlib.md5(content).hexdigest()
    return fetched_md5, cache_key, digest, token_md5


def sign(secret: bytes, payload: bytes, session: dict) -> None:
    # ruleid: python-weak-hash-signature
    signature = hashlib.md5(secret + payload).hexdigest()
    # ruleid: python-weak-hash-signature
    session["csrf_token"] = hashlib.sha1(secret + payload).hexdigest()
    # ruleid: python-weak-hash-signature
    reset_sig = hashlib.new("md5", secret + payload).hexdigest()
    # ok: python-weak-hash-signature
    signature = hmac.new(secret, payload, hashlib.sha256).hexdigest()
    # ruleid: python-weak-hash
    machine_id = hashlib.md5(payload).hexdigest()
    # ok: python-weak-hash-signature
    session["csrf_token"] = hashlib.sha256(secret + payload).hexdigest()
    # ok: python-weak-hash-signature
    reset_sig = hashlib.md5(payload, usedforsecurity=False).hexdigest()
    return signature, reset_sig, machine_id
