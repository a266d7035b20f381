"""What the dataset generator last loaded, so that ``make bench`` loads it only once."""

from django.db import models


class LoadedDataset(models.Model):
    """One row: the size and seed of the generated dataset in this database."""

    size = models.CharField(max_length=120)  # a preset with overrides spells them out
    seed = models.IntegerField()
    parameters = models.JSONField(default=dict)
    rows = models.JSONField(default=dict)  # table -> rows written
    seconds = models.FloatField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.size} (seed {self.seed})"
