from Crypto.Cipher import AES, Blowfish
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY = b"0123456789abcdef0123456789abcdef"
IV = b"abcdefghijklmnop"


def encrypt_card(pan: bytes) -> bytes:
    # ruleid: python-static-iv
    cipher = Cipher(algorithms.AES(KEY), modes.CBC(IV), backend=default_backend())
    enc = cipher.encryptor()
    return enc.update(pan) + enc.finalize()


def legacy(data: bytes) -> bytes:
    # ruleid: python-weak-cipher, python-static-iv
    return Blowfish.new(KEY[:16], Blowfish.MODE_CBC, iv=b"12345678").encrypt(data)


def ecb(data: bytes) -> bytes:
    # ruleid: python-ecb-mode
    cipher = AES.new(KEY, AES.MODE_ECB)
    return cipher.encrypt(data)
