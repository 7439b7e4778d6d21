"""The C ABI of libroutecore (``include/routecore.h``), declared for ctypes.

Every ``routecore_*`` function of the header is declared here with its ``argtypes`` and
``restype`` (``tests/test_ffi_decls.py`` fails when the header gains a function this module
does not declare, or when an arity differs). Nothing else in the package calls the library
without going through the names below.

The library is found in this order:

1. the ``ROUTECORE_LIBRARY`` environment variable (a path to the shared library);
2. the copy bundled in the package (``routecore/libroutecore.so`` in a wheel);
3. ``ctypes.util.find_library("routecore")`` (a system-wide install).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from ctypes import (
    POINTER,
    Structure,
    c_bool,
    c_char,
    c_char_p,
    c_int64,
    c_size_t,
    c_uint16,
    c_uint32,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any

#: The ABI version this module was written against (``ROUTECORE_ABI_VERSION``).
ABI_VERSION = 1

# ---- constants (the numbers are part of the ABI) ----

MAX_HEADERS = 10000
MAX_INPUT_BYTES = 1 << 20
MAX_CONFIG_BYTES = 256 << 20
MAX_PATH_BYTES = 64 << 10

METHOD_DELETE = 1 << 0
METHOD_GET = 1 << 1
METHOD_HEAD = 1 << 2
METHOD_OPTIONS = 1 << 3
METHOD_PATCH = 1 << 4
METHOD_POST = 1 << 5
METHOD_PUT = 1 << 6

REVALIDATE_UNSET = -1
REVALIDATE_NEVER = -2

RESULT_OK = 0
RESULT_NULL_PARAMETER = 1
RESULT_PANIC = 2
RESULT_INVALID_UTF8 = 3
RESULT_LENGTH_LIMIT = 4
RESULT_INSUFFICIENT_SIZE = 5
RESULT_BUILD_FAILED = 6
RESULT_INVALID_ARGUMENT = 7
RESULT_NO_DECISION = 8

ACTION_ROUTE = 0
ACTION_REDIRECT = 1
ACTION_REWRITE_EXTERNAL = 2
ACTION_RESPOND = 3
ACTION_OPTIONS = 4
ACTION_METHOD_NOT_ALLOWED = 5
ACTION_NOT_FOUND = 6
ACTION_BAD_REQUEST = 7
ACTION_NONE = 255

CACHE_NONE = 0
CACHE_STATIC = 1
CACHE_DYNAMIC = 2

ROUTE_KIND_ROUTE = 0
ROUTE_KIND_PAGE = 1
ROUTE_KIND_METADATA = 2

#: The layout of ``routecore_context_packed`` (see its comment in routecore.h).
PACKED_VERSION = 1
PACKED_HEADER_SIZE = 64
PACKED_FIXED_SLOTS = 7
PACKED_ABSENT = 0xFFFFFFFF
PACKED_SINGLE = 0xFFFFFFFF
PACKED_ROUTE = 1 << 0
PACKED_MIDDLEWARE = 1 << 1
PACKED_HEAD_VIA_GET = 1 << 2
PACKED_REVALIDATE = 1 << 3
PACKED_FILE = 1 << 4
PACKED_PATHNAME = 1 << 5
PACKED_LOCATION = 1 << 6
PACKED_ALLOW = 1 << 7
PACKED_BODY = 1 << 8
PACKED_PARAM_LISTS = 1 << 9
PACKED_QUERY_LISTS = 1 << 10
PACKED_REMOVALS = 1 << 11

#: Bytes before the packed decision in ``routecore_match_args_packed``'s buffer.
MATCH_ARGS_PREFIX = 16
#: ``routecore_find_args``: its header's size and flags.
FIND_HEADER_SIZE = 32
FIND_LISTS = 1 << 0
FIND_NUL = 1 << 1

DYNAMIC_AUTO = 0
DYNAMIC_FORCE_DYNAMIC = 1
DYNAMIC_FORCE_STATIC = 2
DYNAMIC_ERROR = 3

# ---- structs ----


class routecore_str(Structure):
    """A borrowed view ``{ptr, len}``; ``ptr`` is ``None`` when the value is absent."""

    _fields_ = [("ptr", c_void_p), ("len", c_size_t)]


class routecore_pair(Structure):
    """A (name, value) pair of views."""

    _fields_ = [("name", routecore_str), ("value", routecore_str)]


class routecore_param_entry(Structure):
    """One value of one param (``routecore_context_params``)."""

    _fields_ = [
        ("name", routecore_str),
        ("value", routecore_str),
        ("index", c_uint32),
        ("count", c_uint32),
        ("catch_all", c_bool),
    ]


class routecore_summary(Structure):
    """A decision's scalar fields (``routecore_context_summary``; declared so that every
    header function is, unused by this package)."""

    _fields_ = [
        ("route_id", c_uint64),
        ("action", c_uint32),
        ("cache", c_uint32),
        ("route_kind", c_uint32),
        ("revalidate", c_uint32),
        ("reason", c_uint32),
        ("param_count", c_uint32),
        ("query_count", c_uint32),
        ("request_header_count", c_uint32),
        ("response_header_count", c_uint32),
        ("vary_count", c_uint32),
        ("status", c_uint16),
        ("has_route", c_bool),
        ("has_revalidate", c_bool),
        ("middleware", c_bool),
        ("head_via_get", c_bool),
        ("pathname", routecore_str),
    ]


class routecore_header(Structure):
    """One request header as (pointer, length) views of the caller's bytes."""

    _fields_ = [
        ("name", c_char_p),
        ("name_len", c_size_t),
        ("value", c_char_p),
        ("value_len", c_size_t),
    ]


