"""System checks for settings that would expose data."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


def _inside(child: Path, parent: Path) -> bool:
    child, parent = child.resolve(), parent.resolve()
    return child == parent or parent in child.parents or child in parent.parents


@register("security", deploy=False)
def uploads_are_not_static(app_configs, **kwargs):
    """Uploads must never be reachable as static files, which anyone can fetch without logging in."""
    media = Path(settings.MEDIA_ROOT)
    static_places = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    static_places += [Path(p[1] if isinstance(p, tuple) else p) for p in settings.STATICFILES_DIRS]
    return [
        Error(
            f"MEDIA_ROOT ({media}) overlaps the static files folder {place}: uploads would be served to anyone.",
            hint="Set MEDIA_ROOT to a folder outside STATIC_ROOT and STATICFILES_DIRS.",
            id="duban.E001",
        )
        for place in static_places if _inside(media, place)
    ]
