#!/usr/bin/env python3
"""Produce the reference vectors for SaltWireTests' crypto tests.

Run once by hand (python3 + the `cryptography` package); the outputs are committed and the Swift
tests never call Python. Everything below is written from the wire-protocol notes
(/work/shared/salt-wire-protocol.md, sections 4 and 5), not from Salt's code.

Outputs, next to this script:
  rsa2048.pem        PKCS#1 ("TraditionalOpenSSL") private key, as Salt writes minion.pem
  rsa2048.pub        SubjectPublicKeyInfo public key, as Salt writes minion.pub
  rsa2048.pkcs8.pem  the same private key as PKCS#8
  rsa2048.rsapub.pem the same public key as PKCS#1 "RSA PUBLIC KEY"
  crypto_vectors.json

The key files are reused when present, so re-running only refreshes the randomised vectors
(OAEP ciphertexts, Crypticle IVs).
"""

import base64
import hashlib
import hmac
import json
import os
import pathlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HERE = pathlib.Path(__file__).resolve().parent


def load_or_make_key():
    path = HERE / "rsa2048.pem"
    if path.exists():
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return key


def write_key_forms(key):
    pub = key.public_key()
    (HERE / "rsa2048.pub").write_bytes(
        pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    (HERE / "rsa2048.pkcs8.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (HERE / "rsa2048.rsapub.pem").write_bytes(
        pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
    )


HASHES = {"SHA1": hashes.SHA1, "SHA224": hashes.SHA224}


def oaep(name):
    algo = HASHES[name]
    return padding.OAEP(mgf=padding.MGF1(algorithm=algo()), algorithm=algo(), label=None)


def x931_sign(key, message):
    """ANSI X9.31 'private encrypt' done by hand: pad, raw RSA with d, then min(s, n - s)."""
    numbers = key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    k = (n.bit_length() + 7) // 8
    fill = k - len(message) - 2
    assert fill >= 0
    if fill == 0:
        em = b"\x6a" + message + b"\xcc"
    else:
        em = b"\x6b" + b"\xbb" * (fill - 1) + b"\xba" + message + b"\xcc"
    assert len(em) == k
    s = pow(int.from_bytes(em, "big"), d, n)
    return min(s, n - s).to_bytes(k, "big")


def x931_recover(key, signature):
    numbers = key.public_key().public_numbers()
    n, e = numbers.n, numbers.e
    k = (n.bit_length() + 7) // 8
    t = pow(int.from_bytes(signature, "big"), e, n)
    if t & 0xF != 0xC:
        t = n - t
    em = t.to_bytes(k, "big")
    if em[0] == 0x6A:
        return em[1:-1]
    assert em[0] == 0x6B and em[-1] == 0xCC
    body = em[1:-1]
    index = body.index(0xBA)
    assert index >= 1 and set(body[:index]) == {0xBB}
    return body[index + 1 :]


def crypticle_encrypt(key_string, plaintext, iv):
    """Salt's symmetric layer from the notes: AES-192-CBC, PKCS#7, iv || ct || HMAC-SHA256."""
    raw = base64.b64decode(key_string)
    assert len(raw) == 56
    aes_key, hmac_key = raw[:24], raw[24:]
    pad = 16 - len(plaintext) % 16
    padded = plaintext + bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor()
    body = iv + encryptor.update(padded) + encryptor.finalize()
    return body + hmac.new(hmac_key, body, hashlib.sha256).digest()


def colon_hex(digest):
    text = digest.hex()
    return ":".join(text[i : i + 2] for i in range(0, len(text), 2))


def finger_of_file(contents):
    """Fingerprint of a key file the way Salt's path-based pem_finger defines it: the non-blank
    lines minus the first and last, newlines kept, CRLF folded, SHA-256, colon-separated hex."""
    lines = [line for line in contents.splitlines(keepends=True) if line.strip()]
    body = b"".join(lines[1:-1]).replace(b"\r\n", b"\n")
    return colon_hex(hashlib.sha256(body).digest())


def clean_key(text):
    return "\n".join(text.strip().splitlines())


def main():
    key = load_or_make_key()
    write_key_forms(key)
    pub = key.public_key()
    pub_pem = (HERE / "rsa2048.pub").read_bytes()

    aes_key_string = base64.b64encode(os.urandom(56)).decode()
    oaep_plain = aes_key_string.encode()
    signed_message = b"\x82\xa3ret\xc3\xa5nonce\xd9\x20" + b"0123456789abcdef0123456789abcdef"
    auth_sig_message = hashlib.sha256(aes_key_string.encode()).hexdigest().encode()

    tok = x931_sign(key, b"salt")
    assert x931_recover(key, tok) == b"salt"
    auth_sig = x931_sign(key, auth_sig_message)
    assert x931_recover(key, auth_sig) == auth_sig_message
    longest = bytes(range(254))  # k - 2 bytes: header and padding collapse into 0x6A
    longest_sig = x931_sign(key, longest)
    assert x931_recover(key, longest_sig) == longest

    crypticle_key = base64.b64encode(os.urandom(56)).decode()
    crypticle_cases = []
    for plaintext in [
        b"",
        b"pickle::" + b"\xc0",
        b"pickle::" + b"1eb2b7f0df514aca8bd48f3aaa970391" + b"\xc0",
        bytes(range(48)),
        b"pickle::" + bytes(range(256)) * 4,
    ]:
        iv = os.urandom(16)
        crypticle_cases.append(
            {"plaintext": plaintext.hex(), "frame": crypticle_encrypt(crypticle_key, plaintext, iv).hex()}
        )

    hmac_cases = []
    for hkey, data in [
        (b"", b""),
        (b"key", b"The quick brown fox jumps over the lazy dog"),
        (bytes(range(32)), bytes(range(200))),
        (bytes(range(100)), b"key longer than one SHA-256 block"),
        (bytes(64), b"exactly one block of key"),
    ]:
        hmac_cases.append(
            {"key": hkey.hex(), "data": data.hex(), "mac": hmac.new(hkey, data, hashlib.sha256).hexdigest()}
        )

    digest_cases = []
    for data in [b"", b"abc", b"m1", bytes(range(256)) * 3]:
        digest_cases.append(
            {
                "data": data.hex(),
                "sha1": hashlib.sha1(data).hexdigest(),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )

    base64_cases = []
    for data in [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", bytes(range(256)), os.urandom(56)]:
        base64_cases.append({"data": data.hex(), "text": base64.b64encode(data).decode()})

    clean_pub = clean_key(pub_pem.decode())
    vectors = {
        "generator": "make_vectors.py with cryptography",
        "modulus_bytes": (pub.key_size + 7) // 8,
        "oaep": {
            "plaintext": oaep_plain.hex(),
            "OAEP-SHA1": pub.encrypt(oaep_plain, oaep("SHA1")).hex(),
            "OAEP-SHA224": pub.encrypt(oaep_plain, oaep("SHA224")).hex(),
        },
        "pkcs1v15": {
            "message": signed_message.hex(),
            "PKCS1v15-SHA1": key.sign(signed_message, padding.PKCS1v15(), hashes.SHA1()).hex(),
            "PKCS1v15-SHA224": key.sign(signed_message, padding.PKCS1v15(), hashes.SHA224()).hex(),
        },
        "x931": {
            "tok": tok.hex(),
            "aes_key_string": aes_key_string,
            "auth_sig_message": auth_sig_message.decode(),
            "auth_sig": auth_sig.hex(),
            "longest_message": longest.hex(),
            "longest_sig": longest_sig.hex(),
        },
        "crypticle": {"key_string": crypticle_key, "cases": crypticle_cases},
        "hmac_sha256": hmac_cases,
        "digest": digest_cases,
        "base64": base64_cases,
        "public_key": {
            "clean_pem": clean_pub,
            "fingerprint_file": finger_of_file(pub_pem),
            "fingerprint_raw_clean": colon_hex(hashlib.sha256(clean_pub.encode()).digest()),
            "fingerprint_raw_file": colon_hex(hashlib.sha256(pub_pem).digest()),
        },
    }
    (HERE / "crypto_vectors.json").write_text(json.dumps(vectors, indent=1) + "\n")


if __name__ == "__main__":
    main()