class routecore_request(Structure):
    """One request: (pointer, length) views of the caller's bytes, read only during the call."""

    _fields_ = [
        ("method", c_char_p),
        ("method_len", c_size_t),
        ("target", c_char_p),
        ("target_len", c_size_t),
        ("host", c_char_p),
        ("host_len", c_size_t),
        ("headers", POINTER(routecore_header)),
        ("headers_len", c_size_t),
    ]


class routecore_match_args(Structure):
    """The unchanging arguments of a packed match (``routecore_match_args_packed``), filled once
    per router and thread; ``needed`` is written back by each match."""

    _fields_ = [
        ("router", c_void_p),
        ("shared", c_void_p),
        ("ctx", c_void_p),
        ("buf", c_void_p),
        ("len", c_size_t),
        ("needed", c_size_t),
    ]


class routecore_route_info(Structure):
    """One route of a built table (``routecore_router_route``)."""

    _fields_ = [
        ("pattern", routecore_str),
        ("kind", c_uint32),
        ("methods", c_uint32),
        ("file", routecore_str),
        ("id", c_uint64),
    ]


# ---- finding and loading the library ----

ENV_VAR = "ROUTECORE_LIBRARY"

if sys.platform == "darwin":
    LIBRARY_FILE = "libroutecore.dylib"
elif sys.platform == "win32":
    LIBRARY_FILE = "routecore.dll"
else:
    LIBRARY_FILE = "libroutecore.so"

#: Where the wheel bundles the library.
BUNDLED_PATH = Path(__file__).resolve().parent / LIBRARY_FILE


class LibraryNotFoundError(ImportError):
    """libroutecore could not be found or loaded; the message names every place looked at."""


def _load() -> tuple[ctypes.CDLL, str]:
    env = os.environ.get(ENV_VAR)
    if env:
        try:
            return ctypes.CDLL(env), env
        except OSError as e:
            raise LibraryNotFoundError(
                f"{ENV_VAR}={env!r} could not be loaded: {e}. Unset it to use the bundled copy "
                f"({BUNDLED_PATH}) or a system-wide libroutecore."
            ) from e
    tried = [f"1. the {ENV_VAR} environment variable: not set"]
    if BUNDLED_PATH.is_file():
        try:
            return ctypes.CDLL(str(BUNDLED_PATH)), str(BUNDLED_PATH)
        except OSError as e:
            tried.append(f"2. the bundled copy {BUNDLED_PATH}: {e}")
    else:
        tried.append(f"2. the bundled copy {BUNDLED_PATH}: not found")
    found = ctypes.util.find_library("routecore")
    if found:
        try:
            return ctypes.CDLL(found), found
        except OSError as e:
            tried.append(f'3. ctypes.util.find_library("routecore") -> {found}: {e}')
    else:
        tried.append('3. ctypes.util.find_library("routecore"): not found')
    raise LibraryNotFoundError(
        "libroutecore was not found. Looked at:\n  "
        + "\n  ".join(tried)
        + f"\nBuild it with `make lib` in the routecore repository and set {ENV_VAR} to "
        f"target/release/{LIBRARY_FILE}, or install a wheel that bundles it."
    )


