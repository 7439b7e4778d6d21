"""_ffi.py declares every function of include/routecore.h, with the header's arity and
compatible types, and its structs have the header's layout."""

from __future__ import annotations

import ctypes
import re
from typing import Any

import pytest

from conftest import HEADER
from routecore import _ffi


def header_functions() -> dict[str, tuple[str, list[str]]]:
    text = HEADER.read_text()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"^\s*#.*$", "", text, flags=re.M)
    out: dict[str, tuple[str, list[str]]] = {}
    for m in re.finditer(r"([A-Za-z_][\w\s\*]*?)\b(routecore_\w+)\s*\(([^;{}]*?)\)\s*;", text):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3).strip()
        args = [] if params in ("", "void") else [" ".join(p.split()) for p in params.split(",")]
        out[name] = (" ".join(ret.split()), args)
    return out


FUNCTIONS = header_functions()

SCALARS: dict[str, Any] = {
    "uint32_t": ctypes.c_uint32,
    "routecore_result": ctypes.c_uint32,
    "routecore_action": ctypes.c_uint32,
    "routecore_cache": ctypes.c_uint32,
    "uint16_t": ctypes.c_uint16,
    "uint64_t": ctypes.c_uint64,
    "int64_t": ctypes.c_int64,
    "size_t": ctypes.c_size_t,
    "bool": ctypes.c_bool,
    "struct routecore_str": _ffi.routecore_str,
    "struct routecore_pair": _ffi.routecore_pair,
}


def c_type(decl: str, is_return: bool) -> str:
    """The type part of a parameter declaration or a return type."""
    if is_return:
        return decl
    m = re.match(r"(.*?)\s*\b\w+$", decl)
    assert m, decl
    return m.group(1)


def compatible(ctype: str, declared: Any) -> bool:
    t = ctype.replace("const ", "").strip()
    if t == "void":
        return declared is None
    if "*" in t:
        # Any pointer: a handle (c_void_p), bytes (c_char_p) or a typed pointer.
        return declared in (ctypes.c_void_p, ctypes.c_char_p) or (
            isinstance(declared, type) and issubclass(declared, ctypes._Pointer)
        )
    return SCALARS.get(t) is declared


def test_header_parsed() -> None:
    assert len(FUNCTIONS) >= 59
    assert "routecore_match" in FUNCTIONS and "routecore_context_json" in FUNCTIONS


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_header_function_is_declared(name: str) -> None:
    assert name in _ffi.DECLARATIONS, f"{name} is in routecore.h but not declared in _ffi.py"
    ret, params = FUNCTIONS[name]
    restype, argtypes = _ffi.DECLARATIONS[name]
    assert len(argtypes) == len(params), f"{name}: {len(params)} parameters in the header"
    assert compatible(ret, restype), f"{name} returns {ret}, declared {restype}"
    for p, a in zip(params, argtypes):
        assert compatible(c_type(p, False), a), f"{name}: parameter {p!r} declared as {a}"
    fn = getattr(_ffi.lib, name)
    assert fn.restype is restype and list(fn.argtypes) == argtypes
    assert getattr(_ffi, name) is fn


def test_no_declaration_without_a_header_function() -> None:
    assert sorted(set(_ffi.DECLARATIONS) - set(FUNCTIONS)) == []


def test_struct_layouts() -> None:
    P = ctypes.sizeof(ctypes.c_void_p)
    assert ctypes.sizeof(_ffi.routecore_str) == 2 * P
    assert ctypes.sizeof(_ffi.routecore_pair) == 4 * P
    assert ctypes.sizeof(_ffi.routecore_header) == 4 * P
    assert ctypes.sizeof(_ffi.routecore_request) == 8 * P
    assert [f[0] for f in _ffi.routecore_request._fields_] == [
        "method", "method_len", "target", "target_len", "host", "host_len", "headers",
        "headers_len",
    ]
    assert [f[0] for f in _ffi.routecore_route_info._fields_] == [
        "pattern", "kind", "methods", "file", "id",
    ]


def test_constants_match_the_header() -> None:
    text = HEADER.read_text()
    for name in ("ABI_VERSION", "MAX_HEADERS", "METHOD_GET", "METHOD_PUT", "REVALIDATE_NEVER"):
        assert re.search(rf"#define ROUTECORE_{name}\b", text), name
    defines = dict(re.findall(r"#define ROUTECORE_(\w+) (.+)", text))
    for name, expr in defines.items():
        if hasattr(_ffi, name):
            assert getattr(_ffi, name) == eval(expr.replace("(", " (")), name  # noqa: S307
    enums = dict(re.findall(r"ROUTECORE_(\w+) = (\d+),", text))
    for name, value in enums.items():
        assert getattr(_ffi, name) == int(value), name
