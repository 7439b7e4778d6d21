"""routecore: HTTP routing with Next.js App Router semantics, over libroutecore's C ABI.

>>> import routecore
>>> router = routecore.Router.from_config({"routes": [{"pattern": "/blog/[slug]", "kind": "page"}]})
>>> d = router.match("GET", "/blog/hello")
>>> (d.action, d.route.pattern, d.params)
(<Action.ROUTE: 'route'>, '/blog/[slug]', {'slug': 'hello'})
"""

from __future__ import annotations

from ._errors import (
    ClosedError,
    InsufficientSizeError,
    InvalidArgumentError,
    InvalidUtf8Error,
    LengthLimitError,
    NoDecisionError,
    NullParameterError,
    PanicError,
    RouteBuildError,
    RoutecoreError,
    RoutecoreValueError,
)
from ._ffi import LIBRARY_PATH, LibraryNotFoundError
from ._router import (
    Action,
    Builder,
    Cache,
    Decision,
    Headers,
    Reason,
    Route,
    RouteInfo,
    RouteKind,
    Router,
    SharedRouter,
    library_version,
)

__version__ = "0.1.0"

__all__ = [
    "LIBRARY_PATH",
    "Action",
    "Builder",
    "Cache",
    "ClosedError",
    "Decision",
    "Headers",
    "InsufficientSizeError",
    "InvalidArgumentError",
    "InvalidUtf8Error",
    "LengthLimitError",
    "LibraryNotFoundError",
    "NoDecisionError",
    "NullParameterError",
    "PanicError",
    "Reason",
    "Route",
    "RouteBuildError",
    "RouteInfo",
    "RouteKind",
    "Router",
    "RoutecoreError",
    "RoutecoreValueError",
    "SharedRouter",
    "library_version",
]