lib, LIBRARY_PATH = _load()

# ---- declarations: every function of include/routecore.h ----

_Handle = c_void_p
_StrP = c_char_p  # an input (pointer, length) view of Python bytes
# `const routecore_request *`: an address (the binding packs requests into a per-thread buffer
# with struct.pack_into) or `ctypes.byref(routecore_request(...))`.
_RequestP = c_void_p
# `char *buf` / `uint8_t *buf` of the JSON and packed writers: an address into a per-thread
# buffer, or a ctypes char array.
_BufP = c_void_p

#: name -> (restype, argtypes), in header order. The test against the header reads this.
DECLARATIONS: dict[str, tuple[Any, list[Any]]] = {
    "routecore_abi_version": (c_uint32, []),
    "routecore_version": (c_char_p, []),
    "routecore_context_new": (_Handle, []),
    "routecore_context_free": (None, [_Handle]),
    "routecore_match": (c_uint32, [_Handle, _Handle, _RequestP]),
    "routecore_shared_match": (c_uint32, [_Handle, _Handle, _RequestP]),
    "routecore_context_action": (c_uint32, [_Handle]),
    "routecore_context_action_name": (routecore_str, [_Handle]),
    "routecore_context_status": (c_uint16, [_Handle]),
    "routecore_context_route_id": (c_bool, [_Handle, POINTER(c_uint64)]),
    "routecore_context_route_pattern": (routecore_str, [_Handle]),
    "routecore_context_route_kind": (c_uint32, [_Handle]),
    "routecore_context_route_kind_name": (routecore_str, [_Handle]),
    "routecore_context_route_file": (routecore_str, [_Handle]),
    "routecore_context_param_count": (c_size_t, [_Handle]),
    "routecore_context_param_name": (routecore_str, [_Handle, c_size_t]),
    "routecore_context_param_is_catch_all": (c_bool, [_Handle, c_size_t]),
    "routecore_context_param_value_count": (c_size_t, [_Handle, c_size_t]),
    "routecore_context_param_value": (routecore_str, [_Handle, c_size_t, c_size_t]),
    "routecore_context_param": (routecore_str, [_Handle, _StrP, c_size_t]),
    "routecore_context_param_index": (
        c_bool,
        [_Handle, _StrP, c_size_t, POINTER(c_size_t)],
    ),
    "routecore_context_pathname": (routecore_str, [_Handle]),
    "routecore_context_query_count": (c_size_t, [_Handle]),
    "routecore_context_query": (routecore_pair, [_Handle, c_size_t]),
    "routecore_context_location": (routecore_str, [_Handle]),
    "routecore_context_allow": (routecore_str, [_Handle]),
    "routecore_context_request_header_count": (c_size_t, [_Handle]),
    "routecore_context_request_header": (routecore_pair, [_Handle, c_size_t]),
    "routecore_context_response_header_count": (c_size_t, [_Handle]),
    "routecore_context_response_header": (routecore_pair, [_Handle, c_size_t]),
    "routecore_context_body": (routecore_str, [_Handle]),
    "routecore_context_middleware": (c_bool, [_Handle]),
    "routecore_context_cache": (c_uint32, [_Handle]),
    "routecore_context_revalidate": (c_bool, [_Handle, POINTER(c_uint32)]),
    "routecore_context_head_via_get": (c_bool, [_Handle]),
    "routecore_context_vary_count": (c_size_t, [_Handle]),
    "routecore_context_vary": (routecore_str, [_Handle, c_size_t]),
    "routecore_context_reason": (c_uint32, [_Handle]),
    "routecore_reason_code": (routecore_str, [c_uint32]),
    "routecore_reason_text": (routecore_str, [c_uint32]),
    "routecore_context_json": (
        c_uint32,
        [_Handle, _BufP, c_size_t, POINTER(c_size_t)],
    ),
    "routecore_errors_new": (_Handle, []),
    "routecore_errors_free": (None, [_Handle]),
    "routecore_errors_count": (c_size_t, [_Handle]),
    "routecore_errors_message": (routecore_str, [_Handle, c_size_t]),
    "routecore_context_packed": (
        c_uint32,
        [_Handle, _BufP, c_size_t, POINTER(c_size_t)],
    ),
    "routecore_match_packed": (
        c_uint32,
        [_Handle, _Handle, _RequestP, _BufP, c_size_t, POINTER(c_size_t)],
    ),
    "routecore_shared_match_packed": (
        c_uint32,
        [_Handle, _Handle, _RequestP, _BufP, c_size_t, POINTER(c_size_t)],
    ),
    "routecore_match_target_packed": (
        c_uint32,
        [_Handle, _Handle, _StrP, c_size_t, _StrP, c_size_t, _BufP, c_size_t, POINTER(c_size_t)],
    ),
    "routecore_shared_match_target_packed": (
        c_uint32,
        [_Handle, _Handle, _StrP, c_size_t, _StrP, c_size_t, _BufP, c_size_t, POINTER(c_size_t)],
    ),
    "routecore_context_params": (
        c_uint32,
        [_Handle, POINTER(routecore_param_entry), c_size_t, POINTER(c_size_t)],
    ),
    "routecore_context_summary": (c_uint32, [_Handle, POINTER(routecore_summary)]),
    "routecore_match_args_packed": (
        c_uint32,
        [POINTER(routecore_match_args), _StrP, c_uint32, _StrP, c_uint32],
    ),
    "routecore_match_args_request_packed": (
        c_uint32,
        [POINTER(routecore_match_args), _RequestP],
    ),
    "routecore_match_args_fields_packed": (
        c_uint32,
        [POINTER(routecore_match_args), _StrP, c_uint32, c_uint32],
    ),
    "routecore_find_args": (
        c_uint32,
        [POINTER(routecore_match_args), _StrP, c_uint32, _StrP, c_uint32],
    ),
    "routecore_result_message": (
        c_uint32,
        [c_uint32, POINTER(c_char), c_size_t, POINTER(c_size_t)],
    ),
    "routecore_builder_new": (_Handle, []),
    "routecore_builder_free": (None, [_Handle]),
    "routecore_builder_add_route": (
        c_uint32,
        [_Handle, _StrP, c_size_t, c_uint32, c_uint32, c_uint32, c_int64, c_uint64, _StrP, c_size_t],
    ),
    "routecore_builder_set_base_path": (c_uint32, [_Handle, _StrP, c_size_t]),
    "routecore_builder_set_trailing_slash": (c_uint32, [_Handle, c_bool]),
    "routecore_builder_set_skip_trailing_slash_redirect": (c_uint32, [_Handle, c_bool]),
    "routecore_builder_build": (c_uint32, [_Handle, POINTER(c_void_p), _Handle]),
    "routecore_router_from_config": (
        c_uint32,
        [_StrP, c_size_t, POINTER(c_void_p), _Handle],
    ),
    "routecore_router_load": (c_uint32, [_StrP, c_size_t, POINTER(c_void_p), _Handle]),
    "routecore_router_free": (None, [_Handle]),
    "routecore_router_route_count": (c_size_t, [_Handle]),
    "routecore_router_route": (
        c_uint32,
        [_Handle, c_size_t, POINTER(routecore_route_info)],
    ),
    "routecore_shared_new": (c_uint32, [_Handle, POINTER(c_void_p)]),
    "routecore_shared_swap": (c_uint32, [_Handle, _Handle]),
    "routecore_shared_load": (c_uint32, [_Handle, POINTER(c_void_p)]),
    "routecore_shared_free": (None, [_Handle]),
}


