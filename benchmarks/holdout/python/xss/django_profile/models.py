from django.db import models


class Profile(models.Model):
    nickname = models.CharField(max_length=40)
