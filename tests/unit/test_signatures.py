"""CMS signatures of decisions: a good one verifies; forged, altered or untrusted ones do not."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest
from cryptography.hazmat.primitives.serialization import pkcs7

from shared.signatures import CmsVerifier, SignatureInvalid, canonical, sign
from tests.support.pki import authority, intermediate, prosecutor

DECISION = {"decree_id": "D-1", "decision": "granted", "prosecutor_id": "PR-1",
            "decided_on": "2025-10-21", "reason": None}


@pytest.fixture(scope="module")
def pki():  # type: ignore[no-untyped-def]
    root = authority()
    issuing = intermediate(root)
    return root, issuing, prosecutor(issuing), prosecutor(issuing, rsa_key=True)


def test_canonical_form_is_stable_and_sensitive() -> None:
    assert canonical(DECISION) == canonical(dict(reversed(list(DECISION.items()))))
    assert canonical(DECISION) != canonical(DECISION | {"decision": "refused"})


@pytest.mark.parametrize("which", [2, 3], ids=["ecdsa", "rsa"])
def test_a_good_signature_verifies_to_its_signer(pki, which: int) -> None:  # type: ignore[no-untyped-def]
    root, issuing, *signers = pki
    signer = signers[which - 2]
    signature = sign(canonical(DECISION), signer.certificate, signer.key, [issuing.certificate])
    verifier = CmsVerifier([root.certificate])
    who = verifier.verify(canonical(DECISION), signature)
    assert who.serial_number == signer.certificate.serial_number
    assert "Prosecutor Test" in who.subject
    # The certificate travels inside the signature: anyone can verify it again later.
    assert len(pkcs7.load_der_pkcs7_certificates(signature)) == 2
    # Without the intermediate in it, the server's own copy of the intermediate completes it.
    bare = sign(canonical(DECISION), signer.certificate, signer.key)
    with pytest.raises(SignatureInvalid, match="not trusted"):
        verifier.verify(canonical(DECISION), bare)
    assert CmsVerifier([root.certificate], [issuing.certificate]).verify(
        canonical(DECISION), bare).serial_number == signer.certificate.serial_number


def test_an_altered_decision_fails(pki) -> None:  # type: ignore[no-untyped-def]
    root, _, signer, _ = pki
    signature = sign(canonical(DECISION), signer.certificate, signer.key, [pki[1].certificate])
    with pytest.raises(SignatureInvalid, match="digest differs"):
        CmsVerifier([root.certificate]).verify(canonical(DECISION | {"decision": "refused"}),
                                               signature)


def test_a_forged_signature_fails(pki) -> None:  # type: ignore[no-untyped-def]
    root, issuing, signer, _ = pki
    impostor = prosecutor(issuing, "Impostor")
    # Signed with another key, but presenting the real prosecutor's certificate.
    forged = sign(canonical(DECISION), signer.certificate, impostor.key, [issuing.certificate])
    with pytest.raises(SignatureInvalid, match="does not match"):
        CmsVerifier([root.certificate]).verify(canonical(DECISION), forged)


def test_a_certificate_from_an_untrusted_ca_fails(pki) -> None:  # type: ignore[no-untyped-def]
    root, _, _, _ = pki
    rogue = intermediate(authority("Rogue Root"))
    stranger = prosecutor(rogue)
    signature = sign(canonical(DECISION), stranger.certificate, stranger.key, [rogue.certificate])
    with pytest.raises(SignatureInvalid, match="not trusted"):
        CmsVerifier([root.certificate]).verify(canonical(DECISION), signature)


def test_garbage_is_not_a_signature(pki) -> None:  # type: ignore[no-untyped-def]
    root, *_ = pki
    with pytest.raises(SignatureInvalid, match="not valid CMS"):
        CmsVerifier([root.certificate]).verify(canonical(DECISION), b"\x30\x03\x02\x01\x00")


def test_an_expired_certificate_fails(pki) -> None:  # type: ignore[no-untyped-def]
    root, issuing, signer, _ = pki
    signature = sign(canonical(DECISION), signer.certificate, signer.key, [issuing.certificate])
    later = signer.certificate.not_valid_after_utc + timedelta(days=1)
    with pytest.raises(SignatureInvalid, match="not trusted"):
        CmsVerifier([root.certificate]).verify(canonical(DECISION), signature, at=later)


def test_the_signed_bytes_are_rfc_8785_canonical_json() -> None:
    """The examples of RFC 8785 (§3.2.2 and §3.2.3): any verifier can make the same bytes."""
    from shared.signatures import canonical

    numbers = {"numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
               "string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
               "literals": [None, True, False]}
    assert canonical(numbers) == (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}').encode()
    order = {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet",
             "1": "One", "\U0001f600": "Emoji: Grinning Face", "\u0080": "Control",
             "\u00f6": "Latin Small Letter O With Diaeresis"}
    assert [key for key in orjson.loads(canonical(order))] == [
        "\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
    assert canonical({"amount_kzt": 100000.0, "n": 1e21, "small": 1e-7}) == \
        b'{"amount_kzt":100000,"n":1e+21,"small":1e-7}'