def _declare(name: str) -> Any:
    restype, argtypes = DECLARATIONS[name]
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = argtypes
    return fn


routecore_abi_version = _declare("routecore_abi_version")
routecore_version = _declare("routecore_version")
routecore_context_new = _declare("routecore_context_new")
routecore_context_free = _declare("routecore_context_free")
routecore_match = _declare("routecore_match")
routecore_shared_match = _declare("routecore_shared_match")
routecore_context_action = _declare("routecore_context_action")
routecore_context_action_name = _declare("routecore_context_action_name")
routecore_context_status = _declare("routecore_context_status")
routecore_context_route_id = _declare("routecore_context_route_id")
routecore_context_route_pattern = _declare("routecore_context_route_pattern")
routecore_context_route_kind = _declare("routecore_context_route_kind")
routecore_context_route_kind_name = _declare("routecore_context_route_kind_name")
routecore_context_route_file = _declare("routecore_context_route_file")
routecore_context_param_count = _declare("routecore_context_param_count")
routecore_context_param_name = _declare("routecore_context_param_name")
routecore_context_param_is_catch_all = _declare("routecore_context_param_is_catch_all")
routecore_context_param_value_count = _declare("routecore_context_param_value_count")
routecore_context_param_value = _declare("routecore_context_param_value")
routecore_context_param = _declare("routecore_context_param")
routecore_context_param_index = _declare("routecore_context_param_index")
routecore_context_pathname = _declare("routecore_context_pathname")
routecore_context_query_count = _declare("routecore_context_query_count")
routecore_context_query = _declare("routecore_context_query")
routecore_context_location = _declare("routecore_context_location")
routecore_context_allow = _declare("routecore_context_allow")
routecore_context_request_header_count = _declare("routecore_context_request_header_count")
routecore_context_request_header = _declare("routecore_context_request_header")
routecore_context_response_header_count = _declare("routecore_context_response_header_count")
routecore_context_response_header = _declare("routecore_context_response_header")
routecore_context_body = _declare("routecore_context_body")
routecore_context_middleware = _declare("routecore_context_middleware")
routecore_context_cache = _declare("routecore_context_cache")
routecore_context_revalidate = _declare("routecore_context_revalidate")
routecore_context_head_via_get = _declare("routecore_context_head_via_get")
routecore_context_vary_count = _declare("routecore_context_vary_count")
routecore_context_vary = _declare("routecore_context_vary")
routecore_context_reason = _declare("routecore_context_reason")
routecore_reason_code = _declare("routecore_reason_code")
routecore_reason_text = _declare("routecore_reason_text")
routecore_context_json = _declare("routecore_context_json")
routecore_errors_new = _declare("routecore_errors_new")
routecore_errors_free = _declare("routecore_errors_free")
routecore_errors_count = _declare("routecore_errors_count")
routecore_errors_message = _declare("routecore_errors_message")
routecore_context_packed = _declare("routecore_context_packed")
routecore_match_packed = _declare("routecore_match_packed")
routecore_shared_match_packed = _declare("routecore_shared_match_packed")
routecore_match_target_packed = _declare("routecore_match_target_packed")
routecore_shared_match_target_packed = _declare("routecore_shared_match_target_packed")
routecore_context_params = _declare("routecore_context_params")
routecore_context_summary = _declare("routecore_context_summary")
routecore_match_args_packed = _declare("routecore_match_args_packed")
routecore_match_args_request_packed = _declare("routecore_match_args_request_packed")
routecore_match_args_fields_packed = _declare("routecore_match_args_fields_packed")
routecore_find_args = _declare("routecore_find_args")
routecore_result_message = _declare("routecore_result_message")
routecore_builder_new = _declare("routecore_builder_new")
routecore_builder_free = _declare("routecore_builder_free")
routecore_builder_add_route = _declare("routecore_builder_add_route")
routecore_builder_set_base_path = _declare("routecore_builder_set_base_path")
routecore_builder_set_trailing_slash = _declare("routecore_builder_set_trailing_slash")
routecore_builder_set_skip_trailing_slash_redirect = _declare(
    "routecore_builder_set_skip_trailing_slash_redirect"
)
routecore_builder_build = _declare("routecore_builder_build")
routecore_router_from_config = _declare("routecore_router_from_config")
routecore_router_load = _declare("routecore_router_load")
routecore_router_free = _declare("routecore_router_free")
routecore_router_route_count = _declare("routecore_router_route_count")
routecore_router_route = _declare("routecore_router_route")
routecore_shared_new = _declare("routecore_shared_new")
routecore_shared_swap = _declare("routecore_shared_swap")
routecore_shared_load = _declare("routecore_shared_load")
routecore_shared_free = _declare("routecore_shared_free")



