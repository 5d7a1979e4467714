"""Units (单位), the names documents use for groups of them, and the people who work in them.

Work is tracked by unit, not by person: a task names units, and whoever holds a post in a unit
reports for it.
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    BUREAU = "bureau", _("District bureau")
    STREET = "street", _("Street office")
    TOWN = "town", _("Town")
    ZONE = "zone", _("Development zone or park")
    ENTERPRISE = "enterprise", _("State enterprise")
    BRANCH = "branch", _("City-level branch")
    OFFICE = "office", _("Office")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """A body that leads or carries out tasks: a bureau, a street office, a park, ..."""

    name = models.CharField(_("full name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.BUREAU)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    display_order = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.TextChoices):
    EXPLICIT = "explicit", _("Listed members")
    BY_KIND = "by_kind", _("All units of the chosen kinds")
    CONTEXTUAL = "contextual", _("Depends on where the work happens")
    UNSPECIFIED = "unspecified", _("Not specified")


class UnitGroup(models.Model):
    """A name a document uses for several units at once ("各街道", "属地街道", "各相关单位").

    Contextual groups (属地街道) mean "the street where the work happens" and unspecified ones
    (各相关单位) name nobody in particular; neither resolves to a fixed list of units.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    membership = models.CharField(
        _("who belongs"), max_length=20, choices=GroupMembership.choices, default=GroupMembership.EXPLICIT
    )
    members = models.ManyToManyField(Unit, verbose_name=_("members"), blank=True, related_name="unit_groups")
    member_kinds = models.JSONField(_("member kinds"), default=list, blank=True)
    display_order = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.member_kinds) - set(UnitKind.values)
        if unknown:
            raise ValidationError({"member_kinds": _("Unknown unit kinds: %s") % ", ".join(sorted(unknown))})
        if self.membership == GroupMembership.BY_KIND and not self.member_kinds:
            raise ValidationError({"member_kinds": _("Choose at least one kind of unit.")})

    def resolve_units(self) -> models.QuerySet:
        """The units this group stands for; empty for contextual and unspecified groups."""
        if self.membership == GroupMembership.EXPLICIT:
            return self.members.filter(is_active=True)
        if self.membership == GroupMembership.BY_KIND:
            return Unit.objects.filter(kind__in=self.member_kinds, is_active=True)
        return Unit.objects.none()


class UnitAlias(models.Model):
    """Another name under which a document may mention a unit or a group ("发改委" for "区发改委")."""

    name = models.CharField(_("name as written"), max_length=100, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    group = models.ForeignKey(
        UnitGroup, verbose_name=_("unit group"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="aliases",
    )

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(group__isnull=True))
                | (Q(unit__isnull=True) & Q(group__isnull=False)),
                name="alias_names_exactly_one_unit_or_group",
            )
        ]

    def __str__(self) -> str:
        return self.name


class GlobalRole(models.TextChoices):
    NONE = "", _("Unit member only")
    SUPERVISOR = "supervisor", _("Supervision office")
    LEADER = "leader", _("Leader (read only)")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    """A person who signs in. What they may do follows from their unit memberships and global role."""

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    global_role = models.CharField(
        _("global role"), max_length=20, choices=GlobalRole.choices, default=GlobalRole.NONE, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_supervisor(self) -> bool:
        return self.global_role == GlobalRole.SUPERVISOR

    @property
    def is_leader(self) -> bool:
        return self.global_role == GlobalRole.LEADER

    @property
    def is_administrator(self) -> bool:
        return self.global_role == GlobalRole.ADMINISTRATOR or self.is_superuser


class MembershipRole(models.TextChoices):
    STAFF = "staff", _("Staff")
    HEAD = "head", _("Unit head")


class Membership(models.Model):
    """A person's post in a unit: staff report progress, heads also approve."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.STAFF)

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="one_membership_per_user_and_unit")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.get_role_display()})"
