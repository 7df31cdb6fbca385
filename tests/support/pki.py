"""A test PKI made at test time (never committed): a CA, an intermediate, signing keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID


@dataclass
class Identity:
    certificate: x509.Certificate
    key: Any


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key: Any, issuer: Identity | None, ca: bool,
                 days: int = 365) -> x509.Certificate:
    now = datetime.now(UTC)
    issuer_name = issuer.certificate.subject if issuer else _name(subject)
    signing_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def authority(name: str = "Test Root CA") -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    return Identity(_certificate(name, key, None, ca=True, days=3650), key)


def intermediate(parent: Identity, name: str = "Test Signing CA") -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    return Identity(_certificate(name, key, parent, ca=True, days=1825), key)


def prosecutor(issuer: Identity, name: str = "Prosecutor Test", rsa_key: bool = False,
               days: int = 365) -> Identity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if rsa_key else \
        ec.generate_private_key(ec.SECP256R1())
    return Identity(_certificate(name, key, issuer, ca=False, days=days), key)