def _undeclared(name: str) -> Any:
    """A second function object for ``name`` with ``restype`` set and no ``argtypes``: the
    hot-path twin of a declared function.

    With ``argtypes``, ctypes calls each type's ``from_param`` per argument (about 70 ns each
    here, more than the match itself). Without, it passes ctypes instances as their own C type
    and ``bytes`` as ``const char *`` directly. The price is that nothing checks the arguments:
    callers pass exactly ``c_void_p`` for handles and addresses, ``c_size_t`` for sizes,
    ``bytes`` for ``const char *`` views and ``byref(c_size_t)`` for ``size_t *`` (never a Python
    ``int``, which ctypes would pass as a 32-bit C ``int``). Only ``_router.py``'s match path
    uses these."""
    fn = lib[name]  # a new function object: the declared one keeps its argtypes
    fn.restype = DECLARATIONS[name][0]
    return fn


#: The match functions of the hot path, without argtypes (see ``_undeclared``).
fast_match_target_packed = _undeclared("routecore_match_target_packed")
fast_shared_match_target_packed = _undeclared("routecore_shared_match_target_packed")
fast_match_packed = _undeclared("routecore_match_packed")
fast_shared_match_packed = _undeclared("routecore_shared_match_packed")
fast_match_args_request_packed = _undeclared("routecore_match_args_request_packed")
#: ``routecore_match_args_packed`` releasing the GIL: for long targets (see below).
fast_match_args_packed_released = _undeclared("routecore_match_args_packed")
#: ``routecore_match_args_fields_packed`` releasing the GIL: for long requests (see below).
fast_match_args_fields_packed_released = _undeclared("routecore_match_args_fields_packed")

