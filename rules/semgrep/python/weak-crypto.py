import os

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from Crypto.Cipher import AES, ARC4, DES, DES3
from Crypto.PublicKey import RSA
from Crypto.Random import get_random_bytes


def legacy_pin_block(key: bytes, block: bytes) -> bytes:
    # ruleid: python-weak-cipher
    return DES3.new(key, DES3.MODE_CBC, iv=os.urandom(8)).encrypt(block)


def legacy_stream(key: bytes, data: bytes) -> bytes:
    # ruleid: python-weak-cipher
    return ARC4.new(key).encrypt(data)


def legacy_hazmat(key: bytes):
    # ruleid: python-weak-cipher
    return Cipher(algorithms.TripleDES(key), modes.CBC(os.urandom(8)))


def legacy_des(key: bytes):
    # ruleid: python-weak-cipher
    return DES.new(key, DES.MODE_OFB, iv=os.urandom(8))


def modern_aes(key: bytes, data: bytes) -> bytes:
    # ok: python-weak-cipher
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.encrypt(data)


def modern_hazmat(key: bytes):
    # ok: python-weak-cipher
    return Cipher(algorithms.AES(key), modes.GCM(os.urandom(12)))


def modern_aead(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(12)
    # ok: python-weak-cipher
    return nonce + AESGCM(key).encrypt(nonce, data, None)


def tokenise_pan(key: bytes, pan: bytes) -> bytes:
    # ruleid: python-ecb-mode
    return AES.new(key, AES.MODE_ECB).encrypt(pan)


def tokenise_hazmat(key: bytes):
    # ruleid: python-ecb-mode
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()


def tokenise_keyword(key: bytes):
    # ruleid: python-ecb-mode
    return AES.new(key, mode=AES.MODE_ECB)


def tokenise_gcm(key: bytes, pan: bytes):
    # ok: python-ecb-mode
    return AES.new(key, AES.MODE_GCM).encrypt_and_digest(pan)


def tokenise_cbc(key: bytes):
    # ok: python-ecb-mode
    return Cipher(algorithms.AES(key), modes.CBC(os.urandom(16))).encryptor()


def tokenise_ctr(key: bytes):
    # ok: python-ecb-mode
    return AES.new(key, AES.MODE_CTR, nonce=get_random_bytes(8))


def signing_key():
    # ruleid: python-weak-rsa-key
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def signing_key_positional():
    # ruleid: python-weak-rsa-key
    return rsa.generate_private_key(65537, 512)


def signing_key_pycryptodome():
    # ruleid: python-weak-rsa-key
    return RSA.generate(1024)


def signing_key_strong():
    # ok: python-weak-rsa-key
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)


def signing_key_pycryptodome_strong():
    # ok: python-weak-rsa-key
    return RSA.generate(2048)


def signing_key_configured(bits: int):
    # ok: python-weak-rsa-key
    return RSA.generate(bits)


def encrypt_static_iv(key: bytes, data: bytes) -> bytes:
    iv = b"0123456789abcdef"
    # ruleid: python-static-iv
    return AES.new(key, AES.MODE_CBC, iv).encrypt(data)


def encrypt_zero_iv(key: bytes):
    # ruleid: python-static-iv
    return Cipher(algorithms.AES(key), modes.CBC(b"\x00" * 16)).encryptor()


def encrypt_static_nonce(key: bytes, data: bytes) -> bytes:
    # ruleid: python-static-iv
    return AES.new(key, AES.MODE_GCM, nonce=bytes.fromhex("000102030405060708090a0b")).encrypt(data)


def encrypt_static_aead(key: bytes, data: bytes) -> bytes:
    nonce = "fixed-nonce!".encode()
    # ruleid: python-static-iv
    return AESGCM(key).encrypt(nonce, data, None)


def encrypt_random_iv(key: bytes, data: bytes) -> bytes:
    iv = os.urandom(16)
    # ok: python-static-iv
    return iv + AES.new(key, AES.MODE_CBC, iv).encrypt(data)


def encrypt_random_nonce(key: bytes, data: bytes) -> bytes:
    nonce = get_random_bytes(12)
    # ok: python-static-iv
    return AES.new(key, AES.MODE_GCM, nonce=nonce).encrypt(data)


def decrypt_received(key: bytes, blob: bytes) -> bytes:
    iv, body = blob[:16], blob[16:]
    # ok: python-static-iv
    return AES.new(key, AES.MODE_CBC, iv).decrypt(body)


def encrypt_iv_from_config(key: bytes):
    iv = os.environ["PAYMENT_IV"].encode()
    # ok: python-static-iv
    return Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()


def encrypt_overwritten(key: bytes, data: bytes) -> bytes:
    iv = b"\x00" * 16
    iv = os.urandom(16)
    # ok: python-static-iv
    return AES.new(key, AES.MODE_CBC, iv=iv).encrypt(data)
