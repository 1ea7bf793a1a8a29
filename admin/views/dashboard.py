"""The home page: questions per day, top services and categories, fallback rate, satisfaction."""
from __future__ import annotations

from flask_admin import AdminIndexView, expose
from sqlalchemy import func, select

from admin import charts
from admin.context import context, db
from admin.conversations import stats
from admin.models import Draft
from admin.views.base import StaffMixin
from services_db.models import Category, Service


class DashboardView(StaffMixin, AdminIndexView):
    @expose("/")
    def index(self) -> str:
        numbers = stats(context().gateway_engine)
        names = dict(db().execute(select(Service.id, Service.name)).all())
        categories = dict(db().execute(select(Category.id, Category.name)).all())
        top_services = [(names.get(k, k), v) for k, v in numbers.top_services]
        top_categories = [(categories.get(k, k), v) for k, v in numbers.top_categories]
        pending = db().scalar(select(func.count()).select_from(Draft).where(Draft.state == "review"))
        return self.render(
            "admin/isz/dashboard.html", numbers=numbers, pending=pending,
            top_services=top_services, top_categories=top_categories,
            per_day=charts.columns("每日提问数（近30天）", numbers.days, numbers.questions_per_day),
            fallback=charts.columns("每日未能回答的比例（近30天）", numbers.days, numbers.fallback_per_day,
                                    percent=True),
            services_chart=charts.bars("被问最多的办事指南", top_services),
            categories_chart=charts.bars("被问最多的类别", top_categories))