#: The library again, loaded as a ``PyDLL``: its functions keep the GIL during the call
#: instead of releasing it and taking it back (about 35 ns per call here, more than a short
#: match's native work). Only for calls whose work is bounded by a short input.
_pylib = ctypes.PyDLL(LIBRARY_PATH)


def _undeclared_gil(name: str) -> Any:
    """``_undeclared(name)``, calling with the GIL held (see ``_pylib``)."""
    fn = _pylib[name]
    fn.restype = DECLARATIONS[name][0]
    return fn


#: ``routecore_match_args_packed`` without argtypes and with the GIL held: the one call of
#: ``Router.match`` for a short target (``_router._HOLD_GIL`` bytes or fewer).
fast_match_args_packed = _undeclared_gil("routecore_match_args_packed")
#: ``routecore_match_args_fields_packed`` the same way: a request with a host or headers
#: whose fields join to ``_router._HOLD_GIL`` bytes or fewer.
fast_match_args_fields_packed = _undeclared_gil("routecore_match_args_fields_packed")
#: ``routecore_find_args`` the same two ways (``Router.find``).
fast_find_args = _undeclared_gil("routecore_find_args")
fast_find_args_released = _undeclared("routecore_find_args")

if routecore_abi_version() != ABI_VERSION:
    raise LibraryNotFoundError(
        f"{LIBRARY_PATH} has ABI version {routecore_abi_version()}, this package needs "
        f"{ABI_VERSION}: install matching versions of the package and libroutecore"
    )


def view(s: routecore_str) -> bytes | None:
    """Copies a view's bytes (``None`` when absent)."""
    if s.ptr is None:
        return None
    return ctypes.string_at(s.ptr, s.len) if s.len else b""


def text(s: routecore_str) -> str | None:
    """Copies a UTF-8 view into a ``str`` (``None`` when absent)."""
    if s.ptr is None:
        return None
    return ctypes.string_at(s.ptr, s.len).decode() if s.len else ""


def result_message(code: int) -> str:
    """``routecore_result_message`` for any code."""
    n = c_size_t(0)
    buf = ctypes.create_string_buffer(256)
    r = routecore_result_message(code, buf, len(buf), ctypes.byref(n))
    if r == RESULT_INSUFFICIENT_SIZE:
        buf = ctypes.create_string_buffer(n.value + 1)
        routecore_result_message(code, buf, len(buf), ctypes.byref(n))
    return buf.raw[: n.value].decode("utf-8", "replace")
