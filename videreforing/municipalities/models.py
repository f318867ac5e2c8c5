from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    number = models.CharField(_("fylkesnummer"), max_length=2, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^[0-9]{2}$"), name="county_number_two_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Municipality(models.Model):
    number = models.CharField(_("kommunenummer"), max_length=4, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("fylke")
    )
    name_valid_from = models.DateField(_("navnet gjelder fra"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^[0-9]{4}$"),
                name="municipality_number_four_digits",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
