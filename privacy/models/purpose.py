from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.Model):
    """A purpose of processing (doelbinding, covenant art. 5), defined per type of case meeting."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    legal_ground = models.CharField(_("grondslag"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("doel van de verwerking")
        verbose_name_plural = _("doelen van de verwerking")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
