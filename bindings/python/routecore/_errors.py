"""Exceptions: every ``routecore_result`` code has its own subclass of :class:`RoutecoreError`."""

from __future__ import annotations

from typing import NoReturn

from . import _ffi


class RoutecoreError(Exception):
    """Base class of every error raised by routecore. ``code`` is the ``routecore_result``."""

    code: int = -1

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class RouteBuildError(RoutecoreError):
    """The routes or the configuration did not build. ``errors`` holds every message."""

    code = _ffi.RESULT_BUILD_FAILED

    def __init__(self, errors: list[str]) -> None:
        self.errors: list[str] = list(errors)
        n = len(self.errors)
        head = f"routecore: {n} build error{'s' if n != 1 else ''}"
        super().__init__(head + "".join(f"\n  {m}" for m in self.errors))


class PanicError(RoutecoreError, RuntimeError):
    """routecore caught a panic (a bug in routecore). The handles involved stay valid."""

    code = _ffi.RESULT_PANIC


class NoDecisionError(RoutecoreError):
    """The context held no decision (internal: a match that failed)."""

    code = _ffi.RESULT_NO_DECISION


class InsufficientSizeError(RoutecoreError):
    """A buffer was too small (internal: the binding retries with a bigger one)."""

    code = _ffi.RESULT_INSUFFICIENT_SIZE


class RoutecoreValueError(RoutecoreError, ValueError):
    """A bad argument: the base of every argument error."""


class NullParameterError(RoutecoreValueError):
    """A required pointer was NULL (a bug in the binding, or a closed handle)."""

    code = _ffi.RESULT_NULL_PARAMETER


class InvalidUtf8Error(RoutecoreValueError):
    """Text that must be UTF-8 (a pattern, a file, a base path, the config) was not."""

    code = _ffi.RESULT_INVALID_UTF8


class LengthLimitError(RoutecoreValueError):
    """An input was over the ABI's bound (1 MiB per request field, 10,000 headers, ...)."""

    code = _ffi.RESULT_LENGTH_LIMIT


class InvalidArgumentError(RoutecoreValueError):
    """An argument was out of its range (route kind, dynamic value, method bit, revalidate)."""

    code = _ffi.RESULT_INVALID_ARGUMENT


class ClosedError(RoutecoreValueError):
    """The object was used after ``close()``: ``ValueError('... already closed')``."""


_BY_CODE: dict[int, type[RoutecoreError]] = {
    _ffi.RESULT_NULL_PARAMETER: NullParameterError,
    _ffi.RESULT_PANIC: PanicError,
    _ffi.RESULT_INVALID_UTF8: InvalidUtf8Error,
    _ffi.RESULT_LENGTH_LIMIT: LengthLimitError,
    _ffi.RESULT_INSUFFICIENT_SIZE: InsufficientSizeError,
    _ffi.RESULT_INVALID_ARGUMENT: InvalidArgumentError,
    _ffi.RESULT_NO_DECISION: NoDecisionError,
}


def error_for(code: int, what: str = "") -> RoutecoreError:
    """The exception for a non-zero ``routecore_result`` (not ``BUILD_FAILED``)."""
    cls = _BY_CODE.get(code, RoutecoreError)
    msg = _ffi.result_message(code)
    return cls(f"{what}: {msg}" if what else msg, code)


def raise_for(code: int, what: str = "") -> NoReturn:
    raise error_for(code, what)


def closed(what: str) -> ClosedError:
    return ClosedError(f"{what} already closed")
