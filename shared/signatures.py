"""Electronic signatures of sanction decisions: CMS (PKCS#7) detached signatures over a canonical
form of the decision, verified with the signer's X.509 certificate against trusted CAs.

`cryptography` builds signatures and verifies certificate chains (x509.verification) but has no
call that verifies a CMS signature itself; `asn1crypto` parses the SignedData, and the signature
over its signed attributes is checked with `cryptography`'s public-key primitives. The
`Verifier` is an interface, so that the national PKI's verification service (NCANode, for
NCALayer signatures) can take its place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509 import verification

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}


class SignatureInvalid(Exception):
    """A signature that does not prove what it claims; the message says why."""


def canonical(decision: dict[str, Any]) -> bytes:
    """The bytes a prosecutor signs, in the JSON Canonicalization Scheme (RFC 8785), so that
    any other verifier can make the same bytes from the same content: members sorted by their
    names' UTF-16 code units, no white space, strings as JSON writes them (UTF-8, only the
    characters that must be escaped), numbers as ECMAScript prints them."""
    return _jcs(decision).encode("utf-8")


def _jcs(value: Any) -> str:
    if isinstance(value, dict):
        members = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
        return "{" + ",".join(f"{_jcs(str(k))}:{_jcs(v)}" for k, v in members) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_jcs(v) for v in value) + "]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _es6_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _es6_number(value: float) -> str:
    """ECMAScript's Number-to-String (RFC 8785 §3.2.2.3): the shortest round-trip digits,
    integral values without a fraction, exponents only outside 1e-6 .. 1e21."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("NaN and infinities are not JSON")
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = int(exponent)
    if -7 < power < 21:  # repr chose an exponent where ECMAScript writes digits
        return format(value, "f").rstrip("0").rstrip(".")
    return f"{mantissa}e{'+' if power > 0 else '-'}{abs(power)}"


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signed, as the verified certificate says."""

    subject: str
    serial_number: int
    certificate_pem: str
    fingerprint_sha256: str


class Verifier(Protocol):
    def verify(self, content: bytes, signature: bytes, at: datetime | None = None) -> Signer:
        """The signer of a detached CMS `signature` over `content`, or SignatureInvalid."""


def sign(content: bytes, certificate: x509.Certificate, key: Any,
         chain: Sequence[x509.Certificate] = ()) -> bytes:
    """A detached CMS signature (DER) over `content`, carrying the signer's certificate and
    the intermediate CA certificates, so that it can be verified again anywhere later."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(
        certificate, key, hashes.SHA256())
    for extra in chain:
        builder = builder.add_certificate(extra)
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature,
                                                     pkcs7.PKCS7Options.Binary])


class CmsVerifier:
    """Verifies CMS signatures locally against the configured trusted CA certificates."""

    def __init__(self, trusted: Sequence[x509.Certificate],
                 intermediates: Sequence[x509.Certificate] = ()) -> None:
        if not trusted:
            raise ValueError("no trusted CA certificates: configure at least one")
        self._store = verification.Store(list(trusted))
        self._intermediates = list(intermediates)

    def verify(self, content: bytes, signature: bytes, at: datetime | None = None) -> Signer:
        try:
            info = cms.ContentInfo.load(signature)
            if info["content_type"].native != "signed_data":
                raise SignatureInvalid("not a CMS SignedData structure")
            signed = info["content"]
            signer_infos = signed["signer_infos"]
            certificates = [x509.load_der_x509_certificate(c.chosen.dump())
                            for c in signed["certificates"]]
        except SignatureInvalid:
            raise
        except Exception as exc:  # any parse failure means the same thing to the caller
            raise SignatureInvalid(f"the signature is not valid CMS: {exc}") from None
        if len(signer_infos) != 1:
            raise SignatureInvalid("exactly one signer is expected")
        signer_info = signer_infos[0]
        certificate = _signer_certificate(signer_info, certificates)
        _check_signed_content(signer_info, content)
        _check_signature(signer_info, certificate)
        self._check_chain(certificate, certificates, at)
        return Signer(
            subject=certificate.subject.rfc4514_string(),
            serial_number=certificate.serial_number,
            certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
            fingerprint_sha256=certificate.fingerprint(hashes.SHA256()).hex(),
        )

    def _check_chain(self, leaf: x509.Certificate, pool: list[x509.Certificate],
                     at: datetime | None) -> None:
        builder = (
            verification.PolicyBuilder()
            .store(self._store)
            .time(at or datetime.now(UTC))
            # A signing certificate is no TLS client: its extensions are not WebPKI's business.
            .extension_policies(ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(),
                                ee_policy=verification.ExtensionPolicy.permit_all())
        )
        intermediates = [c for c in pool if c != leaf] + self._intermediates
        try:
            builder.build_client_verifier().verify(leaf, intermediates)
        except verification.VerificationError as exc:
            raise SignatureInvalid(f"the certificate is not trusted: {exc}") from None


def _signer_certificate(signer_info: Any,
                        certificates: list[x509.Certificate]) -> x509.Certificate:
    sid = signer_info["sid"]
    if sid.name != "issuer_and_serial_number":
        raise SignatureInvalid("the signer is named by key identifier; issuer and serial needed")
    serial = sid.chosen["serial_number"].native
    issuer = sid.chosen["issuer"].dump()
    for certificate in certificates:
        if certificate.serial_number == serial and \
                certificate.issuer.public_bytes() == issuer:
            return certificate
    raise SignatureInvalid("the signer's certificate is not in the signature")


def _check_signed_content(signer_info: Any, content: bytes) -> None:
    digest_name = signer_info["digest_algorithm"]["algorithm"].native
    if digest_name not in _HASHES:
        raise SignatureInvalid(f"digest algorithm {digest_name} is not accepted")
    attributes = signer_info["signed_attrs"]
    if not attributes:
        raise SignatureInvalid("the signature has no signed attributes")
    digests = [a["values"][0].native for a in attributes
               if a["type"].native == "message_digest"]
    if len(digests) != 1:
        raise SignatureInvalid("the signed attributes carry no message digest")
    if hashlib.new(digest_name, content).digest() != digests[0]:
        raise SignatureInvalid("the signature is not over this decision (digest differs)")


def _check_signature(signer_info: Any, certificate: x509.Certificate) -> None:
    digest = _HASHES[signer_info["digest_algorithm"]["algorithm"].native]()
    # The signature covers the signed attributes encoded as a SET OF, not as stored ([0]).
    signed_bytes = signer_info["signed_attrs"].untag().dump(force=True)
    value = signer_info["signature"].native
    key = certificate.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(value, signed_bytes, padding.PKCS1v15(), digest)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(value, signed_bytes, ec.ECDSA(digest))
        else:
            raise SignatureInvalid(f"key type {type(key).__name__} is not accepted")
    except InvalidSignature:
        raise SignatureInvalid("the signature does not match the signer's key") from None


def load_certificates(pem: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem)
