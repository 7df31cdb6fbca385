"""A stand-in for NCALayer, the signing application on a prosecutor's computer: its local
WebSocket over TLS, answering as NCALayer does (the greeting, `getActiveTokens`,
`createCAdESFromBase64`), and signing with a key the test gives it — or refusing as the test
says (`mode`: "sign", "cancel"). The browser test drives the page against it."""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import json
import ssl
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from websockets.asyncio.server import ServerConnection, serve

from shared.signatures import sign
from tests.support.pki import Identity

MODULE = "kz.gov.pki.knca.commonUtils"


class StandInNcaLayer:
    def __init__(self) -> None:
        # Whose key it signs with, and the certificates it adds: set by the test.
        self.signer: Identity | None = None
        self.chain: list[x509.Certificate] = []
        self.mode = "sign"
        self.requests: list[dict[str, Any]] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Future[None] | None = None
        self.port = 0
        self._folder = tempfile.TemporaryDirectory(prefix="ncalayer-")
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"wss://127.0.0.1:{self.port}"

    def __enter__(self) -> StandInNcaLayer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the stand-in NCALayer did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set_result, None)
        self._thread.join(timeout=10)
        self._folder.cleanup()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        self._stop = self._loop.create_future()
        async with serve(self._answer, "127.0.0.1", 0, ssl=self._tls()) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            self._ready.set()
            await self._stop

    async def _answer(self, connection: ServerConnection) -> None:
        await connection.send(json.dumps({"result": {"version": "1.4"}}))
        async for message in connection:
            request = json.loads(message)
            self.requests.append(request)
            await connection.send(json.dumps(self._reply(request)))

    def _reply(self, request: dict[str, Any]) -> dict[str, Any]:
        if request.get("module") != MODULE:
            return {"code": "500", "message": "module not found"}
        if request.get("method") == "getActiveTokens":
            return {"code": "200", "responseObject": []}  # no hardware token: a key file
        if request.get("method") != "createCAdESFromBase64":
            return {"code": "500", "message": f"no method {request.get('method')}"}
        storage, key_type, data, attached = request["args"]
        if self.mode == "cancel":
            return {"code": "500", "message": "action.canceled"}
        assert (storage, key_type, attached) == ("PKCS12", "SIGNATURE", False), request
        assert self.signer is not None, "the test gives the stand-in a key first"
        signature = sign(base64.b64decode(data), self.signer.certificate, self.signer.key,
                         self.chain)
        return {"code": "200", "responseObject": base64.b64encode(signature).decode()}

    def _tls(self) -> ssl.SSLContext:
        """NCALayer's own certificate for 127.0.0.1 (a real one is installed with it; the test
        browser is told to accept this one)."""
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
        folder = Path(self._folder.name)
        (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        (folder / "key.pem").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
        return context
