"""Joint Training Base Portal (研究生联合培养基地管理平台)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
