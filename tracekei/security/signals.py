from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import TwoFactorPolicy
from .selectors import ANY_REQUIREMENT_KEY


@receiver(post_save, sender=TwoFactorPolicy)
@receiver(post_delete, sender=TwoFactorPolicy)
def forget_cached_requirement(**kwargs) -> None:
    # Now, and again once committed: a request in between may have cached the old answer.
    cache.delete(ANY_REQUIREMENT_KEY)
    transaction.on_commit(lambda: cache.delete(ANY_REQUIREMENT_KEY))
