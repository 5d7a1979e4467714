"""The office that signs what the site prints (the 督办单, the 通报), from the settings: a district sets its own
name once instead of finding a fixed one on its papers."""

from django.conf import settings
from django.utils.translation import gettext as _


def district_name() -> str:
    return settings.DUBAN_DISTRICT_NAME.strip()


def issuing_office() -> str:
    """DUBAN_ISSUING_OFFICE as set; else the district's supervision office by the district's name; else the
    generic name, for a site that has set neither."""
    office = settings.DUBAN_ISSUING_OFFICE.strip()
    if office:
        return office
    if district_name():
        return _("%(district)s government supervision office") % {"district": district_name()}
    return _("District supervision office")
