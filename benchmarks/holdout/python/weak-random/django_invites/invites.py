import random

from .models import Invite

rng = random.SystemRandom()


def create_invite(user):
    # ruleid: weak-random
    Invite.objects.create(owner=user, token=random.randint(10**8, 10**9))


def create_invite_safe(user):
    # ok: weak-random
    Invite.objects.create(owner=user, token=rng.randint(10**8, 10**9))


def shuffle_gallery(photos):
    # ok: weak-random
    order = random.sample(photos, k=len(photos))
    return order
