"""Every URL pattern of the site, found by walking the resolver, so views added later are covered too."""

import re
from dataclasses import dataclass
from itertools import product

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the pattern itself when unnamed
    parts: tuple  # the pattern objects from the root to the view
    callback: object

    @property
    def public(self) -> bool:
        """Marked @login_not_required (Django's LoginRequiredMiddleware lets it through)."""
        return getattr(self.callback, "login_required", True) is False

    @property
    def is_api(self) -> bool:
        """A DRF view: it authenticates inside the view (tokens too) and answers 401/403 itself."""
        return hasattr(self.callback, "cls") and hasattr(self.callback.cls, "authentication_classes")

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or str(self.parts[0]).startswith("admin/")

    @property
    def parameters(self) -> list[tuple[str, str]]:
        found = []
        for pattern in self.parts:
            if isinstance(pattern, RoutePattern):
                found += [(m["name"], m["converter"] or "str") for m in ROUTE_PARAMETER.finditer(str(pattern))]
            elif isinstance(pattern, RegexPattern):
                found += [(m["name"], "regex") for m in REGEX_GROUP.finditer(str(pattern))]
        return found

    def urls(self, values: dict[str, list[str]], default: list[str]) -> list[str]:
        """Concrete paths: each parameter takes each of its candidate values (values[name], or default)."""
        names = [name for name, _converter in self.parameters]
        choices = [values.get(name, default) for name in names]
        paths = []
        for combination in product(*choices):
            chosen = dict(zip(names, combination, strict=True))
            path = "/" + "".join(_fill(pattern, chosen) for pattern in self.parts)
            if path is not None and "\0" not in path:
                paths.append(path)
        return paths


def _fill(pattern, chosen: dict[str, str]) -> str:
    text = str(pattern.pattern) if hasattr(pattern, "pattern") else str(pattern)
    if isinstance(pattern, RegexPattern):
        def group(match):
            value = chosen[match["name"]]
            return value if re.fullmatch(match["body"], value) else "\0"
        text = REGEX_GROUP.sub(group, text)
        return text.lstrip("^").rstrip("$").replace("\\", "")
    return ROUTE_PARAMETER.sub(lambda m: chosen[m["name"]], text)


def all_routes() -> list[Route]:
    routes = []

    def walk(resolver, parents: tuple, namespace: str):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, (*parents, entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                parts = (*parents, entry.pattern)
                name = f"{namespace}{entry.name}" if entry.name else "".join(str(p) for p in parts)
                routes.append(Route(name=name, parts=parts, callback=entry.callback))

    walk(get_resolver(), (), "")
    return routes
