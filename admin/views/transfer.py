"""Import and export pages: upload → preview with per-row errors → confirm (one transaction)."""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Response, abort, flash, redirect, request, session, url_for
from flask_admin import expose

from admin import entities, transfer, workflow
from admin.audit import record
from admin.context import context, db, published, require_actor
from admin.forms import ActionForm
from admin.views.base import StaffView

MIME = {"csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class TransferView(StaffView):
    @expose("/")
    def index(self) -> str:
        return self.render("admin/isz/transfer.html", entities=entities.ENTITIES.values(), form=ActionForm())

    @expose("/export/<kind>.<fmt>")
    def export(self, kind: str, fmt: str) -> Response:
        entity = entities.ENTITIES.get(kind)
        if entity is None or fmt not in transfer.FORMATS:
            abort(404)
        headers, rows = transfer.export_rows(db(), entity)
        body = transfer.to_csv(headers, rows) if fmt == "csv" else transfer.to_xlsx(headers, rows, entity.label)
        record(db(), require_actor().name, "导出", entity.name, None, f"{len(rows)} 行，{fmt}")
        db().commit()
        filename = f"{entity.name}.{fmt}"
        return Response(body, mimetype=MIME[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @expose("/preview", methods=("POST",))
    def preview(self) -> Any:
        entity = entities.ENTITIES.get(request.form.get("entity", ""))
        upload = request.files.get("file")
        if entity is None or upload is None or not upload.filename:
            flash("请选择内容类型和要导入的文件。", "error")
            return redirect(url_for(".index"))
        content = upload.read()
        try:
            checked = self._plan(entity, upload.filename, content)
        except transfer.FileError as error:
            flash(str(error), "error")
            return redirect(url_for(".index"))
        token = secrets.token_hex(16)
        self._path(token).parent.mkdir(parents=True, exist_ok=True)
        self._path(token).write_bytes(content)
        session["import"] = {"token": token, "entity": entity.name, "filename": upload.filename}
        return self.render("admin/isz/transfer_preview.html", plan=checked, entity=entity, form=ActionForm(),
                           filename=upload.filename)

    @expose("/confirm", methods=("POST",))
    def confirm(self) -> Any:
        if not ActionForm().validate_on_submit():
            abort(400)
        pending = session.pop("import", None)
        if not pending or not self._path(pending["token"]).exists():
            flash("没有待确认的导入，请重新上传文件。", "error")
            return redirect(url_for(".index"))
        path, entity = self._path(pending["token"]), entities.ENTITIES[pending["entity"]]
        user, sess = require_actor(), db()
        try:  # checked again: the content may have changed since the preview
            count = transfer.apply(sess, user, self._plan(entity, pending["filename"], path.read_bytes()))
            record(sess, user.name, "导入", entity.name, None, f"{pending['filename']}：{count} 行")
            sess.commit()
            if user.can_publish:
                published()
        except (transfer.FileError, workflow.WorkflowError) as error:
            sess.rollback()
            flash(f"导入未完成，没有写入任何内容：{error}", "error")
            return redirect(url_for(".index"))
        except Exception:
            sess.rollback()
            raise
        finally:
            path.unlink(missing_ok=True)
        flash(f"已导入 {count} 行。" + ("已发布，助手在2秒内生效。" if user.can_publish else "已作为草稿提交审核。"),
              "success")
        return redirect(url_for(".index"))

    def _plan(self, entity: entities.Entity, filename: str, content: bytes) -> transfer.Plan:
        try:
            return transfer.plan(db(), entity, transfer.parse(entity, transfer.read_table(filename, content)))
        finally:
            db().rollback()  # planning only reads; leave no transaction open

    def _path(self, token: str) -> Path:
        if not token.isalnum():
            abort(400)
        return context().upload_dir / f"{token}.upload"
