"""Which Qadagalau this is: the installed package's version (`qadagalau --version`, the
`qadagalau_build_info` metric, the API's own version)."""

from __future__ import annotations

from importlib import metadata


def version() -> str:
    try:
        return metadata.version("qadagalau")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"
