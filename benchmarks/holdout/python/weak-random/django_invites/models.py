from django.db import models


class Invite(models.Model):
    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)
    token = models.BigIntegerField()
