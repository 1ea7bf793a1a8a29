"""WTForms built from :mod:`admin.entities`, all with Flask-WTF's CSRF token and Chinese messages."""
from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from admin import entities
from admin.entities import Entity


class ChineseForm(FlaskForm):
    """Every admin form: CSRF-protected, with WTForms' own Chinese error messages."""

    class Meta:
        locales = ("zh",)


class LinesField(TextAreaField):
    """A list of strings typed one per line (aliases, questions, materials…)."""

    def _value(self) -> str:
        if isinstance(self.data, list | tuple):
            return "\n".join(str(item) for item in self.data)
        return super()._value()

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = valuelist[0] if valuelist else ""
        self.data = [line.strip() for line in str(text).splitlines() if line.strip()]


def _field(spec: entities.Field) -> Any:
    validators = [DataRequired(message=f"请填写“{spec.label}”")] if spec.required else []
    options = {"label": spec.label, "description": spec.help, "validators": validators}
    if spec.kind == "lines":
        return LinesField(render_kw={"rows": 4}, **options)
    if spec.kind == "textarea":
        return TextAreaField(render_kw={"rows": 5}, **options)
    if spec.kind == "choice":
        return SelectField(choices=[], validate_choice=True, **options)
    return StringField(**options)


def entity_form(entity: Entity) -> type[ChineseForm]:
    """The edit form of an entity: its fields plus the hidden lock (see workflow.Lock)."""
    attrs: dict[str, Any] = {f.name: _field(f) for f in entity.fields}
    attrs["lock"] = HiddenField()
    return type(f"{entity.name.title()}Form", (ChineseForm,), attrs)


def fill_choices(form: ChineseForm, session: Session, entity: Entity) -> None:
    for spec in entity.fields:
        if spec.kind == "choice":
            form[spec.name].choices = entities.choices(session, entity, spec.name)


def form_values(form: ChineseForm, entity: Entity) -> dict[str, Any]:
    return {name: form[name].data for name in entity.field_names}


class LoginForm(ChineseForm):
    name = StringField("用户名", validators=[DataRequired(message="请输入用户名"), Length(max=64)])
    password = PasswordField("密码", validators=[DataRequired(message="请输入密码"), Length(max=256)])


class ActionForm(ChineseForm):
    """A bare form for buttons that POST (publish, reject, rollback…): only the CSRF token and a lock."""

    lock = HiddenField()
    note = TextAreaField("退回意见")
